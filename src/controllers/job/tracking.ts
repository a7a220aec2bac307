import type { JobCondition, JobStatus } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { completionsOf, hasBackoffLimitPerIndex, isIndexed } from "./counting.js";
import { ensureConditionStatus, findCondition, newCondition } from "./conditions.js";
import { sortByIndex } from "./indexed.js";
import { formatIntervals, hasIndex, withIndexes } from "./intervals.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { completionIndexOf, hasTrackingFinalizer, isPodFailed, unknownIndex } from "./pod-state.js";
import type { SyncContext } from "./sync-context.js";

/** MaxUncountedPods: keeps uncountedTerminatedPods under ~20 KB and one sync from starving others. */
export const maxUncountedPods = 500;

/** What trackJobStatusAndRemoveFinalizers decided before writing anything. */
export interface TrackingPlan {
  /** ctx.job.status holds changes to write before any finalizer goes (uncounted pods, an interim condition). */
  readonly needsFlush: boolean;
  /** Pods to free of the tracking finalizer once that status is written. */
  readonly podsToRemoveFinalizer: readonly Stored<Pod>[];
  /** UIDs of the pods still holding the finalizer (those being freed included). */
  readonly uidsWithFinalizer: Set<string>;
  /** Stopped at maxUncountedPods: the Job may not be declared finished in this sync. */
  readonly reachedMaxUncounted: boolean;
  /** The terminal condition to set once every pod is counted (Failed or Complete), if any. */
  readonly finishedCondition?: JobCondition;
}

const isSuccessCriteriaMet = (c: JobCondition | undefined): boolean => c?.type === "SuccessCriteriaMet" && c.status === "True";

/**
 * cleanUncountedPodsWithoutFinalizers: uncounted pods no longer holding the finalizer are
 * counted in succeeded or failed and leave the uncounted lists. Returns whether status changed.
 */
export function countFreedPods(status: JobStatus, uidsWithFinalizer: ReadonlySet<string>): boolean {
  const uncounted = (status.uncountedTerminatedPods ??= {});
  let changed = false;
  for (const kind of ["succeeded", "failed"] as const) {
    const before = uncounted[kind] ?? [];
    const kept = before.filter((uid) => uidsWithFinalizer.has(uid));
    if (kept.length === before.length) continue;
    changed = true;
    status[kind] = (status[kind] ?? 0) + before.length - kept.length;
    if (kept.length > 0) uncounted[kind] = kept;
    else delete uncounted[kind];
  }
  return changed;
}

/**
 * canRemoveFinalizer: when the Job is being deleted or ends, the pod succeeded, or it failed
 * (unless its index keeps it until the replacement carries its failure count).
 */
function canRemoveFinalizer(ctx: SyncContext, pod: Stored<Pod>, consideredFailed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp || ctx.finishedCondition || pod.status?.phase === "Succeeded") return true;
  if (!consideredFailed) return false;
  if (hasBackoffLimitPerIndex(ctx.job)) {
    const ix = completionIndexOf(pod);
    if (ix !== unknownIndex && ctx.podsWithDelayedDeletion.get(ix)?.metadata.uid === pod.metadata.uid) return false;
  }
  return true;
}

/** The pod's contribution to the uncounted lists: "succeeded", "failed", "index" (Indexed successes) or nothing. */
function contribution(ctx: SyncContext, pod: Stored<Pod>, consideredFailed: boolean): "succeeded" | "failed" | "index" | undefined {
  const { job, uncounted } = ctx;
  const uid = pod.metadata.uid;
  const ix = completionIndexOf(pod);
  const validIndex = ix !== unknownIndex && ix < completionsOf(job);
  if (pod.status?.phase === "Succeeded" && !uncounted.failed.has(uid)) {
    if (isIndexed(job)) return validIndex && !hasIndex(ctx.prevSucceededIndexes, ix) ? "index" : undefined;
    return uncounted.succeeded.has(uid) ? undefined : "succeeded";
  }
  // Once the Job fails, every pod not finished counts as failed.
  const failing = ctx.finishedCondition !== undefined && !isSuccessCriteriaMet(ctx.finishedCondition);
  if (!consideredFailed && !failing) return undefined;
  if (uncounted.failed.has(uid) || (isIndexed(job) && !validIndex)) return undefined;
  const policy = job.spec?.podFailurePolicy;
  return !policy || matchPodFailurePolicy(policy, pod).countFailed ? "failed" : undefined;
}

