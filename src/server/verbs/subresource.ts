import { apiErrors } from "../../api/status.js";
import type { ApiResponse } from "../api-request.js";
import { readObjectBody } from "../decode/object-body.js";
import type { ResourceCall } from "../resource-call.js";
import { jsonResponse, pathErrors } from "../responses.js";
import { getObject } from "./read.js";
import { patchObject, updateObject } from "./write.js";
import { podStreamRequest } from "./pod-stream.js";

/** Routes a request for a subresource by its name and verb; 405 for a verb it does not take. */
export function subresourceRequest(call: ResourceCall, subresource: string): Promise<ApiResponse> {
  const verb = call.info.verb;
  switch (subresource) {
    case "status":
    case "scale":
      if (verb === "get") return getObject(call, { subresource });
      if (verb === "update") return updateObject(call, subresource);
      if (verb === "patch") return patchObject(call, subresource);
      break;
    case "finalize":
      if (verb === "update") return updateObject(call, "finalize");
      break;
    case "binding":
    case "eviction":
      if (verb === "create") return postSubresource(call, subresource);
      break;
    case "log":
    case "exec":
    case "attach":
    case "portforward":
      return podStreamRequest(call, subresource);
    default:
      break;
  }
  throw pathErrors.methodNotAllowed();
}

async function postSubresource(call: ResourceCall, subresource: "binding" | "eviction"): Promise<ApiResponse> {
  const body = readObjectBody(bodyCall(call, subresource), "Ignore");
  const result = await call.registry.createSubresource(call.ref, call.namespace, call.info.name ?? "", subresource, body, call.ctx);
  if (result === undefined) throw apiErrors.internal(new Error(`${subresource} returned nothing`));
  return jsonResponse(201, result);
}

/** The kinds posted to binding (core/v1 Binding) and eviction (policy/v1 Eviction). */
function bodyCall(call: ResourceCall, subresource: "binding" | "eviction"): ResourceCall {
  const kind = subresource === "binding" ? { group: "", version: "v1", kind: "Binding" } : { group: "policy", version: "v1", kind: "Eviction" };
  return { ...call, def: { ...call.def, info: { ...call.def.info, ...kind } } };
}
