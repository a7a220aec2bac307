/**
 * What changed between two versions of an object, path by path (upstream's
 * TypedValue.Compare): leaves whose value changed, nodes that appeared, nodes that went.
 */
import { isPlainObject } from "../../api/object.js";
import { jsonEqual } from "../patch/json-patch.js";
import { FieldSet, fieldElement } from "./field-set.js";
import type { FieldPath, PathElement } from "./field-set.js";
import { isItemized, liveItemElement, memberType, structField } from "./ssa-type.js";
import type { SsaType } from "./ssa-type.js";

export interface Comparison {
  readonly modified: FieldSet;
  readonly added: FieldSet;
  readonly removed: FieldSet;
}

/**
 * Compares lhs (undefined: no object yet) with rhs. Upstream compares Go-typed objects, in
 * which every struct reached through struct fields from the top, and every required list
 * and map there, exists even when empty: such a node is never added or removed itself, only
 * what it holds is.
 */
export function compare(lhs: unknown, rhs: unknown, type: SsaType): Comparison {
  const cmp: Comparison = { modified: new FieldSet(), added: new FieldSet(), removed: new FieldSet() };
  walk(lhs, rhs, type, [], { cmp, zeroValued: true });
  return cmp;
}

interface WalkState {
  readonly cmp: Comparison;
  /** The node exists in the Go zero value of the object (see compare). */
  readonly zeroValued: boolean;
}

function walk(lhs: unknown, rhs: unknown, type: SsaType, path: FieldPath, state: WalkState): void {
  const { cmp } = state;
  if (lhs === undefined && rhs === undefined) return;
  if (state.zeroValued) {
    const empty = type.kind === "struct" || type.kind === "map" ? {} : isItemized(type) ? [] : undefined;
    lhs ??= empty;
    rhs ??= empty;
  }
  if (lhs === undefined) return markAll(rhs, type, path, cmp.added);
  if (rhs === undefined) return markAll(lhs, type, path, cmp.removed);
  if (isItemized(type) && Array.isArray(lhs) && Array.isArray(rhs)) {
    const l = indexItems(lhs, type);
    const r = indexItems(rhs, type);
    for (const pe of new Set([...l.keys(), ...r.keys()])) walk(l.get(pe), r.get(pe), childOf(type), [...path, pe], { cmp, zeroValued: false });
    return;
  }
  if (granular(type) && isPlainObject(lhs) && isPlainObject(rhs)) {
    for (const k of new Set([...Object.keys(lhs), ...Object.keys(rhs)])) {
      const childType = memberType(type, k) ?? { kind: "deduced" };
      const zeroValued = state.zeroValued && type.kind === "struct" && (childType.kind === "struct" || (type.type.required.includes(k) && !!structField(type, k)));
      walk(lhs[k], rhs[k], childType, [...path, fieldElement(k)], { cmp, zeroValued });
    }
    return;
  }
  if (!jsonEqual(lhs, rhs)) cmp.modified.insert(path);
}

/** Marks a node and everything below it. */
function markAll(value: unknown, type: SsaType, path: FieldPath, set: FieldSet): void {
  set.insert(path);
  markChildren(value, type, path, set);
}

function markChildren(value: unknown, type: SsaType, path: FieldPath, set: FieldSet): void {
  if (isItemized(type) && Array.isArray(value)) {
    for (const [pe, item] of indexItems(value, type)) markAll(item, childOf(type), [...path, pe], set);
  } else if (granular(type) && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) markAll(v, memberType(type, k) ?? { kind: "deduced" }, [...path, fieldElement(k)], set);
  }
}

function granular(type: SsaType): boolean {
  return type.kind === "struct" || type.kind === "map" || type.kind === "deduced";
}

function childOf(type: SsaType): SsaType {
  return type.kind === "associative" ? type.item : { kind: "leaf" };
}

/** Items by path element; a later duplicate wins, as it would in a map. */
export function indexItems(items: readonly unknown[], type: SsaType & { kind: "associative" | "set" }): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  items.forEach((item, i) => out.set(liveItemElement(type, item, i), item));
  return out;
}
