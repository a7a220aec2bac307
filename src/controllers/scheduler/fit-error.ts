import type { NodeStatus } from "./node-status.js";

/** upstream's ErrNoNodesAvailable: no nodes at all (a SchedulerError, not a fit failure). */
export const noNodesAvailableMessage = "no nodes available to schedule pods";

/** How each node (of numAllNodes) failed, or the prefilter message that failed them all. */
export interface FitDiagnosis {
  readonly numAllNodes: number;
  /** A PreFilter rejection: it stands for every node, so per-node reasons are not listed. */
  readonly preFilterMessage?: string;
  readonly statuses: readonly NodeStatus[];
  /** What PostFilter (preemption) said, "preemption: …". */
  readonly postFilterMessage?: string;
}

/** "N reason" per distinct reason, sorted as Go's sort.Strings sorts them (byte order). */
export function reasonHistogram(statuses: readonly NodeStatus[]): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * FitError.Error(): "0/N nodes are available: <prefilter or per-node reasons>. <postfilter>."
 * Each part is appended as " %v." — which is why a postfilter message that already ends in a
 * period shows two, as on every real cluster.
 */
export function fitErrorMessage(d: FitDiagnosis): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterMessage) msg += ` ${d.preFilterMessage}.`;
  else {
    const histogram = reasonHistogram(d.statuses);
    if (histogram.length > 0) msg += ` ${histogram.join(", ")}.`;
  }
  if (d.postFilterMessage) msg += ` ${d.postFilterMessage}.`;
  return msg;
}

/** Events and conditions carry at most 1024 bytes of message (truncateMessage). */
export function truncateMessage(message: string): string {
  const max = 1024;
  if (message.length <= max) return message;
  const suffix = " ...";
  return message.slice(0, max - suffix.length) + suffix;
}
