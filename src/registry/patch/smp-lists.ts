/**
 * Lists under strategic merge patch's "merge" strategy (upstream's mergeSlice): objects
 * merged by their merge key with `$patch: delete|replace` items, scalars merged as a set or
 * deleted through a `$deleteFromPrimitiveList/<list>` parallel list.
 */
import { isPlainObject } from "../../api/object.js";
import { goTypeOf, goValue } from "./go-format.js";
import { unexpectedPatchError, unprocessablePatch } from "./patch-errors.js";
import { goKind } from "./patch-schema.js";
import type { PatchSchema } from "./patch-schema.js";
import { findByKey, noMergeKey, normalizeElementOrder, partitionByPresence } from "./smp-order.js";
import type { ElementKind, JsonMap } from "./smp-order.js";

/** Merges two objects under a schema: supplied by the map merger, to which lists recurse. */
export type MergeMap = (original: JsonMap, patch: JsonMap, schema: PatchSchema) => JsonMap;

export interface MergeSliceOptions {
  readonly mergeKey: string;
  /** The patch is a $deleteFromPrimitiveList list: remove its items. */
  readonly deleteList: boolean;
  readonly mergeMap: MergeMap;
}

/** The kind shared by every item of the lists (sliceElementType). */
export function elementKind(...lists: ReadonlyArray<readonly unknown[]>): ElementKind {
  let first: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeOf(v);
      if (first === undefined) {
        first = t;
        if (Array.isArray(v)) throw unprocessablePatch("lists of lists are not supported");
      } else if (t !== first) {
        throw unexpectedPatchError(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  if (first === undefined) throw unexpectedPatchError("no elements in any of the given slices");
  return first === "map[string]interface {}" ? "map" : "scalar";
}

/** Merges patch into original, both lists of elements described by schema. */
export function mergeSlice(original: unknown[], patch: unknown[], schema: PatchSchema, options: MergeSliceOptions): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  const { mergeKey } = options;
  if (kind === "scalar") {
    if (options.deleteList) return original.filter((v) => !patch.includes(v));
    const merged = deduplicateScalars([...original, ...patch]);
    const [patchItems, serverOnly] = partitionByPresence(merged, patch, "");
    return normalizeElementOrder(patchItems, serverOnly, { patch, server: original }, { mergeKey: "", kind });
  }
  if (mergeKey === "") throw unexpectedPatchError(`cannot merge lists without merge key for ${goKind(schema)}`);
  const special = applySpecialElements(original, patch, mergeKey);
  const merged = mergeByKey(special.original, special.patch, schema, options);
  const [patchItems, serverOnly] = partitionByPresence(merged, special.patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, { patch: special.patch, server: special.original }, { mergeKey, kind });
}

/**
 * upstream's deduplicateScalars, order effects included: a duplicate is overwritten by the
 * last item, which is how a merged list of scalars ends up ordered before normalization.
 */
function deduplicateScalars(items: unknown[]): unknown[] {
  const s = [...items];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Applies `$patch` items: delete removes matching originals, replace makes the patch the list. */
function applySpecialElements(original: unknown[], patch: unknown[], mergeKey: string): { original: unknown[]; patch: unknown[] } {
  const plain: unknown[] = [];
  let current = original;
  let replace = false;
  for (const v of patch) {
    const item = v as JsonMap;
    if (!Object.hasOwn(item, "$patch")) {
      plain.push(v);
      continue;
    }
    const directive = item["$patch"];
    if (directive === "delete") {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      current = deleteMatching(current, mergeKey, item[mergeKey]);
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw unexpectedPatchError("merging lists cannot yet be specified in the patch");
    } else {
      throw unexpectedPatchError(`unknown patch type: ${String(directive)} in map: ${goValue(item)}`);
    }
  }
  return replace ? { original: plain, patch: [] } : { original: current, patch: plain };
}

function deleteMatching(list: unknown[], key: string, value: unknown): unknown[] {
  const out = [...list];
  for (let i = findByKey(out, key, value); i >= 0; i = findByKey(out, key, value)) out.splice(i, 1);
  return out;
}

function mergeByKey(original: unknown[], patch: unknown[], schema: PatchSchema, options: MergeSliceOptions): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const item = v as JsonMap;
    if (!Object.hasOwn(item, options.mergeKey)) throw noMergeKey(item, options.mergeKey);
    const i = findByKey(out, options.mergeKey, item[options.mergeKey]);
    if (i >= 0) {
      const existing = out[i];
      out[i] = options.mergeMap(isPlainObject(existing) ? existing : {}, item, schema);
    } else {
      out.push(v);
    }
  }
  return out;
}
