import type { Pod } from "kubernetes-types/core/v1.js";
import { isPodReady, timeMs } from "./pod-state.js";

const phaseOrdinal: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

function readyTime(pod: Pod): number | undefined {
  return timeMs(pod.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True")?.lastTransitionTime);
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/** afterOrZero: an unset time first, then the later one. */
function laterFirst(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : -1) : 1;
  return b - a;
}

/**
 * controller.ActivePods' order, the pods to delete first first: unscheduled before scheduled,
 * Pending before Unknown before Running, not ready before ready, ready more recently first, more
 * restarts first, newer first.
 */
export function compareForRemoval(a: Pod, b: Pod): number {
  const nodeA = a.spec?.nodeName ?? "";
  const nodeB = b.spec?.nodeName ?? "";
  if (nodeA !== nodeB && (nodeA === "" || nodeB === "")) return nodeA === "" ? -1 : 1;
  const phaseA = phaseOrdinal[a.status?.phase ?? ""] ?? 0;
  const phaseB = phaseOrdinal[b.status?.phase ?? ""] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a);
  if (readyA !== isPodReady(b)) return readyA ? 1 : -1;
  if (readyA) {
    const byReady = laterFirst(readyTime(a), readyTime(b));
    if (byReady !== 0) return byReady;
  }
  const restarts = maxRestarts(b) - maxRestarts(a);
  if (restarts !== 0) return restarts;
  return laterFirst(timeMs(a.metadata?.creationTimestamp), timeMs(b.metadata?.creationTimestamp));
}
