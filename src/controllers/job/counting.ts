import type { Job, JobStatus } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { clone, type Stored } from "../../api/object.js";
import { rfc3339 } from "../../util/clock.js";
import { nextBackoffRecord } from "./backoff.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { completionIndexOf, hasTrackingFinalizer, isActive, isPodFailed, isPodReady, isTerminating, unknownIndex } from "./pod-state.js";
import type { Observed, SyncContext } from "./sync-context.js";

export const isIndexed = (job: Job): boolean => job.spec?.completionMode === "Indexed";
export const isSuspended = (job: Job): boolean => job.spec?.suspend === true;
export const hasBackoffLimitPerIndex = (job: Job): boolean => job.spec?.backoffLimitPerIndex != null;

/** spec.completions, for the Indexed Jobs that always have it. */
export const completionsOf = (job: Job): number => job.spec?.completions ?? 0;

/**
 * getValidPodsWithFilter: pods not yet counted (tracking finalizer on, not uncounted, not being
 * freed) and, for Indexed Jobs, with an index below completions, that pass the filter.
 */
export function uncountedPods(ctx: Pick<SyncContext, "job" | "pods" | "expectedRemovedFinalizers">, options: { skip?: ReadonlySet<string>; where: (p: Stored<Pod>) => boolean }): Stored<Pod>[] {
  const indexed = isIndexed(ctx.job);
  const completions = completionsOf(ctx.job);
  return ctx.pods.filter((p) => {
    const uid = p.metadata.uid;
    if (!hasTrackingFinalizer(p) || options.skip?.has(uid) || ctx.expectedRemovedFinalizers.has(uid)) return false;
    if (indexed) {
      const ix = completionIndexOf(p);
      if (ix === unknownIndex || ix >= completions) return false;
    }
    return options.where(p);
  });
}

/** nonIgnoredFailedPodsCount: failed pods that an Ignore rule of the pod failure policy does not excuse. */
export function countedFailures(job: Job, failed: readonly Pod[]): number {
  const policy = job.spec?.podFailurePolicy;
  if (!policy) return failed.length;
  return failed.filter((p) => matchPodFailurePolicy(policy, p).countFailed).length;
}

/** The start of syncJob: the pods sorted into active, ready, terminating, newly finished, and the counts. */
export function countJob(observed: Observed, now: number): SyncContext {
  const job = clone(observed.job) as Stored<Job> & { status: JobStatus };
  job.status ??= {};
  job.status.uncountedTerminatedPods ??= {};
  const uncountedStatus = job.status.uncountedTerminatedPods;
  const activePods = observed.pods.filter(isActive);
  const uncounted = { succeeded: new Set(uncountedStatus.succeeded ?? []), failed: new Set(uncountedStatus.failed ?? []) };
  const base = { job, pods: observed.pods, expectedRemovedFinalizers: observed.expectedRemovedFinalizers };
  const newSucceeded = uncountedPods(base, { skip: uncounted.succeeded, where: (p) => p.status?.phase === "Succeeded" });
  const newFailed = uncountedPods(base, { skip: uncounted.failed, where: (p) => isPodFailed(p, job) });
  if (!job.status.startTime && !isSuspended(job)) job.status.startTime = rfc3339(now);
  return {
    ...base,
    activePods,
    expectationsSatisfied: observed.expectationsSatisfied,
    uncounted,
    ready: activePods.filter(isPodReady).length,
    terminating: observed.pods.filter(isTerminating).length,
    succeeded: (job.status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
    failed: (job.status.failed ?? 0) + countedFailures(job, newFailed) + uncounted.failed.size,
    newBackoff: nextBackoffRecord(observed.backoff, { succeeded: newSucceeded, failed: newFailed }),
    prevSucceededIndexes: [],
    succeededIndexes: [],
    podsWithDelayedDeletion: new Map(),
  };
}
