import type { CronJob, CronJobStatus, Job } from "kubernetes-types/batch/v1.js";
import type { ObjectReference } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import type { EventType } from "../runtime/event-recorder.js";

/** What one reconcile of a CronJob sees. */
export interface Observed {
  /** The CronJob, re-read from the server when the cache looked stale (a job of ours not in its active list). */
  readonly cronJob: Stored<CronJob>;
  /** Jobs whose controller reference names this CronJob. */
  readonly jobs: readonly Stored<Job>[];
  /** UIDs of status.active entries whose Job is in neither the cache nor the server. */
  readonly missingActive: ReadonlySet<string>;
  /** The zone of schedules without timeZone or TZ= (upstream: the controller manager's local zone). */
  readonly localTimeZone: string;
}

export interface EventStep {
  readonly kind: "event";
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

/** Deletes a finished Job beyond a history limit (its active entry, if any, is already dropped from status). */
export interface HistoryDeleteStep {
  readonly kind: "delete-finished";
  readonly job: Stored<Job>;
}

/** Replace policy: reads the active Job from the server and deletes it; a failure stops the steps after it. */
export interface ReplaceDeleteStep {
  readonly kind: "delete-active";
  readonly ref: ObjectReference;
}

/** Creates the Job of a schedule time; on success it joins status.active and sets lastScheduleTime. */
export interface CreateStep {
  readonly kind: "create";
  readonly job: Job;
  readonly scheduledTime: number;
}

export type Step = EventStep | HistoryDeleteStep | ReplaceDeleteStep | CreateStep;

export interface Plan {
  /** In order, as upstream's sync takes them: history clean-up, what the Jobs say, then the schedule. */
  readonly steps: readonly Step[];
  /** The status the steps start from; replace-deletes and the create change it as they succeed. */
  readonly status: CronJobStatus;
  /** When to reconcile again (the next schedule time); absent when only a change can help. */
  readonly requeueAfterMs?: number;
  /** What the CronJob waits for, for people reading logs and tests. */
  readonly waitingFor: string;
}

export function event(type: EventType, reason: string, message: string): EventStep {
  return { kind: "event", type, reason, message };
}
