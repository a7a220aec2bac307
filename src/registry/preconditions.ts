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
 * Checks DeleteOptions.preconditions against the stored object as upstream's BeforeDelete
 * does before any write: a 409 naming the kind (not the resource), as upstream words it.
 */
export function checkPreconditions(res: Resolved, obj: KubeObject, preconditions: DeleteOptions["preconditions"]): void {
  const name = obj.metadata?.name ?? "";
  const uid = obj.metadata?.uid ?? "";
  const rv = obj.metadata?.resourceVersion ?? "";
  const byKind = { group: res.gk.group, resource: res.gk.kind };
  if (preconditions?.uid !== undefined && preconditions.uid !== uid) {
    const detail = `the UID in the precondition (${preconditions.uid}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`;
    throw apiErrors.conflict(byKind, name, detail);
  }
  if (preconditions?.resourceVersion !== undefined && preconditions.resourceVersion !== rv) {
    const detail = `the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${rv}). The object might have been modified`;
    throw apiErrors.conflict(byKind, name, detail);
  }
}
