import { StatusError } from "../../api/status.js";
import type { RegistrySubresource } from "../../registry/registry.js";
import { headerValue, type ApiResponse } from "../api-request.js";
import { readObjectBody } from "../decode/object-body.js";
import { readPatchBody } from "../decode/patch-body.js";
import { outputTarget } from "../output-target.js";
import { writeOptions } from "../query-options.js";
import type { ResourceCall } from "../resource-call.js";
import { writeObject } from "../write-object.js";

/** POST to a collection: 201 with the stored object. */
export async function createObject(call: ResourceCall): Promise<ApiResponse> {
  const target = outputTarget(headerValue(call.req.headers, "accept"));
  const options = writeOptions(call.query, "CreateOptions");
  const body = readObjectBody(call, options.fieldValidation);
  const obj = await call.registry.create(call.ref, call.namespace, body, options, call.ctx);
  return writeObject(call, target, 201, obj);
}

/** PUT of an object or its status/scale: 200, or 201 when it created the object. */
export async function updateObject(call: ResourceCall, subresource?: RegistrySubresource): Promise<ApiResponse> {
  const target = subresource ? ({ as: "object", format: "json" } as const) : outputTarget(headerValue(call.req.headers, "accept"));
  const options = writeOptions(call.query, "UpdateOptions");
  const body = subresource === "scale" ? readScaleBody(call) : readObjectBody(call, options.fieldValidation);
  const name = call.info.name ?? "";
  const result = await call.registry.update(call.ref, call.namespace, name, body, { ...options, ...(subresource ? { subresource } : {}) }, call.ctx);
  return writeObject(call, target, result.created ? 201 : 200, result.object);
}

/** A Scale body is autoscaling/v1, not the resource's kind: decode it without the kind's schema. */
function readScaleBody(call: ResourceCall): Record<string, unknown> {
  const scaleCall: ResourceCall = {
    ...call,
    def: { ...call.def, info: { ...call.def.info, group: "autoscaling", version: "v1", kind: "Scale" } },
  };
  return readObjectBody(scaleCall, "Ignore");
}

/** PATCH of an object or its status/scale, in any of the four patch types. */
export async function patchObject(call: ResourceCall, subresource?: RegistrySubresource): Promise<ApiResponse> {
  const target = subresource ? ({ as: "object", format: "json" } as const) : outputTarget(headerValue(call.req.headers, "accept"));
  const base = writeOptions(call.query, "PatchOptions");
  const force = call.query.get("force");
  const patch = readPatchBody(call, base.fieldValidation);
  if (force !== null && patch.type !== "apply") throw forceOnlyForApply();
  const options = { ...base, ...(force === "true" ? { force: true } : {}), ...(subresource ? { subresource } : {}) };
  const name = call.info.name ?? "";
  const result = await call.registry.patch(call.ref, call.namespace, name, patch.type, patch.value, options, call.ctx);
  return writeObject(call, target, result.created ? 201 : 200, result.object);
}

function forceOnlyForApply(): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    reason: "Invalid",
    details: { group: "meta.k8s.io", kind: "PatchOptions", causes: [{ reason: "FieldValueForbidden", message: "Forbidden: may not be specified for non-apply patch", field: "force" }] },
    code: 422,
  });
}

