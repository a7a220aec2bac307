import type { Job, JobCondition } from "kubernetes-types/batch/v1.js";
import { rfc3339 } from "../../util/clock.js";

export type JobConditionType = "Complete" | "Failed" | "Suspended" | "FailureTarget" | "SuccessCriteriaMet";

/** A condition to set: its type, and the reason and message upstream gives it. */
export interface ConditionSpec {
  readonly type: JobConditionType;
  readonly reason: string;
  readonly message: string;
}

/** Reasons and messages of the terminal conditions, as upstream words them. */
export const finishReasons = {
  backoffLimitExceeded: { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" },
  deadlineExceeded: { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" },
  maxFailedIndexesExceeded: { reason: "MaxFailedIndexesExceeded", message: "Job has exceeded the specified maximal number of failed indexes" },
  failedIndexes: { reason: "FailedIndexes", message: "Job has failed indexes" },
  completionsReached: { reason: "CompletionsReached", message: "Reached expected number of succeeded pods" },
} as const;

export const podFailurePolicyReason = "PodFailurePolicy";
export const successPolicyReason = "SuccessPolicy";

/** newCondition: status True unless the spec says False, probe and transition times now. */
export function newCondition(spec: ConditionSpec & { status?: "True" | "False" }, now: number): JobCondition {
  const t = rfc3339(now);
  return { type: spec.type, status: spec.status ?? "True", lastProbeTime: t, lastTransitionTime: t, reason: spec.reason, message: spec.message };
}

export function findCondition(conditions: readonly JobCondition[] | undefined, type: JobConditionType): JobCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** util.IsJobFinished: a Complete or Failed condition is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
}

/**
 * ensureJobConditionStatus: sets the condition of that type to this status, reason and message
 * (a new transition time only when one of them changes); a False condition is never added
 * where none of its type exists. Returns the new list and whether it changed.
 */
export function ensureConditionStatus(
  conditions: readonly JobCondition[],
  spec: ConditionSpec & { status: "True" | "False" },
  now: number,
): { conditions: JobCondition[]; changed: boolean } {
  const i = conditions.findIndex((c) => c.type === spec.type);
  if (i >= 0) {
    const c = conditions[i]!;
    if (c.status === spec.status && (c.reason ?? "") === spec.reason && (c.message ?? "") === spec.message) return { conditions: [...conditions], changed: false };
    const next = [...conditions];
    next[i] = newCondition(spec, now);
    return { conditions: next, changed: true };
  }
  if (spec.status === "False") return { conditions: [...conditions], changed: false };
  return { conditions: [...conditions, newCondition(spec, now)], changed: true };
}
