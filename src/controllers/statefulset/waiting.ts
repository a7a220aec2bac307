import type { StatefulSetCondition } from "kubernetes-types/apps/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";
import { notReadyReason } from "./pod-state.js";

/**
 * Beyond upstream: the condition saying what a StatefulSet waits for. True while the next step
 * (creating, deleting or updating a pod) is held by another pod; False once nothing is held.
 */
export const waitingCondition = "Waiting";

/** What is held: the reason of the condition and of the event. */
export type WaitingReason = "CreationHeld" | "ScaleDownHeld" | "RollingUpdateHeld";

export interface Waiting {
  readonly reason: WaitingReason;
  /** Names the pod waited for and why: "waiting for web-1 to be Running and Ready before creating web-2". */
  readonly message: string;
}

/** Why a pod holds the next step back, as a phrase after its name. */
export type Hold = "notReady" | "notAvailable" | "terminating" | "ended";

export function holdOf(hold: Hold, of: { pod: Pod; minReadySeconds: number }): string {
  const { pod, minReadySeconds } = of;
  switch (hold) {
    case "notReady":
      return `is not Ready (${notReadyReason(pod)})`;
    case "notAvailable":
      return `is not available yet (minReadySeconds: ${minReadySeconds})`;
    case "terminating":
      return "is Terminating";
    case "ended":
      return `has ended (${pod.status?.phase}) and is being replaced`;
  }
}

/** "to be Running and Ready", "to terminate"…: what the pod must do first. */
export function untilOf(hold: Hold, minReadySeconds: number): string {
  switch (hold) {
    case "notReady":
      return "to be Running and Ready";
    case "notAvailable":
      return `to be available (Ready for minReadySeconds: ${minReadySeconds})`;
    case "terminating":
      return "to terminate";
    case "ended":
      return "to be replaced";
  }
}

/**
 * The set's conditions with the Waiting condition brought in line: added when first held, its
 * lastTransitionTime moved only when its status changes.
 */
export function withWaitingCondition(
  conditions: readonly StatefulSetCondition[] | undefined,
  at: { waiting: Waiting | undefined; now: number },
): StatefulSetCondition[] | undefined {
  const { waiting, now } = at;
  const existing = conditions?.find((c) => c.type === waitingCondition);
  if (!waiting && !existing) return conditions ? [...conditions] : undefined;
  const status = waiting ? "True" : "False";
  const next: StatefulSetCondition = {
    type: waitingCondition,
    status,
    lastTransitionTime: existing?.status === status && existing.lastTransitionTime ? existing.lastTransitionTime : rfc3339(now),
    reason: waiting?.reason ?? "NotWaiting",
    message: waiting?.message ?? "",
  };
  const others = (conditions ?? []).filter((c) => c.type !== waitingCondition);
  return [...others, next];
}

/** The Waiting condition as the set shows it now, if held. */
export function currentWaiting(conditions: readonly StatefulSetCondition[] | undefined): Waiting | undefined {
  const c = conditions?.find((x) => x.type === waitingCondition);
  if (c?.status !== "True") return undefined;
  return { reason: c.reason as WaitingReason, message: c.message ?? "" };
}
