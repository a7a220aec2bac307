import type { GetOptions } from "../../registry/registry.js";
import { headerValue, type ApiResponse } from "../api-request.js";
import { listOptions } from "../query-options.js";
import { outputTarget } from "../output-target.js";
import type { ResourceCall } from "../resource-call.js";
import { writeList, writeObject } from "../write-object.js";

/** GET of one object, or of its status or scale subresource. */
export async function getObject(call: ResourceCall, options: GetOptions = {}): Promise<ApiResponse> {
  const target = outputTarget(headerValue(call.req.headers, "accept"));
  const obj = await call.registry.get(call.ref, call.namespace, call.info.name ?? "", options, call.ctx);
  return writeObject(call, options.subresource ? { as: "object", format: "json" } : target, 200, obj);
}

/** GET of a collection (in one namespace, or across all for a namespaced resource). */
export async function listObjects(call: ResourceCall): Promise<ApiResponse> {
  const target = outputTarget(headerValue(call.req.headers, "accept"));
  const list = await call.registry.list(call.ref, call.namespace, listOptions(call.query), call.ctx);
  return writeList(call, target, list);
}
