import type { KubeObject, OwnerReference, Stored } from "../../api/object.js";
import type { ResourceTable } from "../../api/resource-table.js";
import type { GroupResource } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import type { Clock } from "../../util/clock.js";
import { Controller } from "../runtime/controller.js";
import { GcActions } from "./apply-actions.js";
import { decide, foregroundFinalizer, orphanFinalizer } from "./decide.js";
import { type Monitor, Monitors } from "./monitors.js";
import { observeCached, observeLive } from "./observe.js";

export interface GarbageCollectorOptions {
  client: Client;
  factory: InformerFactory;
  /** The served resources; every deletable one is watched. */
  resources: ResourceTable;
  clock: Clock;
  /** Concurrent items (upstream runs 20 workers; these mostly wait on I/O). */
  workers?: number;
  ignored?: readonly GroupResource[];
  onError?: (key: string, err: unknown) => void;
}

/** Something for the collector to look at: it has owners, or it is an owner leaving with a GC finalizer. */
function needsAttention(obj: KubeObject): boolean {
  const finalizers = obj.metadata?.finalizers ?? [];
  const leaving = !!obj.metadata?.deletionTimestamp && (finalizers.includes(orphanFinalizer) || finalizers.includes(foregroundFinalizer));
  return (obj.metadata?.ownerReferences?.length ?? 0) > 0 || leaving;
}

/** References in before that after no longer has, or has with another blockOwnerDeletion. */
function changedRefs(before: readonly OwnerReference[], after: readonly OwnerReference[]): OwnerReference[] {
  return before.filter((b) => !after.some((a) => a.uid === b.uid && a.blockOwnerDeletion === b.blockOwnerDeletion));
}

/**
 * upstream's garbage collector: objects whose owners are all gone are deleted, references to
 * owners gone are dropped, and owners deleted with the orphan or foregroundDeletion finalizer have
 * their dependents orphaned or deleted before the finalizer is removed. Decisions are taken on the
 * caches and confirmed against the API server before anything is changed.
 */
export class GarbageCollector {
  private readonly monitors: Monitors;
  private readonly controller: Controller;
  private readonly actions: GcActions;

  constructor(private readonly options: GarbageCollectorOptions) {
    this.monitors = new Monitors(options.factory, options.resources, options.ignored ? { ignored: options.ignored } : {});
    this.controller = new Controller({
      name: "garbage-collector-controller",
      clock: options.clock,
      workers: options.workers ?? 5,
      reconcile: (key) => this.reconcile(key),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    this.actions = new GcActions({ client: options.client, monitors: this.monitors, enqueue: (k) => this.controller.enqueue(k) });
    for (const monitor of this.monitors.all()) this.watch(monitor);
  }

  /** Waits for every monitor to sync, then starts collecting. */
  start(): Promise<boolean> {
    return this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private watch(monitor: Monitor): void {
    const { informer } = monitor;
    this.controller.track(informer);
    informer.addEventHandler({
      onAdd: (obj) => {
        if (needsAttention(obj)) this.controller.enqueue(this.monitors.key(monitor, obj));
      },
      onUpdate: (old, obj) => {
        if (needsAttention(obj)) this.controller.enqueue(this.monitors.key(monitor, obj));
        // An owner waiting for this object may be free to go once the reference changed.
        this.enqueueOwners(obj, changedRefs(old.metadata.ownerReferences ?? [], obj.metadata.ownerReferences ?? []));
      },
      onDelete: (obj) => {
        for (const d of this.monitors.dependentsOf(obj.metadata.uid)) this.controller.enqueue(this.monitors.key(d.monitor, d.obj));
        this.enqueueOwners(obj, obj.metadata.ownerReferences ?? []);
      },
    });
  }

  private enqueueOwners(dependent: Stored, refs: readonly OwnerReference[]): void {
    for (const ref of refs) {
      const where = this.monitors.locateOwner(dependent, ref);
      if ("target" in where) this.controller.enqueue(this.monitors.keyOf(where.target));
    }
  }

  private async reconcile(key: string): Promise<void> {
    const target = this.monitors.parse(key);
    const cached = target && this.monitors.cached(target);
    if (!target || !cached) return;
    const first = decide(observeCached(this.monitors, cached));
    if (first.actions.length === 0) return;
    const live = await observeLive({ client: this.options.client, monitors: this.monitors }, { ...target, uid: cached.metadata.uid });
    if (!live) return;
    await this.actions.apply({ monitor: target.monitor, object: live.object }, decide(live.observed).actions);
  }
}
