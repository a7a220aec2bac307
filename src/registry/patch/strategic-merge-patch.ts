/**
 * Strategic merge patch as upstream's apiserver applies it (strategicpatch.StrategicMergeMapPatch
 * with MergeParallelList and IgnoreUnmatchedNulls): a JSON merge patch in which lists with
 * patchStrategy "merge" are merged by patchMergeKey, with the directives `$patch`
 * (replace|delete on maps, replace|delete on list items), `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
 */
import { clone, isPlainObject } from "../../api/object.js";
import { goTypeOf, goValue, sameGoType } from "./go-format.js";
import { jsonKind } from "./json-patch.js";
import { badPatch, unexpectedPatchError } from "./patch-errors.js";
import { lookupField, lookupSliceField } from "./patch-schema.js";
import type { PatchMeta, PatchSchema } from "./patch-schema.js";
import { elementKind, mergeSlice } from "./smp-lists.js";
import { normalizeElementOrder, partitionByPresence } from "./smp-order.js";
import type { JsonMap } from "./smp-order.js";

const directiveMarker = "$patch";
const retainKeysDirective = "$retainKeys";
const setElementOrderPrefix = "$setElementOrder";
const deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

/** Applies patch (the decoded body) to original under schema; returns a new object. */
export function strategicMergePatch(original: JsonMap, patch: unknown, schema: PatchSchema): JsonMap {
  if (patch === null) return clone(original);
  if (!isPlainObject(patch)) throw badPatch(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
  const merged = mergeMap(clone(original), clone(patch), schema);
  dropDirectives(merged, schema);
  return merged;
}

/** upstream's mergeMap; changes and returns original. */
export function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (Object.hasOwn(patch, directiveMarker)) return mapDirective(patch[directiveMarker], patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema);
  for (const [patchKey, patchValue] of Object.entries(patch)) {
    const deleteList = patchKey.startsWith(deleteFromPrimitiveListPrefix);
    const key = deleteList ? extractKey(patchKey, deleteFromPrimitiveListPrefix) : patchKey;
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const current = original[key];
    if (!Object.hasOwn(original, key) || !sameGoType(current, patchValue)) {
      original[key] = patchValue;
      continue;
    }
    if (isPlainObject(current) && isPlainObject(patchValue)) {
      const field = lookupField(schema, key);
      original[key] = patchStrategy(field.meta) === "replace" ? patchValue : mergeMap(current, patchValue, field.schema);
    } else if (Array.isArray(current) && Array.isArray(patchValue)) {
      const field = lookupSliceField(schema, key);
      original[key] = mergeListField(current, patchValue, field, deleteList);
    } else {
      original[key] = patchValue;
    }
  }
  return original;
}

function mergeListField(current: unknown[], patch: unknown[], field: { schema: PatchSchema; meta: PatchMeta }, deleteList: boolean): unknown[] {
  if (patchStrategy(field.meta) !== "merge") return patch;
  return mergeSlice(current, patch, field.schema, { mergeKey: field.meta.mergeKey, deleteList, mergeMap });
}

/** `$patch` in a map: replace yields the patch itself, delete an empty map. */
function mapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === "replace") {
    delete patch[directiveMarker];
    return patch;
  }
  if (directive === "delete") return {};
  throw unexpectedPatchError(`unknown patch type: ${String(directive)} in map: ${goValue(patch)}`);
}

/** The patch strategy besides retainKeys (extractRetainKeysPatchStrategy). */
function patchStrategy(meta: PatchMeta): string {
  const s = meta.strategies;
  if (s.length === 0) return "";
  if (s.length === 1) return s[0] === "retainKeys" ? "" : s[0]!;
  if (s.length === 2 && s[0] === "retainKeys") return s[1]!;
  if (s.length === 2 && s[1] === "retainKeys") return s[0]!;
  throw unexpectedPatchError(`unexpected patch strategy: [${s.join(" ")}]`);
}

