import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { objectKey, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isConflict, isNotFound, StatusError } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { EventRecorder, EventType } from "../runtime/event-recorder.js";
import { slowStartBatch } from "../runtime/slow-start-batch.js";
import type { BackoffRecord } from "./backoff.js";
import type { CreateOutcome, DeleteOutcome, JobEffects, RemoveOutcome } from "./effects.js";
import { removeTrackingFinalizer } from "./finalizer-patch.js";
import type { JobMemory } from "./job-memory.js";
import { hasTrackingFinalizer, isPodReady } from "./pod-state.js";

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A create refused because the namespace is being deleted: every later one would be too. */
function namespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.status.details?.causes?.some((c) => c.reason === "NamespaceTerminating") ?? false);
}

/**
 * The Job controller's writes through a Client, as upstream's RealPodControl and syncJob make them:
 * events for each pod created or deleted, expectations raised before and lowered for every write
 * that fails, deletes guarded by the pod's UID.
 */
export class ClientJobEffects implements JobEffects {
  constructor(
    private readonly deps: { client: Client; recorder: EventRecorder; memory: JobMemory },
    private readonly key: string,
  ) {}

  async createPods(job: Stored<Job>, pods: readonly Pod[]): Promise<CreateOutcome> {
    const { client, recorder, memory } = this.deps;
    memory.expectations.expectCreations(this.key, pods.length);
    let failed = 0;
    const result = await slowStartBatch(pods.length, async (i) => {
      try {
        const created = await client.create<Pod>(refs.pods, pods[i]!);
        recorder.event(job, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
      } catch (err) {
        if (namespaceTerminating(err)) return;
        memory.expectations.creationObserved(this.key);
        failed++;
        recorder.event(job, "Warning", "FailedCreate", `Error creating: ${messageOf(err)}`);
        throw err;
      }
    });
    const skipped = pods.length - result.attempted;
    if (skipped > 0) memory.expectations.lower(this.key, { add: skipped });
    return result.error === undefined ? { notCreated: failed + skipped } : { notCreated: failed + skipped, error: result.error };
  }

  async deletePods(job: Stored<Job>, pods: readonly Stored<Pod>[], options: { free: boolean }): Promise<DeleteOutcome> {
    if (options.free) this.deps.memory.expectations.expectDeletionsOf(this.key, pods.map(objectKey));
    const results = await Promise.allSettled(pods.map((p) => this.deleteOne(job, p, options)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    const deletedReady = pods.filter((p, i) => results[i]!.status === "fulfilled" && isPodReady(p)).length;
    const outcome = { deleted: pods.length - failures.length, deletedReady };
    return failures.length === 0 ? outcome : { ...outcome, error: failures[0]!.reason };
  }

  private async deleteOne(job: Stored<Job>, pod: Stored<Pod>, options: { free: boolean }): Promise<void> {
    const { client, recorder, memory } = this.deps;
    try {
      if (options.free && hasTrackingFinalizer(pod)) await removeTrackingFinalizer(client, pod);
      await client.delete<Pod>(refs.pods, pod.metadata.namespace, pod.metadata.name, { preconditions: { uid: pod.metadata.uid } });
      recorder.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      // Gone already, or the name now belongs to another pod: ours is gone either way.
      const gone = isNotFound(err) || isConflict(err);
      if (options.free || gone) memory.expectations.deletionOfObserved(this.key, objectKey(pod));
      if (gone) return;
      recorder.event(job, "Warning", "FailedDelete", `Error deleting: ${messageOf(err)}`);
      throw err;
    }
  }

  async updateStatus(job: Stored<Job>): Promise<Stored<Job>> {
    const written = await this.deps.client.update<Job>(refs.jobs, job, { subresource: "status" });
    this.deps.memory.statusWritten(this.key, written.metadata.resourceVersion);
    return written;
  }

  async removeFinalizers(_job: Stored<Job>, pods: readonly Stored<Pod>[]): Promise<RemoveOutcome> {
    const { client, memory } = this.deps;
    memory.expectFinalizersRemoved(this.key, pods.map((p) => p.metadata.uid));
    const removed = new Set<string>();
    const results = await Promise.allSettled(
      pods.map(async (p) => {
        try {
          await removeTrackingFinalizer(client, p);
          removed.add(p.metadata.uid);
        } catch (err) {
          // No update will show the finalizer gone: stop waiting for it.
          memory.finalizerRemovalObserved(this.key, p.metadata.uid);
          throw err;
        }
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    return failure ? { removed, error: failure.reason } : { removed };
  }

  recordBackoff(_job: Stored<Job>, record: BackoffRecord): void {
    this.deps.memory.setBackoff(this.key, record);
  }

  event(job: Stored<Job>, what: { type: EventType; reason: string; message: string }): void {
    this.deps.recorder.event(job, what.type, what.reason, what.message);
  }
}
