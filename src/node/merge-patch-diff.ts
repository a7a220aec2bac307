import { isPlainObject } from "../api/object.js";

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
    return keys.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The JSON merge patch (RFC 7386) turning before into after: changed values and lists replaced,
 * objects patched key by key, removed keys set to null. Undefined when nothing changed.
 */
export function mergePatchDiff(before: unknown, after: unknown): unknown {
  if (!isPlainObject(before) || !isPlainObject(after)) return jsonEqual(before, after) ? undefined : after;
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    const sub = mergePatchDiff(before[k], v);
    if (sub !== undefined) patch[k] = sub;
  }
  for (const k of Object.keys(before)) {
    if (before[k] !== undefined && after[k] === undefined) patch[k] = null;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
