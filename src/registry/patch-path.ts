import { clone, type KubeObject } from "../api/object.js";
import type { PatchType } from "../api/options.js";
import { apiVersionOf } from "../api/resource.js";
import { apiErrors, type StatusError } from "../api/status.js";
import { rfc3339 } from "../util/clock.js";
import { applyConfiguration } from "./apply/index.js";
import { checkNameMatchesUrl, decodeBody, ensureNamespace } from "./body-checks.js";
import { toServed } from "./codec.js";
import { applyPatch } from "./patch/index.js";
import type { RegistryPatchOptions, WriteResult } from "./registry.js";
import { writeObject, type WriteDeps, type WriteRequest } from "./write-path.js";

export interface PatchRequest {
  readonly type: PatchType;
  readonly patch: unknown;
  readonly options: RegistryPatchOptions;
}

/**
 * PATCH: the patch is applied to the current object as the request's version serves it,
 * then the result takes the update path; on a compare-and-swap race the patch is applied
 * again to the new current object (a patch carrying a stale resourceVersion gets the 409).
 * Server-side apply may create the object.
 */
export function patchObject(deps: WriteDeps, req: WriteRequest, patch: PatchRequest): Promise<WriteResult> {
  const { res } = req;
  const info = res.served.info;
  const apiVersion = apiVersionOf(info);
  const { options } = patch;
  if (patch.type === "apply") {
    const manager = options.fieldManager;
    if (!manager) throw fieldManagerRequired();
    const applyReq: WriteRequest = { ...req, allowCreate: options.subresource === undefined, operation: "Apply" };
    return writeObject(deps, applyReq, (current) => {
      // the merged result may share parts of the live object, which admission then changes
      const live = current === undefined ? undefined : toServed(res, clone(current));
      const applied = applyConfiguration(live, patch.patch, {
        manager,
        apiVersion,
        kind: info.kind,
        time: rfc3339(deps.clock.now()),
        ...(options.force ? { force: true } : {}),
        ...(options.subresource ? { subresource: options.subresource } : {}),
      });
      return checkedResult(deps, req, applied.object);
    });
  }
  const type = patch.type;
  // applyPatch leaves the object it patches as it was
  return writeObject(deps, req, (current) => {
    const served = toServed(res, current!) as unknown as Record<string, unknown>;
    return checkedResult(deps, req, applyPatch(served, patch.patch, { type, apiVersion, kind: info.kind }));
  });
}

/** A patched object must still be of the URL's kind, name and namespace. */
function checkedResult(deps: WriteDeps, req: WriteRequest, patched: unknown): KubeObject {
  const obj = decodeBody(req.res, deps.table, patched);
  checkNameMatchesUrl(obj, req.name, req.namespace);
  ensureNamespace(req.res, obj, req.namespace);
  return obj;
}

function fieldManagerRequired(): StatusError {
  return apiErrors.invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", [
    { type: "FieldValueRequired", field: "fieldManager", badValue: "", detail: "is required for apply requests" },
  ]);
}
