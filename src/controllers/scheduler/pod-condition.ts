import type { PodCondition, PodStatus } from "kubernetes-types/core/v1.js";

/** The PodScheduled condition a failed attempt writes: reason Unschedulable or SchedulerError. */
export interface ScheduledCondition {
  readonly reason: "Unschedulable" | "SchedulerError";
  readonly message: string;
}

/**
 * upstream's UpdatePodCondition for {PodScheduled, False}: the transition time moves only when
 * the status changes. Returns the new status, or undefined when nothing would change (no write).
 */
export function withUnscheduledCondition(status: PodStatus | undefined, c: ScheduledCondition, now: string): PodStatus | undefined {
  const conditions = [...(status?.conditions ?? [])];
  const i = conditions.findIndex((x) => x.type === "PodScheduled");
  const old = i >= 0 ? conditions[i] : undefined;
  const next: PodCondition = {
    type: "PodScheduled",
    status: "False",
    lastTransitionTime: old?.status === "False" && old.lastTransitionTime ? old.lastTransitionTime : now,
    reason: c.reason,
    message: c.message,
  };
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message && old.lastProbeTime === undefined) {
    return undefined;
  }
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  return { ...status, conditions };
}
