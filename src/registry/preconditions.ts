import type { KubeObject } from "../api/object.js";
import type { DeleteOptions } from "../api/options.js";
import { apiErrors } from "../api/status.js";
import type { Resolved } from "./resolve.js";

/** The optimistic-lock message of upstream's 409 on a stale resourceVersion. */
export const optimisticLockMessage = "the object has been modified; please apply your changes to the latest version and try again";

/** The 409 for a write carrying a resourceVersion that is no longer current. */
export function staleResourceVersion(res: Resolved, name: string): Error {
  return apiErrors.conflict(res.gr, name, optimisticLockMessage);
}

/**
 * Checks DeleteOptions.preconditions against the stored object. Upstream reports a failed
 * precondition as a storage "invalid object" error wrapped in a 409, and so prints the
 * StorageError text; ours prints the same.
 */
export function checkPreconditions(res: Resolved, key: string, obj: KubeObject, preconditions: DeleteOptions["preconditions"]): void {
  const name = obj.metadata?.name ?? "";
  const uid = obj.metadata?.uid ?? "";
  const rv = obj.metadata?.resourceVersion ?? "";
  let failure: string | undefined;
  if (preconditions?.uid !== undefined && preconditions.uid !== uid) {
    failure = `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${uid}`;
  } else if (preconditions?.resourceVersion !== undefined && preconditions.resourceVersion !== rv) {
    failure = `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${rv}`;
  }
  if (failure === undefined) return;
  const storageError = `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${failure}`;
  throw apiErrors.conflict(res.gr, name, storageError);
}
