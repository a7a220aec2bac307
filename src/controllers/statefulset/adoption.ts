import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Stored } from "../../api/object.js";
import type { ResourceRef } from "../../api/options.js";
import { refs } from "../../api/refs.js";
import { isInvalid, isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { setControllerRef } from "./identity.js";
import type { Ownership } from "./ownership.js";

/**
 * upstream's canAdoptFunc (RecheckDeletionTimestamp): before adopting, read the set afresh; a set
 * replaced by another of the same name, or being deleted, adopts nothing.
 */
async function checkCanAdopt(client: Client, set: Stored<StatefulSet>): Promise<void> {
  const fresh = await client.get<StatefulSet>(refs.statefulSets, set.metadata.namespace, set.metadata.name);
  if (fresh.metadata.uid !== set.metadata.uid) {
    throw new Error(`original StatefulSet ${set.metadata.namespace}/${set.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${set.metadata.uid}`);
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new Error(`${set.metadata.namespace}/${set.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}

function ignoring(...accepted: Array<(err: unknown) => boolean>): (err: unknown) => void {
  return (err) => {
    if (!accepted.some((a) => a(err))) throw err;
  };
}

/** Adopts with a strategic merge patch adding our controller reference, guarded by the object's UID. */
async function adopt(client: Client, what: { ref: ResourceRef; obj: Stored; set: Stored<StatefulSet> }): Promise<void> {
  const { ref, obj, set } = what;
  const patch = { metadata: { ownerReferences: [setControllerRef(set)], uid: obj.metadata.uid } };
  await client.patch(ref, obj.metadata.namespace, obj.metadata.name, "strategic", patch).catch(ignoring(isNotFound));
}

/** Releases with a strategic merge patch deleting our reference; gone or already released is fine. */
async function release(client: Client, what: { obj: Stored; set: Stored<StatefulSet> }): Promise<void> {
  const { obj, set } = what;
  const patch = { metadata: { ownerReferences: [{ $patch: "delete", uid: set.metadata.uid }], uid: obj.metadata.uid } };
  await client.patch(refs.pods, obj.metadata.namespace, obj.metadata.name, "strategic", patch).catch(ignoring(isNotFound, isInvalid));
}

/** Carries out the ownership changes: releases first, then adoptions once the set is confirmed. */
export async function applyOwnership(client: Client, what: { set: Stored<StatefulSet>; ownership: Ownership }): Promise<void> {
  const { set, ownership: o } = what;
  for (const pod of o.release) await release(client, { obj: pod, set });
  if (o.adopt.length + o.adoptRevisions.length === 0) return;
  await checkCanAdopt(client, set);
  for (const cr of o.adoptRevisions) await adopt(client, { ref: refs.controllerRevisions, obj: cr, set });
  for (const pod of o.adopt) await adopt(client, { ref: refs.pods, obj: pod, set });
}
