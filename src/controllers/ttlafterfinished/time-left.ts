import type { Job } from "kubernetes-types/batch/v1.js";

/** What the TTL-after-finished controller does with a Job now. */
export type TtlDecision =
  /** Not finished, no TTL, or being deleted already. */
  | { readonly kind: "none" }
  | { readonly kind: "wait"; readonly ms: number }
  | { readonly kind: "expired" };

/** jobFinishTime: when the Complete or Failed condition became True, or an error text. */
export function finishTime(job: Job): number | string {
  const where = `${job.metadata?.namespace}/${job.metadata?.name}`;
  const c = job.status?.conditions?.find((x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True");
  if (!c) return `unable to find the status of the finished Job ${where}`;
  const at = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : Number.NaN;
  return Number.isNaN(at) ? `unable to find the time when the Job ${where} finished` : at;
}

const isFinished = (job: Job): boolean =>
  (job.status?.conditions ?? []).some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");

/** needsCleanup: a finished Job with spec.ttlSecondsAfterFinished. */
export function needsCleanup(job: Job): boolean {
  return job.spec?.ttlSecondsAfterFinished != null && isFinished(job);
}

/**
 * processTTL: a finished Job with a TTL expires ttlSecondsAfterFinished after it finished (a finish
 * time in the future, from clock skew, only defers it). Throws when the finish time is unknown.
 */
export function decideTtl(job: Job, now: number): TtlDecision {
  if (job.metadata?.deletionTimestamp || !needsCleanup(job)) return { kind: "none" };
  const finished = finishTime(job);
  if (typeof finished === "string") throw new Error(finished);
  const left = finished + job.spec!.ttlSecondsAfterFinished! * 1000 - now;
  return left <= 0 ? { kind: "expired" } : { kind: "wait", ms: left };
}
