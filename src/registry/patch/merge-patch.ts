/**
 * JSON merge patch (RFC 7386) as upstream applies it with evanphx/json-patch v4: objects
 * merge key by key, null deletes, anything else replaces; nulls inside a value that replaces
 * a non-object are pruned.
 */
import { apiErrors } from "../../api/status.js";
import { fieldErrors } from "../../api/field-errors.js";
import { clone, isPlainObject } from "../../api/object.js";
import { badPatch } from "./patch-errors.js";

/** Applies patch (the decoded body) to doc; returns a new object. */
export function mergePatch(doc: Record<string, unknown>, patch: unknown): Record<string, unknown> {
  if (Array.isArray(patch)) {
    // upstream's merge yields the array itself, which then fails to decode as the object
    const text = JSON.stringify(pruneNulls(clone(patch)));
    throw apiErrors.invalid({ group: "", kind: "" }, "", [
      fieldErrors.invalid("patch", text, "json: cannot unmarshal array into Go value of type map[string]interface {}"),
    ]);
  }
  if (!isPlainObject(patch)) throw badPatch("Invalid JSON Patch");
  const out = clone(doc);
  mergeInto(out, clone(patch));
  return out;
}

function mergeInto(doc: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (cur === undefined || cur === null) doc[k] = pruneNulls(v);
    else doc[k] = merged(cur, v);
  }
}

function merged(cur: unknown, patch: unknown): unknown {
  if (!isPlainObject(cur)) return pruneNulls(patch);
  if (!isPlainObject(patch)) return patch;
  mergeInto(cur, patch);
  return cur;
}

/** Drops null members of objects, at any depth (arrays keep their null items). */
function pruneNulls<T>(v: T): T {
  if (Array.isArray(v)) {
    for (const item of v) if (item !== null) pruneNulls(item);
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else pruneNulls(x);
    }
  }
  return v;
}
