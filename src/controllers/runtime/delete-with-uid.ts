import type { KubeObject } from "../../api/object.js";
import type { DeleteOptions, PropagationPolicy } from "../../api/options.js";
import { isNotFound } from "../../api/status.js";
import type { DeleteResult } from "../../client/client.js";
import type { ObjectTarget } from "./resource-target.js";

export interface DeleteWithUidOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  /** Also require this resourceVersion (the GC deletes only what it last looked at). */
  resourceVersion?: string;
}

/**
 * Deletes exactly the object the caller saw: a UID precondition makes the server refuse (409) when
 * the name now belongs to a re-created object. Returns undefined when the object is already gone.
 */
export async function deleteWithUid<T extends KubeObject>(at: ObjectTarget<T>, options: DeleteWithUidOptions = {}): Promise<DeleteResult<T> | undefined> {
  const { client, ref, object } = at;
  const deleteOptions: DeleteOptions = { preconditions: { uid: object.metadata.uid } };
  if (options.resourceVersion !== undefined) deleteOptions.preconditions!.resourceVersion = options.resourceVersion;
  if (options.propagationPolicy) deleteOptions.propagationPolicy = options.propagationPolicy;
  if (options.gracePeriodSeconds !== undefined) deleteOptions.gracePeriodSeconds = options.gracePeriodSeconds;
  try {
    return await client.delete<T>(ref, object.metadata.namespace, object.metadata.name, deleteOptions);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
