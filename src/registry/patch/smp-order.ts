/**
 * How strategic merge patch orders a merged list (upstream's normalizeElementOrder): items
 * named by the patch (or its $setElementOrder list) keep the patch's order, items only the
 * server had keep theirs, and the two are interleaved by where the live list had them.
 */
import { isPlainObject } from "../../api/object.js";
import { goTypeOf, goValue } from "./go-format.js";
import { unexpectedPatchError } from "./patch-errors.js";

/** Whether list items are objects (merged by key) or scalars. */
export type ElementKind = "map" | "scalar";

export type JsonMap = Record<string, unknown>;

/** mergepatch.ErrBadArgType for an item expected to be an object. */
export function notAMap(v: unknown): Error {
  return unexpectedPatchError(`expected a map[string]interface {}, but received a ${goTypeOf(v)}`);
}

/** mergepatch.ErrNoMergeKey. */
export function noMergeKey(m: JsonMap, key: string): Error {
  return unexpectedPatchError(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
}

/** The value an item is identified by: its merge key for objects, itself for scalars. */
function identity(item: unknown, mergeKey: string, kind: ElementKind): unknown {
  if (kind !== "map") return item;
  return isPlainObject(item) ? item[mergeKey] : undefined;
}

/** The position of item in list, matched by identity, or -1. */
export function indexOf(list: readonly unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const id = identity(item, mergeKey, kind);
  return list.findIndex((v) => identity(v, mergeKey, kind) === id);
}

function validateMergeKeys(mergeKey: string, ...lists: ReadonlyArray<readonly unknown[]>): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isPlainObject(item)) throw notAMap(item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** Splits off the items marked `$patch: delete`. */
export function extractToDeleteItems(list: readonly unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw notAMap(v);
    (v["$patch"] === "delete" ? toDelete : keep).push(v);
  }
  return [keep, toDelete];
}

/** Sorts toSort by the items' positions in order (stable), deletion markers last. */
export function normalizeSliceOrder(toSort: readonly unknown[], order: readonly unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === "map") {
    validateMergeKeys(mergeKey, toSort, order);
    [items, toDelete] = extractToDeleteItems(items);
  }
  const position = (v: unknown): number => {
    const i = indexOf(order, v, mergeKey, kind);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  const sorted = items.map((v, i) => ({ v, i, p: position(v) })).sort((a, b) => (a.p === b.p ? a.i - b.i : a.p < b.p ? -1 : 1));
  return [...sorted.map((x) => x.v), ...toDelete];
}

/**
 * Interleaves server-only items (left) into the patch's items (right), each side keeping its
 * order; a left item goes first when the live list (serverOrder) had it before the right one.
 */
export function mergeSortedSlice(left: readonly unknown[], right: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** upstream's normalizeElementOrder. */
export function normalizeElementOrder(
  patchItems: readonly unknown[],
  serverOnly: readonly unknown[],
  order: { readonly patch: readonly unknown[]; readonly server: readonly unknown[] },
  item: { readonly mergeKey: string; readonly kind: ElementKind },
): unknown[] {
  const patch = normalizeSliceOrder(patchItems, order.patch, item.mergeKey, item.kind);
  const server = normalizeSliceOrder(serverOnly, order.server, item.mergeKey, item.kind);
  return mergeSortedSlice(server, patch, order.server, item.mergeKey, item.kind);
}

/** Finds the object in list whose key equals value (findMapInSliceBasedOnKeyValue). */
export function findByKey(list: readonly unknown[], key: string, value: unknown): number {
  for (let k = 0; k < list.length; k++) {
    const v = list[k];
    if (!isPlainObject(v)) throw unexpectedPatchError(`value for key ${k} is not a map.`);
    if (Object.hasOwn(v, key) && v[key] === value) return k;
  }
  return -1;
}

/** Splits merged into the items partitionBy names (by identity) and the others. */
export function partitionByPresence(merged: readonly unknown[], partitionBy: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of merged) {
    let found: boolean;
    if (mergeKey === "") found = partitionBy.includes(v);
    else {
      if (!isPlainObject(v)) throw notAMap(v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      found = findByKey(partitionBy, mergeKey, v[mergeKey]) >= 0;
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}
