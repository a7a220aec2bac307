import type { Namespace } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import type { ResourceTable } from "../../api/resource-table.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import { defaultControllerRateLimiter } from "../../client/rate-limiter.js";
import type { Clock } from "../../util/clock.js";
import { Controller, type ReconcileResult } from "../runtime/controller.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import { ContentDeleter } from "./content-deleter.js";

/** The spec finalizer this controller removes once the namespace is empty. */
export const kubernetesFinalizer = "kubernetes";

/**
 * Upstream waits this long after seeing a namespace's deletion, so that creations racing with it
 * (other API servers, lagging etcd members) land first and are cleaned up too.
 */
export const namespaceDeletionGracePeriodMs = 5000;

export interface NamespaceControllerOptions {
  client: Client;
  factory: InformerFactory;
  /** The served resources; every namespaced one is emptied. */
  resources: ResourceTable;
  clock: Clock;
  workers?: number;
  onError?: (key: string, err: unknown) => void;
}

/**
 * upstream's namespace controller: a namespace with a deletionTimestamp is Terminating; all its
 * content is deleted, and once none is left the "kubernetes" finalizer is removed through the
 * finalize subresource, which lets the API server remove the namespace.
 */
export class NamespaceController {
  private readonly controller: Controller;
  private readonly deleter: ContentDeleter;

  constructor(private readonly options: NamespaceControllerOptions) {
    this.deleter = new ContentDeleter({ client: options.client, resources: options.resources, clock: options.clock });
    this.controller = new Controller({
      name: "namespace-controller",
      clock: options.clock,
      workers: options.workers ?? 2,
      // Retried at least every minute: namespace cleanup should be reliably quick.
      rateLimiter: defaultControllerRateLimiter(options.clock, { maxDelayMs: 60_000 }),
      reconcile: (key) => this.reconcile(key),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    const informer = options.factory.informerFor<Namespace>(refs.namespaces);
    this.controller.track(informer);
    const enqueue = (ns: Stored<Namespace>): void => {
      if (ns.metadata.deletionTimestamp) this.controller.enqueueAfter(ns.metadata.name, namespaceDeletionGracePeriodMs);
    };
    informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) });
  }

  start(): Promise<boolean> {
    return this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private async reconcile(name: string): Promise<ReconcileResult | void> {
    const { client } = this.options;
    let ns: Stored<Namespace> | undefined;
    try {
      ns = await client.get<Namespace>(refs.namespaces, undefined, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    ns = await this.markTerminating(ns);
    if (!ns?.metadata.deletionTimestamp || (ns.spec?.finalizers ?? []).length === 0) return;
    const estimate = await this.deleter.deleteAllContent(ns);
    if (estimate > 0) return { requeueAfterMs: (Math.floor(estimate / 2) + 1) * 1000 };
    await this.finalize(ns);
  }

  private markTerminating(ns: Stored<Namespace>): Promise<Stored<Namespace> | undefined> {
    return updateWithRetry<Namespace>(
      { client: this.options.client, ref: refs.namespaces, object: ns },
      (latest) => {
        if (!latest.metadata.deletionTimestamp || latest.status?.phase === "Terminating") return undefined;
        latest.status = { ...latest.status, phase: "Terminating" };
        return latest;
      },
      { subresource: "status", fromCache: true },
    );
  }

  /** Removes our finalizer (the rest kept, sorted, as upstream's set) through the finalize subresource. */
  private async finalize(ns: Stored<Namespace>): Promise<void> {
    await updateWithRetry<Namespace>(
      { client: this.options.client, ref: refs.namespaces, object: ns },
      (latest) => {
        const finalizers = latest.spec?.finalizers ?? [];
        if (!finalizers.includes(kubernetesFinalizer)) return undefined;
        latest.spec = { ...latest.spec, finalizers: [...new Set(finalizers.filter((f) => f !== kubernetesFinalizer))].sort() };
        return latest;
      },
      { subresource: "finalize", fromCache: true },
    );
  }
}
