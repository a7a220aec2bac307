import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";

/** batch.JobTrackingFinalizer: a pod keeps it until the Job has counted it in its status. */
export const trackingFinalizer = "batch.kubernetes.io/job-tracking";

/** Pod annotations and labels the Job controller writes (batch.JobCompletionIndexAnnotation and friends). */
export const jobPodKeys = {
  completionIndex: "batch.kubernetes.io/job-completion-index",
  indexFailureCount: "batch.kubernetes.io/job-index-failure-count",
  indexIgnoredFailureCount: "batch.kubernetes.io/job-index-ignored-failure-count",
} as const;

/** upstream's unknownCompletionIndex. */
export const unknownIndex = -1;

export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** controller.FilterActivePods: neither finished nor being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

/** controller.FilterTerminatingPods: being deleted and not yet finished. */
export function isTerminating(pod: Pod): boolean {
  return !isTerminal(pod) && !!pod.metadata?.deletionTimestamp;
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata?.finalizers?.includes(trackingFinalizer) ?? false;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/**
 * onlyReplaceFailedPods: a replacement waits for the old pod to be Failed, not just deleted
 * (podReplacementPolicy Failed, always the case with a pod failure policy).
 */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === "Failed" || job.spec?.podFailurePolicy != null;
}

/**
 * upstream's isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it
 * succeeded, which counts orphans that never reach the Failed phase.
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === "Failed") return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== "Succeeded";
}

/** getCompletionIndex: the annotation as a non-negative integer, or unknownIndex. */
export function completionIndexOf(pod: Pod): number {
  const v = pod.metadata?.annotations?.[jobPodKeys.completionIndex];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return unknownIndex;
  const n = Number(v);
  return n < 0 || !Number.isSafeInteger(n) ? unknownIndex : n;
}

/** parseInt32 of an annotation: 0 when absent, unparsable, negative or beyond int32. */
export function annotationInt32(pod: Pod, key: string): number {
  const v = pod.metadata?.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2 ** 31 - 1 ? 0 : n;
}

/** Milliseconds of an RFC 3339 time, or undefined. */
export function timeMs(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}
