import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { compareForRemoval } from "./active-pods-order.js";
import { finishedTime } from "./backoff.js";
import { completionsOf, uncountedPods } from "./counting.js";
import { hasIndex, type Intervals, mergeIntervals, parseIntervals, withIndexes } from "./intervals.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { annotationInt32, completionIndexOf, hasTrackingFinalizer, isPodFailed, isTerminating, jobPodKeys, onlyReplaceFailedPods, unknownIndex } from "./pod-state.js";
import type { SyncContext } from "./sync-context.js";

const sortedUnique = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** The completion indexes of pods (those with one). */
export function indexesOf(pods: readonly Pod[]): Set<number> {
  return new Set(pods.map(completionIndexOf).filter((ix) => ix !== unknownIndex));
}

/** calculateSucceededIndexes: completedIndexes as recorded, and with the succeeded pods not yet counted. */
export function succeededIndexes(job: Job, pods: readonly Pod[]): { prev: Intervals; now: Intervals } {
  const completions = completionsOf(job);
  const prev = parseIntervals(job.status?.completedIndexes, completions);
  const fresh = pods
    .filter((p) => p.status?.phase === "Succeeded" && hasTrackingFinalizer(p))
    .map(completionIndexOf)
    .filter((ix) => ix !== unknownIndex && ix < completions);
  return { prev, now: withIndexes(prev, sortedUnique(fresh)) };
}

/** isIndexFailed: the pod failed its index (a FailIndex rule, or backoffLimitPerIndex reached). */
function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec?.podFailurePolicy) {
    const match = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
    if (match.action === "FailIndex") return true;
    counted = match.countFailed;
  }
  return counted && annotationInt32(pod, jobPodKeys.indexFailureCount) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** calculateFailedIndexes: status.failedIndexes and the indexes failed since. */
export function failedIndexes(job: Job, pods: readonly Pod[]): Intervals {
  const completions = completionsOf(job);
  const prev = parseIntervals(job.status?.failedIndexes, completions);
  const fresh = pods
    .filter((p) => hasTrackingFinalizer(p) && isIndexFailed(job, p))
    .map(completionIndexOf)
    .filter((ix) => ix !== unknownIndex && ix < completions);
  return withIndexes(prev, sortedUnique(fresh));
}

/** Both failure counts a pod carries for its index (failures that count, and ignored ones). */
export function absoluteFailureCount(pod: Pod): number {
  return annotationInt32(pod, jobPodKeys.indexFailureCount) + annotationInt32(pod, jobPodKeys.indexIgnoredFailureCount);
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index with no pod running and not finished, its latest
 * failed pod, whose finalizer stays until the replacement carries its failure count on.
 */
export function podsWithDelayedDeletion(ctx: SyncContext): Map<number, Stored<Pod>> {
  const active = indexesOf(ctx.activePods);
  const result = new Map<number, Stored<Pod>>();
  for (const p of uncountedPods(ctx, { where: (pod) => isPodFailed(pod, ctx.job) })) {
    const ix = completionIndexOf(p);
    if (hasIndex(ctx.succeededIndexes, ix) || hasIndex(ctx.failedIndexes, ix) || active.has(ix)) continue;
    const last = result.get(ix);
    if (!last || (absoluteFailureCount(last) <= absoluteFailureCount(p) && finishedTime(p) >= finishedTime(last))) result.set(ix, p);
  }
  return result;
}

/** getNewIndexFailureCounts: the failure counts a replacement of podBeingReplaced starts from. */
export function newIndexFailureCounts(job: Job, replaced: Pod | undefined): { counted: number; ignored: number } {
  if (!replaced) return { counted: 0, ignored: 0 };
  let counted = annotationInt32(replaced, jobPodKeys.indexFailureCount);
  let ignored = annotationInt32(replaced, jobPodKeys.indexIgnoredFailureCount);
  if (!job.spec?.podFailurePolicy || matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed) counted++;
  else ignored++;
  return { counted, ignored };
}

/**
 * firstPendingIndexes: the lowest `count` indexes below completions that no active pod holds,
 * that have not succeeded or failed, nor (when only failed pods are replaced) are terminating.
 */
export function firstPendingIndexes(ctx: SyncContext, count: number): number[] {
  if (count === 0) return [];
  const completions = completionsOf(ctx.job);
  let nonPending = withIndexes(ctx.succeededIndexes, sortedUnique(indexesOf(ctx.activePods)));
  if (onlyReplaceFailedPods(ctx.job)) nonPending = withIndexes(nonPending, sortedUnique(indexesOf(ctx.pods.filter(isTerminating))));
  if (ctx.failedIndexes) nonPending = mergeIntervals(nonPending, ctx.failedIndexes);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

const byIndex = (a: Pod, b: Pod): number => completionIndexOf(a) - completionIndexOf(b);

/** Pods sorted by completion index (stable), as byCompletionIndex. */
export function sortByIndex<P extends Pod>(pods: readonly P[]): P[] {
  return [...pods].sort(byIndex);
}

/**
 * appendDuplicatedIndexPodsForRemoval: active pods to remove because their index is missing,
 * out of range, or held by another pod too (all but the one to keep).
 */
export function duplicatedIndexPods<P extends Pod>(pods: readonly P[], completions: number): { rm: P[]; left: P[] } {
  const rm: P[] = [];
  const left: P[] = [];
  const groups = new Map<number, P[]>();
  for (const p of sortByIndex(pods)) {
    const ix = completionIndexOf(p);
    if (ix === unknownIndex || ix >= completions) rm.push(p);
    else groups.set(ix, [...(groups.get(ix) ?? []), p]);
  }
  for (const group of groups.values()) {
    const sorted = group.length > 1 ? [...group].sort(compareForRemoval) : group;
    rm.push(...sorted.slice(0, -1));
    left.push(sorted[sorted.length - 1]!);
  }
  return { rm, left };
}
