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

/** Carries out the actions in order; the first failure stops and is thrown (the key is retried). */
export async function applyActions(ctx: ApplyContext, subject: Subject, actions: readonly GcAction[]): Promise<void> {
  for (const action of actions) await applyAction(ctx, subject, action);
}

async function applyAction(ctx: ApplyContext, subject: Subject, action: GcAction): Promise<void> {
  switch (action.type) {
    case "removeOwnerReferences":
      return editOwnerReferences(ctx.client, subject, (refs) => refs.filter((r) => !action.uids.includes(r.uid)));
    case "unblockOwnerReferences":
      return editOwnerReferences(ctx.client, subject, (refs) => refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)));
    case "delete":
      return deleteObject(ctx.client, subject, action.policy);
    case "orphanDependents":
      return orphanDependents(ctx, subject, action.uids);
    case "removeFinalizer":
      return removeFinalizer(ctx.client, subject, action.finalizer);
    case "processDependents":
      for (const { monitor, obj } of ctx.monitors.dependentsOf(subject.object.metadata.uid)) {
        if (action.uids.includes(obj.metadata.uid)) ctx.enqueue(ctx.monitors.key(monitor, obj));
      }
      return;
  }
}

/** Rewrites the object's ownerReferences on its latest version (re-applied on a 409). */
async function editOwnerReferences(client: Client, subject: Subject, edit: (refs: readonly OwnerReference[]) => OwnerReference[]): Promise<void> {
  await updateWithRetry(client, subject.monitor.ref, subject.object, (latest) => {
    const before = latest.metadata.ownerReferences ?? [];
    const after = edit(before);
    if (isDeepStrictEqual(before, after)) return undefined;
    if (after.length > 0) latest.metadata.ownerReferences = after;
    else delete latest.metadata.ownerReferences;
    return latest;
  }, { initial: subject.object });
}

/**
 * Deletes exactly what was decided on: UID and resourceVersion preconditions. If only unrelated
 * fields changed since (same ownerReferences), deletes again without the resourceVersion, so a
 * busily updated object is not starved (upstream's deleteObject).
 */
async function deleteObject(client: Client, subject: Subject, policy: PropagationPolicy): Promise<void> {
  const { monitor, object } = subject;
  try {
    await deleteWithUid(client, monitor.ref, object, { propagationPolicy: policy, resourceVersion: object.metadata.resourceVersion });
  } catch (err) {
    if (!isConflict(err)) throw err;
    const live = await client.get(monitor.ref, object.metadata.namespace, object.metadata.name).catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    if (!live) return;
    const sameOwners = isDeepStrictEqual(live.metadata.ownerReferences ?? [], object.metadata.ownerReferences ?? []);
    if (live.metadata.uid !== object.metadata.uid || !sameOwners) throw err;
    await deleteWithUid(client, monitor.ref, object, { propagationPolicy: policy });
  }
}

async function orphanDependents(ctx: ApplyContext, subject: Subject, uids: readonly string[]): Promise<void> {
  const ownerUid = subject.object.metadata.uid;
  const dependents = ctx.monitors.dependentsOf(ownerUid).filter(({ obj }) => uids.includes(obj.metadata.uid));
  const results = await Promise.allSettled(
    dependents.map(({ monitor, obj }) => editOwnerReferences(ctx.client, { monitor, object: obj }, (refs) => refs.filter((r) => r.uid !== ownerUid))),
  );
  const errors = results.flatMap((r, i) => (r.status === "rejected" ? [`orphaning ${ctx.monitors.key(dependents[i]!.monitor, dependents[i]!.obj)} failed, ${String(r.reason)}`] : []));
  if (errors.length > 0) {
    throw new Error(`failed to orphan dependents of owner ${ctx.monitors.key(subject.monitor, subject.object)}, got errors: [${errors.join(", ")}]`);
  }
}

async function removeFinalizer(client: Client, subject: Subject, finalizer: string): Promise<void> {
  await updateWithRetry(client, subject.monitor.ref, subject.object, (latest) => {
    const finalizers = latest.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return undefined;
    const rest = finalizers.filter((f) => f !== finalizer);
    if (rest.length > 0) latest.metadata.finalizers = rest;
    else delete latest.metadata.finalizers;
    return latest;
  }, { initial: subject.object });
}
