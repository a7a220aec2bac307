import { isPlainObject } from "../../api/object.js";
import { apiErrors } from "../../api/status.js";
import { headerValue, type ApiResponse } from "../api-request.js";
import { BodySyntaxError, bodyFormat, decodeBody } from "../decode/request-body.js";
import { deleteOptions, listOptions } from "../query-options.js";
import type { ResourceCall } from "../resource-call.js";
import { jsonResponse } from "../responses.js";

/** The DeleteOptions body, if any (kubectl sends {"propagationPolicy":"Background"}). */
function deleteBody(call: ResourceCall): unknown {
  const body = call.req.body;
  if (!body || body.length === 0) return undefined;
  try {
    const value = decodeBody(body, bodyFormat(headerValue(call.req.headers, "content-type")), { types: call.types }).value;
    if (!isPlainObject(value)) throw apiErrors.badRequest("json: cannot unmarshal into Go value of type v1.DeleteOptions");
    return value;
  } catch (err) {
    if (err instanceof BodySyntaxError) throw apiErrors.badRequest(err.message);
    throw err;
  }
}

/**
 * DELETE of one object. Gone at once: a Success Status naming it (as upstream's store does
 * unless the kind returns deleted objects); still there (grace period, finalizers): the object.
 */
export async function deleteObject(call: ResourceCall): Promise<ApiResponse> {
  const options = deleteOptions(call.query, deleteBody(call));
  const name = call.info.name ?? "";
  const result = await call.registry.delete(call.ref, call.namespace, name, options, call.ctx);
  if (!result.deleted) {
    // Upstream answers 202 only for a not-yet-deleted object with orphanDependents=false.
    return jsonResponse(options.orphanDependents === false ? 202 : 200, result.object);
  }
  const details: Record<string, string> = { name: result.object.metadata.name };
  if (call.def.info.group) details.group = call.def.info.group;
  details.kind = call.def.info.resource;
  details.uid = result.object.metadata.uid;
  return jsonResponse(200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details });
}

/** DELETE of a collection: the list of what was deleted or is being deleted. */
export async function deleteCollection(call: ResourceCall): Promise<ApiResponse> {
  const options = deleteOptions(call.query, deleteBody(call));
  const list = await call.registry.deleteCollection(call.ref, call.namespace, listOptions(call.query), options, call.ctx);
  return jsonResponse(200, list);
}
