import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { compareForRemoval } from "./active-pods-order.js";
import { remainingBackoffMs } from "./backoff.js";
import { completionsOf, hasBackoffLimitPerIndex, isIndexed, isSuspended } from "./counting.js";
import { absoluteFailureCount, duplicatedIndexPods, firstPendingIndexes, newIndexFailureCounts } from "./indexed.js";
import { onlyReplaceFailedPods } from "./pod-state.js";
import { finishedTime } from "./backoff.js";
import { newPod, podTemplateFor } from "./pod-template.js";
import type { SyncContext } from "./sync-context.js";

/** MaxPodCreateDeletePerSync. */
export const maxPodsPerSync = 500;

/** What manageJob does to a Job's pods in one sync: at most one kind of change. */
export type ManagePlan =
  | { readonly kind: "none" }
  /** Too many active pods (or suspended): free them of the tracking finalizer, then delete them. */
  | { readonly kind: "delete"; readonly pods: readonly Stored<Pod>[] }
  | { readonly kind: "create"; readonly pods: readonly Pod[] }
  /** Pods are missing but failures hold their replacement back: look again after delayMs. */
  | { readonly kind: "backoff"; readonly delayMs: number };

/** activePodsForRemoval: duplicated or stray indexes first, then the first pods in removal order. */
export function activePodsForRemoval<P extends Pod>(job: Job, pods: readonly P[], atLeast: number): P[] {
  const { rm, left } = isIndexed(job) ? duplicatedIndexPods(pods, completionsOf(job)) : { rm: [] as P[], left: [...pods] };
  if (rm.length < atLeast) rm.push(...[...left].sort(compareForRemoval).slice(0, atLeast - rm.length));
  return rm;
}

/** The number of pods that should be active (manageJob's wantActive). */
function wantActive(ctx: SyncContext): number {
  const parallelism = ctx.job.spec?.parallelism ?? 1;
  const completions = ctx.job.spec?.completions;
  // Work-queue mode: once one pod succeeded, the rest are left to finish.
  if (completions == null) return ctx.succeeded > 0 ? ctx.activePods.length : parallelism;
  return Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
}

/**
 * getRemainingTimePerIndex for each index to start: those free to start now, or else the
 * shortest wait among them.
 */
function indexesFreeToStart(ctx: SyncContext, input: { indexes: readonly number[]; now: number }): { indexes: number[]; waitMs: number } {
  const { indexes, now } = input;
  const free: number[] = [];
  let minWait: number | undefined;
  for (const ix of indexes) {
    const last = ctx.podsWithDelayedDeletion.get(ix);
    const wait = last ? remainingBackoffMs({ failuresAfterLastSuccess: absoluteFailureCount(last) + 1, lastFailureTime: finishedTime(last) }, now) : 0;
    if (wait === 0) free.push(ix);
    else if (minWait === undefined || wait < minWait) minWait = wait;
  }
  return { indexes: free, waitMs: free.length > 0 ? 0 : (minWait ?? 0) };
}

function podsToCreate(ctx: SyncContext, count: number, now: number): ManagePlan {
  const { job } = ctx;
  const template = podTemplateFor(job);
  if (!isIndexed(job)) return { kind: "create", pods: Array.from({ length: count }, () => newPod(job, template)) };
  let indexes = firstPendingIndexes(ctx, count);
  if (hasBackoffLimitPerIndex(job)) {
    const free = indexesFreeToStart(ctx, { indexes, now });
    if (free.waitMs > 0) return { kind: "backoff", delayMs: free.waitMs };
    indexes = free.indexes;
  }
  const pods = indexes.map((index) =>
    newPod(job, template, hasBackoffLimitPerIndex(job) ? { index, failureCounts: newIndexFailureCounts(job, ctx.podsWithDelayedDeletion.get(index)) } : { index }),
  );
  return pods.length === 0 ? { kind: "none" } : { kind: "create", pods };
}

/**
 * manageJob's decision: under suspension delete every active pod; else delete the surplus over
 * what should run, or create what is missing unless the failure back-off holds it back. Deletion
 * wins over creation in one sync.
 */
export function planManage(ctx: SyncContext, now: number): ManagePlan {
  const { job, activePods } = ctx;
  const active = activePods.length;
  if (isSuspended(job)) {
    const pods = activePodsForRemoval(job, activePods, active);
    return pods.length > 0 ? { kind: "delete", pods } : { kind: "none" };
  }
  const want = wantActive(ctx);
  const surplus = activePodsForRemoval(job, activePods, Math.max(0, active - want)).slice(0, maxPodsPerSync);
  if (surplus.length > 0) return { kind: "delete", pods: surplus };
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  const missing = Math.min(want - terminating - active, maxPodsPerSync);
  if (missing <= 0) return { kind: "none" };
  if (!hasBackoffLimitPerIndex(job)) {
    const waitMs = remainingBackoffMs(ctx.newBackoff, now);
    if (waitMs > 0) return { kind: "backoff", delayMs: waitMs };
  }
  return podsToCreate(ctx, missing, now);
}
