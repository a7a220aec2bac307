import type { Job, JobCondition } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { completionsOf, hasBackoffLimitPerIndex, isIndexed, isSuspended } from "./counting.js";
import { type ConditionSpec, findCondition, finishReasons, newCondition, podFailurePolicyReason, successPolicyReason } from "./conditions.js";
import { failedIndexes, podsWithDelayedDeletion, succeededIndexes } from "./indexed.js";
import { totalIndexes } from "./intervals.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { isPodFailed, timeMs } from "./pod-state.js";
import { requeueAfter, type SyncContext } from "./sync-context.js";
import { matchSuccessPolicy } from "./success-policy.js";

/** The interim condition of a failure (v1.32 sets FailureTarget first, Failed once pods are gone). */
const failureTarget = (what: { reason: string; message: string }): ConditionSpec => ({ type: "FailureTarget", ...what });

/** getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  const policy = job.spec?.podFailurePolicy;
  if (!policy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const message = matchPodFailurePolicy(policy, p).failJobMessage;
    if (message !== undefined) return message;
  }
  return undefined;
}

/**
 * pastBackoffLimitOnFailure: under restartPolicy OnFailure, container restarts of pending and
 * running pods count as failures: the Job fails once they reach backoffLimit (any, at 0).
 */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== "Running" && p.status?.phase !== "Pending") continue;
    for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Milliseconds the Job may still be active, or undefined without a deadline (or while suspended). */
function deadlineLeftMs(job: Job, now: number): number | undefined {
  const seconds = job.spec?.activeDeadlineSeconds;
  const start = timeMs(job.status?.startTime);
  if (seconds == null || start === undefined || isSuspended(job)) return undefined;
  return seconds * 1000 - (now - start);
}

/** A SuccessCriteriaMet=True condition the Job already has: its success is decided. */
function successCriteriaMet(job: Job): JobCondition | undefined {
  const c = findCondition(job.status?.conditions, "SuccessCriteriaMet");
  return c?.status === "True" ? c : undefined;
}

/** The failure decisions of syncJob before the pods are managed: failure policy, back-off limit, deadline. */
function decideFailure(ctx: SyncContext, now: number): JobCondition | undefined {
  const { job } = ctx;
  const target = findCondition(job.status.conditions, "FailureTarget");
  if (target?.status === "True") return newCondition({ type: "Failed", reason: target.reason ?? "", message: target.message ?? "" }, now);
  const message = failJobMessage(job, ctx.pods);
  if (message !== undefined) return newCondition(failureTarget({ reason: podFailurePolicyReason, message }), now);
  if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, ctx.pods)) {
    return newCondition(failureTarget(finishReasons.backoffLimitExceeded), now);
  }
  const left = deadlineLeftMs(job, now);
  if (left !== undefined && left <= 0) return newCondition(failureTarget(finishReasons.deadlineExceeded), now);
  if (left !== undefined) requeueAfter(ctx, left);
  return undefined;
}

/** The Indexed-Job decisions: failed indexes against maxFailedIndexes, then the success policy. */
function decideIndexed(ctx: SyncContext, now: number): void {
  const { job } = ctx;
  const completions = completionsOf(job);
  const indexes = succeededIndexes(job, ctx.pods);
  ctx.prevSucceededIndexes = indexes.prev;
  ctx.succeededIndexes = indexes.now;
  ctx.succeeded = totalIndexes(indexes.now);
  if (hasBackoffLimitPerIndex(job)) {
    ctx.failedIndexes = failedIndexes(job, ctx.pods);
    const failed = totalIndexes(ctx.failedIndexes);
    const max = job.spec?.maxFailedIndexes;
    if (!ctx.finishedCondition && max != null && failed > max) {
      ctx.finishedCondition = newCondition(failureTarget(finishReasons.maxFailedIndexesExceeded), now);
    } else if (!ctx.finishedCondition && failed > 0 && failed + ctx.succeeded >= completions) {
      ctx.finishedCondition = newCondition(failureTarget(finishReasons.failedIndexes), now);
    }
    ctx.podsWithDelayedDeletion = podsWithDelayedDeletion(ctx);
  }
  if (ctx.finishedCondition) return;
  const message = matchSuccessPolicy(job.spec?.successPolicy, { completions, succeeded: ctx.succeededIndexes });
  if (message !== undefined) ctx.finishedCondition = newCondition({ type: "SuccessCriteriaMet", reason: successPolicyReason, message }, now);
}

/** Everything syncJob decides about the Job's end before it manages pods. */
export function decideFinish(ctx: SyncContext, now: number): void {
  ctx.finishedCondition = successCriteriaMet(ctx.job) ?? decideFailure(ctx, now);
  if (isIndexed(ctx.job)) decideIndexed(ctx, now);
}
