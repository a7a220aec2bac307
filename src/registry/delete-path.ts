import { isDeepStrictEqual } from "node:util";
import type { Stored } from "../api/object.js";
import type { DeleteOptions } from "../api/options.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../util/clock.js";
import { copyJson } from "../util/json-copy.js";
import { apiErrors } from "../api/status.js";
import { encode, toServed } from "./codec.js";
import { planDelete, validateDeleteOptions } from "./deletion.js";
import { guaranteedUpdate, type UpdateStep } from "./guaranteed-update.js";
import { checkNamespaceDelete } from "./namespace-lifecycle.js";
import { checkPreconditions } from "./preconditions.js";
import type { RegistryDeleteResult } from "./registry.js";
import type { Resolved } from "./resolve.js";
import { type DecodedObjects, storedObjectToRead } from "./stored-object.js";
import { withRevision } from "./write-path.js";

/**
 * A delete: preconditions, then the deletion state machine (grace period, finalizers,
 * propagation policy) decides whether the object goes now or stays marked as deleting.
 */
export async function deleteObject(
  deps: { readonly store: Store; readonly clock: Clock; readonly decoded: DecodedObjects },
  target: { readonly res: Resolved; readonly key: string; readonly name: string },
  options: DeleteOptions,
): Promise<RegistryDeleteResult> {
  const { res, key, name } = target;
  checkNamespaceDelete(res, name);
  return guaranteedUpdate(deps.store, key, (kv): UpdateStep<RegistryDeleteResult> => {
    if (!kv) throw apiErrors.notFound(res.gr, name);
    // read only: planDelete works on a copy of its own, and a result gets one (callers own what they are given)
    const current = storedObjectToRead(kv, deps.decoded);
    // upstream's BeforeDelete: options and preconditions are checked against the object read
    validateDeleteOptions(options);
    checkPreconditions(res, current, options.preconditions);
    const plan = planDelete(current, { strategy: res.strategy, options, now: deps.clock.now() });
    const served = (obj: Stored): Stored => toServed(res, obj);
    const servedCurrent = (): Stored => served(copyJson(current));
    if (plan.action === "pending") return { write: "none", result: { deleted: false, object: servedCurrent() } };
    if (plan.action === "delete") {
      if (options.dryRun) return { write: "none", result: { deleted: true, object: servedCurrent() } };
      return { write: "delete", result: () => ({ deleted: true, object: servedCurrent() }) };
    }
    const kept = plan.object as Stored;
    if (isDeepStrictEqual(kept, current) || options.dryRun) return { write: "none", result: { deleted: false, object: served(kept) } };
    return { write: "put", value: encode(kept), result: (revision) => ({ deleted: false, object: served(withRevision(kept, revision)) }) };
  });
}
