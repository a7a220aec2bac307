import { isDeepStrictEqual } from "node:util";
import type { OwnerReference, Stored } from "../../api/object.js";
import type { PropagationPolicy } from "../../api/options.js";
import { isConflict, isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { deleteWithUid } from "../runtime/delete-with-uid.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import type { GcAction } from "./decide.js";
import type { Monitor, Monitors } from "./monitors.js";

export interface ApplyContext {
  readonly client: Client;
  readonly monitors: Monitors;
  /** Queues an object (by its garbage collector key) to be looked at again. */
  readonly enqueue: (key: string) => void;
}

/** The object an action is about, as last read. */
export interface Subject {
  readonly monitor: Monitor;
  readonly object: Stored;
}

/** Carries out the garbage collector's decisions through the client. */
export class GcActions {
  constructor(private readonly ctx: ApplyContext) {}

  /** Carries out the actions in order; the first failure stops and is thrown (the key is retried). */
  async apply(subject: Subject, actions: readonly GcAction[]): Promise<void> {
    for (const action of actions) await this.applyOne(subject, action);
  }

  private async applyOne(subject: Subject, action: GcAction): Promise<void> {
    switch (action.type) {
      case "removeOwnerReferences":
        return this.editOwnerReferences(subject, (refs) => refs.filter((r) => !action.uids.includes(r.uid)));
      case "unblockOwnerReferences":
        return this.editOwnerReferences(subject, (refs) => refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)));
      case "delete":
        return this.deleteObject(subject, action.policy);
      case "orphanDependents":
        return this.orphanDependents(subject, action.uids);
      case "removeFinalizer":
        return this.removeFinalizer(subject, action.finalizer);
      case "processDependents":
        for (const { monitor, obj } of this.ctx.monitors.dependentsOf(subject.object.metadata.uid)) {
          if (action.uids.includes(obj.metadata.uid)) this.ctx.enqueue(this.ctx.monitors.key(monitor, obj));
        }
        return;
    }
  }

  /** Rewrites the object's ownerReferences on its latest version (re-applied on a 409). */
  private async editOwnerReferences(subject: Subject, edit: (refs: readonly OwnerReference[]) => OwnerReference[]): Promise<void> {
    const at = { client: this.ctx.client, ref: subject.monitor.ref, object: subject.object };
    await updateWithRetry(at, (latest) => {
      const before = latest.metadata.ownerReferences ?? [];
      const after = edit(before);
      if (isDeepStrictEqual(before, after)) return undefined;
      if (after.length > 0) latest.metadata.ownerReferences = after;
      else delete latest.metadata.ownerReferences;
      return latest;
    }, { fromCache: true });
  }

  /**
   * Deletes exactly what was decided on: UID and resourceVersion preconditions. If only unrelated
   * fields changed since (same ownerReferences), deletes again without the resourceVersion, so a
   * busily updated object is not starved (upstream's deleteObject).
   */
  private async deleteObject(subject: Subject, policy: PropagationPolicy): Promise<void> {
    const { monitor, object } = subject;
    const at = { client: this.ctx.client, ref: monitor.ref, object };
    try {
      await deleteWithUid(at, { propagationPolicy: policy, resourceVersion: object.metadata.resourceVersion });
    } catch (err) {
      if (!isConflict(err)) throw err;
      const live = await this.ctx.client.get(monitor.ref, object.metadata.namespace, object.metadata.name).catch((e: unknown) => {
        if (isNotFound(e)) return undefined;
        throw e;
      });
      if (!live) return;
      const sameOwners = isDeepStrictEqual(live.metadata.ownerReferences ?? [], object.metadata.ownerReferences ?? []);
      if (live.metadata.uid !== object.metadata.uid || !sameOwners) throw err;
      await deleteWithUid(at, { propagationPolicy: policy });
    }
  }

  private async orphanDependents(subject: Subject, uids: readonly string[]): Promise<void> {
    const { monitors } = this.ctx;
    const ownerUid = subject.object.metadata.uid;
    const dependents = monitors.dependentsOf(ownerUid).filter(({ obj }) => uids.includes(obj.metadata.uid));
    const results = await Promise.allSettled(
      dependents.map(({ monitor, obj }) => this.editOwnerReferences({ monitor, object: obj }, (refs) => refs.filter((r) => r.uid !== ownerUid))),
    );
    const errors = results.flatMap((r, i) => {
      const d = dependents[i]!;
      return r.status === "rejected" ? [`orphaning ${monitors.key(d.monitor, d.obj)} failed, ${String(r.reason)}`] : [];
    });
    if (errors.length > 0) {
      throw new Error(`failed to orphan dependents of owner ${monitors.key(subject.monitor, subject.object)}, got errors: [${errors.join(", ")}]`);
    }
  }

  private async removeFinalizer(subject: Subject, finalizer: string): Promise<void> {
    const at = { client: this.ctx.client, ref: subject.monitor.ref, object: subject.object };
    await updateWithRetry(at, (latest) => {
      const finalizers = latest.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return undefined;
      const rest = finalizers.filter((f) => f !== finalizer);
      if (rest.length > 0) latest.metadata.finalizers = rest;
      else delete latest.metadata.finalizers;
      return latest;
    }, { fromCache: true });
  }
}
