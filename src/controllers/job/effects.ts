import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import type { EventType } from "../runtime/event-recorder.js";
import type { BackoffRecord } from "./backoff.js";

export interface DeleteOutcome {
  /** Pods deleted (or found gone already). */
  readonly deleted: number;
  /** Of those, how many were Ready. */
  readonly deletedReady: number;
  readonly error?: unknown;
}

export interface CreateOutcome {
  /** Pods not created: failed, or skipped after a failing slow-start batch. */
  readonly notCreated: number;
  readonly error?: unknown;
}

export interface RemoveOutcome {
  /** UIDs of the pods now free of the tracking finalizer (or gone). */
  readonly removed: ReadonlySet<string>;
  readonly error?: unknown;
}

/**
 * The writes one Job sync makes, in the order it makes them. The client implementation keeps the
 * controller's expectations; the fake beside it records calls and can fail them.
 */
export interface JobEffects {
  /**
   * Deletes pods of the Job. With `free`, each pod first loses its tracking finalizer and the
   * deletes are expected (manageJob's deleteJobPods); without, they keep it (deleteActivePods).
   */
  deletePods(job: Stored<Job>, pods: readonly Stored<Pod>[], options: { free: boolean }): Promise<DeleteOutcome>;
  /** Creates the pods in slow-start batches, expected by the Job. */
  createPods(job: Stored<Job>, pods: readonly Pod[]): Promise<CreateOutcome>;
  /** Writes the Job's status (compare-and-swap on its resourceVersion); throws on failure. */
  updateStatus(job: Stored<Job>): Promise<Stored<Job>>;
  /** Frees pods of the tracking finalizer, expecting to see it gone. */
  removeFinalizers(job: Stored<Job>, pods: readonly Stored<Pod>[]): Promise<RemoveOutcome>;
  /** Keeps the Job's back-off record for the next sync. */
  recordBackoff(job: Stored<Job>, record: BackoffRecord): void;
  event(job: Stored<Job>, what: { type: EventType; reason: string; message: string }): void;
}
