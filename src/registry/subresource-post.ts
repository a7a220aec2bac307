import type { DeleteOptions } from "../api/options.js";
import { clone, type Stored } from "../api/object.js";
import type { Status } from "../api/status.js";
import { apiErrors } from "../api/status.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../util/clock.js";
import { encode } from "./codec.js";
import { deleteObject } from "./delete-path.js";
import { guaranteedUpdate, type UpdateStep } from "./guaranteed-update.js";
import type { RequestContext } from "./registry.js";
import type { Resolved } from "./resolve.js";
import { type DecodedObjects, storedObjectToRead } from "./stored-object.js";
import { keepSystemFields } from "./system-fields.js";

export interface PostRequest {
  readonly res: Resolved;
  readonly key: string;
  readonly name: string;
  readonly subresource: "binding" | "eviction";
  readonly body: unknown;
  readonly ctx: RequestContext;
}

/**
 * POST to pods/binding or pods/eviction: the kind's postSubresource hook decides, the
 * registry writes. An update is written as the hook made it (upstream's binding writes
 * spec.nodeName without the update validation that forbids changing it); a delete goes
 * through the normal deletion path. Both answer 201 with a Success Status, as upstream.
 */
export async function postSubresource(deps: { readonly store: Store; readonly clock: Clock; readonly decoded: DecodedObjects }, req: PostRequest): Promise<Status> {
  const hook = req.res.strategy.postSubresource;
  if (!hook) throw apiErrors.notFound(req.res.gr, req.name);
  const deleteWith = await guaranteedUpdate(deps.store, req.key, (kv): UpdateStep<DeleteOptions | undefined> => {
    if (!kv) throw apiErrors.notFound(req.res.gr, req.name);
    // read only: the hook gets a copy, the written object takes system fields from current
    const current = storedObjectToRead(kv, deps.decoded);
    const action = hook(req.subresource, clone(current), req.body, { now: deps.clock.now() });
    if (action.action === "delete") return { write: "none", result: action.options };
    const updated = action.object as Stored;
    keepSystemFields(updated, current);
    return { write: "put", value: encode(updated), result: () => undefined };
  });
  if (deleteWith) await deleteObject(deps, req, deleteWith);
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
}