/** Swaps an interim condition for its terminal one, adding the interim one to the status first. */
function interimToTerminal(ctx: SyncContext, now: number): { condition?: JobCondition; changed: boolean } {
  const finished = ctx.finishedCondition;
  const status = ctx.job.status;
  const terminal = (type: "Failed" | "Complete", c: JobCondition): JobCondition => newCondition({ type, reason: c.reason ?? "", message: c.message ?? "" }, now);
  if (finished?.type === "FailureTarget") {
    status.conditions = [...(status.conditions ?? []), finished];
    return { condition: terminal("Failed", finished), changed: true };
  }
  if (isSuccessCriteriaMet(finished)) {
    const has = findCondition(status.conditions, "SuccessCriteriaMet")?.status === "True";
    if (!has) status.conditions = [...(status.conditions ?? []), finished!];
    return { condition: terminal("Complete", finished!), changed: !has };
  }
  return finished ? { condition: finished, changed: false } : { changed: false };
}

/**
 * The deciding half of trackJobStatusAndRemoveFinalizers: finished pods join
 * uncountedTerminatedPods (Indexed successes: completedIndexes) and are to be freed of the
 * tracking finalizer once that is written; pods freed earlier are counted now.
 */
export function planTracking(ctx: SyncContext, input: { needsFlush: boolean; now: number }): TrackingPlan {
  const { job, expectedRemovedFinalizers } = ctx;
  const indexed = isIndexed(job);
  const pods = indexed ? sortByIndex(ctx.pods) : ctx.pods;
  const held = (p: Stored<Pod>): boolean => hasTrackingFinalizer(p) && !expectedRemovedFinalizers.has(p.metadata.uid);
  const uidsWithFinalizer = new Set(pods.filter(held).map((p) => p.metadata.uid));
  let needsFlush = countFreedPods(job.status, uidsWithFinalizer) || input.needsFlush;
  const uncounted = (job.status.uncountedTerminatedPods ??= {});
  const podsToRemoveFinalizer: Stored<Pod>[] = [];
  const newIndexes: number[] = [];
  let reachedMaxUncounted = false;
  for (const pod of pods) {
    if (!held(pod)) continue;
    const consideredFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, consideredFailed)) continue;
    podsToRemoveFinalizer.push(pod);
    const kind = contribution(ctx, pod, consideredFailed);
    if (kind === "index") newIndexes.push(completionIndexOf(pod));
    else if (kind) (uncounted[kind] ??= []).push(pod.metadata.uid);
    if (kind) needsFlush = true;
    if (newIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= maxUncountedPods) {
      reachedMaxUncounted = true;
      break;
    }
  }
  if (indexed) needsFlush = recordIndexes(ctx, newIndexes) || needsFlush;
  const swap = interimToTerminal(ctx, input.now);
  const plan = { needsFlush: needsFlush || swap.changed, podsToRemoveFinalizer, uidsWithFinalizer, reachedMaxUncounted };
  return swap.condition ? { ...plan, finishedCondition: swap.condition } : plan;
}

/** completedIndexes, succeeded and failedIndexes of an Indexed Job; whether they changed. */
function recordIndexes(ctx: SyncContext, newIndexes: readonly number[]): boolean {
  const status = ctx.job.status;
  ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, newIndexes);
  const completed = formatIntervals(ctx.succeededIndexes);
  let changed = completed !== (status.completedIndexes ?? "");
  status.succeeded = ctx.succeededIndexes.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
  status.completedIndexes = completed;
  const failed = ctx.failedIndexes ? formatIntervals(ctx.failedIndexes) : undefined;
  if (failed !== (status.failedIndexes ?? undefined)) {
    if (failed === undefined) delete status.failedIndexes;
    else status.failedIndexes = failed;
    changed = true;
  }
  return changed;
}

/**
 * enactJobFinished: sets the terminal condition (and completionTime) once no pod is left
 * uncounted or terminating. Returns whether the Job is now finished.
 */
export function enactFinished(ctx: SyncContext, finished: JobCondition | undefined, now: number): boolean {
  if (!finished) return false;
  const status = ctx.job.status;
  const u = status.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if ((status.terminating ?? 0) > 0) return false;
  const type = finished.type as "Complete" | "Failed";
  status.conditions = ensureConditionStatus(status.conditions ?? [], { type, status: "True", reason: finished.reason ?? "", message: finished.message ?? "" }, now).conditions;
  if (type === "Complete") status.completionTime = finished.lastTransitionTime!;
  return true;
}