/** "$setElementOrder/containers" → "containers"; a prefix without "/" is a bad patch. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badPatch(prefix === deleteFromPrimitiveListPrefix ? "invalid patch format of primitive list" : "invalid patch format of setElementOrder list");
  }
  return key.slice(slash + 1);
}

/**
 * `$retainKeys: [...]`: the original keeps only the listed keys; every key the patch sets
 * must be listed.
 */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw badPatch("invalid patch format of retainKeys");
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue;
    if (!retain.includes(k)) throw badPatch("invalid patch format of retainKeys");
  }
  for (const k of Object.keys(original)) if (!retain.includes(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>`: merges that list now and orders the result as the directive
 * says, then drops both from the patch (mergePatchIntoOriginal).
 */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: PatchSchema): void {
  for (const [directiveKey, order] of Object.entries(patch)) {
    if (!directiveKey.startsWith(setElementOrderPrefix)) continue;
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw unexpectedPatchError(`expected a []interface {}, but received a ${goTypeOf(order)}`);
    const key = extractKey(directiveKey, setElementOrderPrefix);
    const originalList = listAt(original, key);
    const patchList = listAt(patch, key);
    const field = lookupSliceField(schema, key);
    const mergeKey = field.meta.mergeKey;
    validateOrder(patchList ?? [], order, mergeKey);
    let merged: unknown[];
    if (originalList && patchList) merged = mergeListField(originalList, patchList, field, false);
    else if (originalList ?? patchList) merged = (originalList ?? patchList)!;
    else continue;
    const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const kind = elementKind(originalList ?? [], patchList ?? []);
    original[key] = normalizeElementOrder(patchItems, serverOnly, { patch: order, server: originalList ?? [] }, { mergeKey, kind });
    delete patch[key];
  }
}

function listAt(m: JsonMap, key: string): unknown[] | undefined {
  if (!Object.hasOwn(m, key)) return undefined;
  const v = m[key];
  if (!Array.isArray(v)) throw unexpectedPatchError(`expected a []interface {}, but received a ${goTypeOf(v)}`);
  return v;
}

/** The patch list's items (deletions aside) must appear in the $setElementOrder list, in its order. */
function validateOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? patchList.filter((v) => !(isPlainObject(v) && v["$patch"] === "delete")) : [...patchList];
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isPlainObject(item) && Object.hasOwn(item, directiveMarker)) {
      p++;
      continue;
    }
    if (sameItem(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length) {
    throw unexpectedPatchError(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goValue(order)}\n`);
  }
}

function sameItem(a: unknown, b: unknown, mergeKey: string): boolean {
  if (!mergeKey) return a === b;
  if (!isPlainObject(a)) throw unexpectedPatchError(`expected a map[string]interface {}, but received a ${goTypeOf(a)}`);
  if (!isPlainObject(b)) throw unexpectedPatchError(`expected a map[string]interface {}, but received a ${goTypeOf(b)}`);
  for (const m of [a, b]) {
    if (!Object.hasOwn(m, mergeKey)) throw unexpectedPatchError(`map: ${goValue(m)} does not contain declared merge key: ${mergeKey}`);
  }
  return a[mergeKey] === b[mergeKey];
}

function isDirectiveKey(key: string): boolean {
  return key === directiveMarker || key === retainKeysDirective || key.startsWith(`${setElementOrderPrefix}/`) || key.startsWith(`${deleteFromPrimitiveListPrefix}/`);
}

/**
 * Directives left where the live object had nothing to merge into are not fields: upstream
 * drops them when it decodes the result into its typed object. Free-form values
 * (RawExtension) keep them, as they keep everything.
 */
function dropDirectives(value: unknown, schema: PatchSchema): void {
  if (Array.isArray(value)) {
    if (schema.kind === "slice") for (const item of value) dropDirectives(item, schema.items);
    return;
  }
  if (!isPlainObject(value)) return;
  if (schema.kind === "map") {
    for (const v of Object.values(value)) dropDirectives(v, schema.values);
  } else if (schema.kind === "struct" && schema.type.kind === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (isDirectiveKey(k)) delete value[k];
      else if (Object.hasOwn(schema.type.fields, k)) dropDirectives(v, lookupField(schema, k).schema);
    }
  }
}
