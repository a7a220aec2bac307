import type { Job } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { objectKey } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { Informer } from "../../client/informer.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import type { Clock } from "../../util/clock.js";
import { Controller, type ReconcileResult } from "../runtime/controller.js";
import { deleteWithUid } from "../runtime/delete-with-uid.js";
import { splitKey } from "../runtime/owner-keys.js";
import { decideTtl, needsCleanup } from "./time-left.js";

export interface TtlAfterFinishedOptions {
  client: Client;
  factory: InformerFactory;
  clock: Clock;
  /** upstream's ConcurrentTTLSyncs: 5. */
  workers?: number;
  onError?: (key: string, err: unknown) => void;
}

/**
 * upstream's TTL-after-finished controller: a finished Job with ttlSecondsAfterFinished is
 * deleted (foreground, so its pods go first) once that long has passed since it finished,
 * after checking the TTL again on a fresh read.
 */
export class TtlAfterFinishedController {
  private readonly loop: Controller;
  private readonly jobs: Informer<Job>;

  constructor(private readonly options: TtlAfterFinishedOptions) {
    this.loop = new Controller({
      name: "ttl-after-finished-controller",
      clock: options.clock,
      workers: options.workers ?? 5,
      reconcile: (key) => this.process(key),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    this.jobs = options.factory.informerFor<Job>(refs.jobs);
    this.loop.track(this.jobs);
    const enqueue = (job: Stored<Job>): void => {
      if (!job.metadata.deletionTimestamp && needsCleanup(job)) this.loop.enqueue(objectKey(job));
    };
    this.jobs.addEventHandler({ onAdd: enqueue, onUpdate: (_old, job) => enqueue(job) });
  }

  start(): Promise<boolean> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** processJob: checks the cached Job, then a fresh one, then deletes it with a UID precondition. */
  private async process(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.jobs.lister.get(namespace, name);
    if (!cached) return;
    const first = decideTtl(cached, this.options.clock.now());
    if (first.kind !== "expired") return first.kind === "wait" ? { requeueAfterMs: first.ms } : undefined;
    let fresh: Stored<Job>;
    try {
      fresh = await this.options.client.get<Job>(refs.jobs, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    // The TTL may have changed since the cache saw it.
    const confirmed = decideTtl(fresh, this.options.clock.now());
    if (confirmed.kind !== "expired") return confirmed.kind === "wait" ? { requeueAfterMs: confirmed.ms } : undefined;
    await deleteWithUid({ client: this.options.client, ref: refs.jobs, object: fresh }, { propagationPolicy: "Foreground" });
  }
}

/** Builds and starts the controller; it starts syncing once the shared Job informer has synced. */
export function startTtlAfterFinishedController(options: TtlAfterFinishedOptions): { stop(): Promise<void> } {
  const controller = new TtlAfterFinishedController(options);
  void controller.start();
  return { stop: () => controller.stop() };
}
