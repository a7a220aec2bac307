import type { Job, JobCondition, JobStatus } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import type { BackoffRecord } from "./backoff.js";
import type { Intervals } from "./intervals.js";

/** What one sync of a Job starts from: the caches and the controller's own memory. */
export interface Observed {
  readonly job: Stored<Job>;
  /**
   * The pods the Job controls (adoption and release settled). Finished pods already counted (no
   * tracking finalizer) may be left out: nothing in a sync looks at them.
   */
  readonly pods: readonly Stored<Pod>[];
  /** No pod creation or deletion of this Job is still waiting to be seen in the cache. */
  readonly expectationsSatisfied: boolean;
  /** UIDs of pods whose tracking finalizer this controller removed and has not yet seen removed. */
  readonly expectedRemovedFinalizers: ReadonlySet<string>;
  /** The Job's pod failure back-off so far (kept in memory). */
  readonly backoff: BackoffRecord;
}

/** upstream's syncJobCtx: the counts and decisions one sync builds up. */
export interface SyncContext {
  /** The Job with the status being built (a private copy). */
  job: Stored<Job> & { status: JobStatus };
  readonly pods: readonly Stored<Pod>[];
  readonly activePods: readonly Stored<Pod>[];
  readonly expectationsSatisfied: boolean;
  readonly expectedRemovedFinalizers: ReadonlySet<string>;
  readonly uncounted: { readonly succeeded: ReadonlySet<string>; readonly failed: ReadonlySet<string> };
  /** Pods with phase Ready among the active ones. */
  ready: number;
  /** Pods being deleted that have not finished (status.terminating). */
  terminating: number;
  /** Succeeded pods: counted, uncounted and newly finished (for Indexed Jobs: succeeded indexes). */
  succeeded: number;
  /** Failed pods that count: counted, uncounted and newly failed. */
  failed: number;
  readonly newBackoff: BackoffRecord;
  /** Set when the Job is to fail or to succeed (interim conditions first, then the terminal one). */
  finishedCondition?: JobCondition;
  /** Indexed Jobs: completedIndexes as recorded, and with this sync's successes. */
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  /** Indexed Jobs with backoffLimitPerIndex: the failed indexes. */
  failedIndexes?: Intervals;
  /** backoffLimitPerIndex: per index, the failed pod kept until its replacement exists. */
  podsWithDelayedDeletion: ReadonlyMap<number, Stored<Pod>>;
  /** Look again after this long: an active deadline, a back-off. */
  requeueAfterMs?: number;
}

export function requeueAfter(ctx: SyncContext, ms: number): void {
  ctx.requeueAfterMs = ctx.requeueAfterMs === undefined ? ms : Math.min(ctx.requeueAfterMs, ms);
}
