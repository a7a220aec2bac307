import type { KubeObject, Stored } from "../../api/object.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { type Dependent, foregroundFinalizer, type GcObserved, type OwnerState } from "./decide.js";
import type { Monitors, Target } from "./monitors.js";

/** Being deleted in the foreground: deletionTimestamp and the foregroundDeletion finalizer. */
export function isDeletingDependents(obj: KubeObject): boolean {
  return !!obj.metadata?.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(foregroundFinalizer);
}

function ownerStateOf(found: Stored | undefined, uid: string): OwnerState {
  if (!found || found.metadata.uid !== uid) return { state: "absent" };
  return { state: "present", deletingDependents: isDeletingDependents(found) };
}

/** The objects (from the caches) naming obj among their owners, as the decision sees them. */
function dependentsFromCache(monitors: Monitors, obj: Stored): Dependent[] {
  return monitors.dependentsOf(obj.metadata.uid).map(({ obj: d }) => ({
    uid: d.metadata.uid,
    blocksOwnerDeletion: (d.metadata.ownerReferences ?? []).some((r) => r.uid === obj.metadata.uid && r.blockOwnerDeletion === true),
    beingDeleted: !!d.metadata.deletionTimestamp,
    deletingDependents: isDeletingDependents(d),
  }));
}

function objectPart(obj: Stored): GcObserved["object"] {
  const o: { deletionTimestamp?: string; finalizers: readonly string[]; ownerReferences: NonNullable<Stored["metadata"]["ownerReferences"]> } = {
    finalizers: obj.metadata.finalizers ?? [],
    ownerReferences: obj.metadata.ownerReferences ?? [],
  };
  if (obj.metadata.deletionTimestamp) o.deletionTimestamp = obj.metadata.deletionTimestamp;
  return o;
}

/** What the caches say about obj: cheap, possibly stale, good enough to decide there is nothing to do. */
export function observeCached(monitors: Monitors, obj: Stored): GcObserved {
  const owners = new Map<string, OwnerState>();
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const where = monitors.locateOwner(obj, ref);
    owners.set(ref.uid, "unresolvable" in where ? { state: "unresolvable" } : ownerStateOf(monitors.cached(where.target), ref.uid));
  }
  return { object: objectPart(obj), owners, dependents: dependentsFromCache(monitors, obj) };
}

/**
 * What the API server says now about target and its owners (dependents still come from the
 * caches, as upstream's graph): read before anything is deleted or changed, because a cache that
 * has not yet seen an owner must never get its dependents collected. Undefined when the object is
 * gone or is no longer the one with this UID.
 */
export async function observeLive(
  source: { client: Client; monitors: Monitors },
  target: Target & { uid: string },
): Promise<{ object: Stored; observed: GcObserved } | undefined> {
  const { client, monitors } = source;
  const object = await getOrUndefined(client, target);
  if (!object || object.metadata.uid !== target.uid) return undefined;
  const owners = new Map<string, OwnerState>();
  for (const ref of object.metadata.ownerReferences ?? []) {
    const where = monitors.locateOwner(object, ref);
    owners.set(ref.uid, "unresolvable" in where ? { state: "unresolvable" } : ownerStateOf(await getOrUndefined(client, where.target), ref.uid));
  }
  return { object, observed: { object: objectPart(object), owners, dependents: dependentsFromCache(monitors, object) } };
}

async function getOrUndefined(client: Client, target: Target): Promise<Stored | undefined> {
  try {
    return await client.get(target.monitor.ref, target.namespace, target.name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
