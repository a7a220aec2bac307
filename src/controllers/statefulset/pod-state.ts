import type { Pod, PodCondition } from "kubernetes-types/core/v1.js";
import { summarizePod } from "../../api/core/pod-status-reason.js";
import { revisionLabel } from "./ordinals.js";

/** Pod predicates of upstream's stateful_set_utils.go, over pods that may not exist yet. */

/** Created and maintained by the API server: a pod the plan only intends to create has no phase. */
export function isCreated(pod: Pod): boolean {
  return (pod.status?.phase ?? "") !== "";
}

export function isPending(pod: Pod): boolean {
  return pod.status?.phase === "Pending";
}

/** Failed or Succeeded: a pod of a set is never meant to end, so either way it is replaced. */
export function hasEnded(pod: Pod): boolean {
  return pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded";
}

export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp;
}

function readyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === "Running" && readyCondition(pod)?.status === "True";
}

/** When a Ready pod becomes available (ms), or undefined when it is not Ready. */
export function availableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== "True") return undefined;
  if (minReadySeconds <= 0) return Number.NEGATIVE_INFINITY;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : Number.NaN;
  return Number.isNaN(since) ? undefined : since + minReadySeconds * 1000;
}

/** upstream's podutil.IsPodAvailable: Ready for longer than minReadySeconds (strictly). */
export function isAvailable(pod: Pod, at: { minReadySeconds: number; now: number }): boolean {
  const when = availableAt(pod, at.minReadySeconds);
  return when !== undefined && (at.minReadySeconds <= 0 || when < at.now);
}

/** Running, Ready and not being deleted. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** upstream's isUnavailable: not healthy, or not yet Ready for minReadySeconds. */
export function isUnavailable(pod: Pod, at: { minReadySeconds: number; now: number }): boolean {
  return !isHealthy(pod) || !isAvailable(pod, at);
}

export function podRevision(pod: Pod): string {
  return pod.metadata?.labels?.[revisionLabel] ?? "";
}

/**
 * Why a pod is not Ready, in the words `kubectl get pods` uses for its STATUS column
 * (CrashLoopBackOff, ContainerCreating, Pending, Terminating…); "not created yet" for a pod the
 * plan still has to create, "Running" for a running pod whose readiness check has not passed.
 */
export function notReadyReason(pod: Pod): string {
  if (!isCreated(pod)) return "not created yet";
  return summarizePod(pod).reason || "Unknown";
}
