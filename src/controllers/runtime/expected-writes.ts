import { type KubeObject, objectKey, type Stored } from "../../api/object.js";
import { isNotFound } from "../../api/status.js";
import { type ControllerExpectations, UIDTrackingExpectations } from "../../client/expectations.js";
import { deleteWithUid, type DeleteWithUidOptions } from "./delete-with-uid.js";
import type { ResourceTarget } from "./resource-target.js";
import { slowStartBatch } from "./slow-start-batch.js";

/** Which owner's expectations a write counts against. */
export interface ExpectationsOf {
  readonly expectations: ControllerExpectations;
  /** The owner's queue key ("namespace/name"). */
  readonly key: string;
}

export interface CreateAllResult<T extends KubeObject> {
  readonly created: Stored<T>[];
  /** The first failure; creates after the failing batch were not attempted. */
  readonly error?: unknown;
}

/**
 * Creates objs for an owner the way upstream's ReplicaSet and Job controllers do: the owner first
 * expects them all, they are created in slow-start batches, and every create that failed or was
 * skipped is un-expected at once, since no informer event will ever come for it.
 */
export async function createAllExpected<T extends KubeObject>(at: ResourceTarget, objs: readonly T[], owner: ExpectationsOf): Promise<CreateAllResult<T>> {
  const created: Stored<T>[] = [];
  owner.expectations.expectCreations(owner.key, objs.length);
  const result = await slowStartBatch(objs.length, async (i) => {
    created.push(await createExpected(at, objs[i]!, owner));
  });
  const skipped = objs.length - result.attempted;
  if (skipped > 0) owner.expectations.lower(owner.key, { add: skipped });
  return result.error === undefined ? { created } : { created, error: result.error };
}

/** One create the owner already expects; a failure is un-expected and rethrown. */
export async function createExpected<T extends KubeObject>(at: ResourceTarget, obj: T, owner: ExpectationsOf): Promise<Stored<T>> {
  try {
    return await at.client.create<T>(at.ref, obj);
  } catch (err) {
    owner.expectations.creationObserved(owner.key);
    throw err;
  }
}

/**
 * One delete (UID precondition) the owner already expects. Any failure is un-expected, since the
 * informer will not report it; a NotFound is not an error (the object is gone either way).
 */
export async function deleteExpected<T extends KubeObject>(
  at: ResourceTarget,
  obj: Stored<T>,
  owner: ExpectationsOf & { options?: DeleteWithUidOptions },
): Promise<void> {
  try {
    const result = await deleteWithUid({ ...at, object: obj }, owner.options ?? {});
    if (result === undefined) unexpectDeletion(owner, obj);
  } catch (err) {
    unexpectDeletion(owner, obj);
    if (!isNotFound(err)) throw err;
  }
}

function unexpectDeletion(owner: ExpectationsOf, obj: KubeObject): void {
  if (owner.expectations instanceof UIDTrackingExpectations) owner.expectations.deletionOfObserved(owner.key, objectKey(obj));
  else owner.expectations.deletionObserved(owner.key);
}
