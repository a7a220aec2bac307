/**
 * PATCH bodies other than server-side apply, as pure functions over decoded JSON.
 *
 * The registry calls, for PATCH with Content-Type
 *   application/json-patch+json            → type "json"      (RFC 6902)
 *   application/merge-patch+json           → type "merge"     (RFC 7386)
 *   application/strategic-merge-patch+json → type "strategic" (upstream's strategic merge patch)
 *
 *   applyPatch(current, patch, { type, apiVersion, kind }): Record<string, unknown>
 *
 * - current: the live object as served at the request's version (converted from storage),
 *   a plain JSON object; it is not changed.
 * - patch: the decoded request body (unknown until checked here).
 * - apiVersion/kind: the request's version and kind; strategic merge patch reads list merge
 *   keys and strategies for them from api/schema.
 * Returns the patched object (a new value). Throws StatusError as upstream answers:
 *   400 BadRequest  the body is not a patch of that type (e.g. a JSON patch that is not a list)
 *   422 Invalid     a JSON patch operation does not apply ("the server rejected our request due to an
 *                   error in our request"), lists of lists, $retainKeys not matching the patch
 *   500             a strategic patch that names a field the type does not have where both sides
 *                   hold a map or list ("unable to find api field in struct X for the json field …")
 * Server-side apply (type "apply") lives in ../apply/index.ts.
 */
import type { PatchType } from "../../api/options.js";
import { jsonPatch } from "./json-patch.js";
import { mergePatch } from "./merge-patch.js";
import { rootPatchSchema } from "./patch-schema.js";
import { strategicMergePatch } from "./strategic-merge-patch.js";

export { jsonPatch } from "./json-patch.js";
export { mergePatch } from "./merge-patch.js";
export { strategicMergePatch } from "./strategic-merge-patch.js";
export { rootPatchSchema } from "./patch-schema.js";
export type { PatchSchema } from "./patch-schema.js";
export { patchErrorDetail } from "./patch-errors.js";

/** The patch types handled here. */
export type ObjectPatchType = Exclude<PatchType, "apply">;

export interface ApplyPatchOptions {
  readonly type: ObjectPatchType;
  /** The request's apiVersion ("apps/v1"), which picks the schema for strategic merge patch. */
  readonly apiVersion: string;
  readonly kind: string;
}

/** Applies a patch of the given type to current; see the file comment for errors. */
export function applyPatch(current: Record<string, unknown>, patch: unknown, options: ApplyPatchOptions): Record<string, unknown> {
  switch (options.type) {
    case "json":
      return jsonPatch(current, patch);
    case "merge":
      return mergePatch(current, patch);
    case "strategic":
      return strategicMergePatch(current, patch, rootPatchSchema(options.apiVersion, options.kind));
  }
}
