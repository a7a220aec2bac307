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
  walk(lhs, rhs, type, { cmp, path: [], zeroValued: true });
  return cmp;
}

interface WalkState {
  readonly cmp: Comparison;
  /** The path of the node being compared: pushed and popped as the walk goes down and up. */
  readonly path: PathElement[];
  /** The node exists in the Go zero value of the object (see compare). */
  readonly zeroValued: boolean;
}

function walk(lhs: unknown, rhs: unknown, type: SsaType, state: WalkState): void {
  const { cmp, path } = state;
  if (lhs === undefined && rhs === undefined) return;
  if (state.zeroValued) {
    const empty = type.kind === "struct" || type.kind === "map" ? {} : isItemized(type) ? [] : undefined;
    lhs ??= empty;
    rhs ??= empty;
  }
  if (lhs === undefined) return markAll(rhs, type, path, cmp.added);
  if (rhs === undefined) return markAll(lhs, type, path, cmp.removed);
  if (isItemized(type) && Array.isArray(lhs) && Array.isArray(rhs)) return walkItems(lhs, rhs, type, state);
  if (granular(type) && isPlainObject(lhs) && isPlainObject(rhs)) return walkMembers(lhs, rhs, type, state);
  if (!jsonEqual(lhs, rhs)) cmp.modified.insert(path);
}

function walkItems(lhs: unknown[], rhs: unknown[], type: SsaType & { kind: "associative" | "set" }, state: WalkState): void {
  const l = indexItems(lhs, type);
  const r = indexItems(rhs, type);
  const itemState = state.zeroValued ? { ...state, zeroValued: false } : state;
  const item = childOf(type);
  for (const [pe, lv] of l) walkBelow(lv, r.get(pe), item, pe, itemState);
  for (const [pe, rv] of r) if (!l.has(pe)) walkBelow(undefined, rv, item, pe, itemState);
}

function walkMembers(lhs: Record<string, unknown>, rhs: Record<string, unknown>, type: SsaType, state: WalkState): void {
  for (const k of Object.keys(lhs)) walkMember(lhs, rhs, type, { k, state });
  for (const k of Object.keys(rhs)) if (!Object.hasOwn(lhs, k)) walkMember(lhs, rhs, type, { k, state });
}

function walkMember(lhs: Record<string, unknown>, rhs: Record<string, unknown>, type: SsaType, at: { k: string; state: WalkState }): void {
  const { k, state } = at;
  const childType = memberType(type, k) ?? deduced;
  const zeroValued = state.zeroValued && type.kind === "struct" && (childType.kind === "struct" || (type.type.required.includes(k) && !!structField(type, k)));
  walkBelow(lhs[k], rhs[k], childType, fieldElement(k), zeroValued === state.zeroValued ? state : { ...state, zeroValued });
}

function walkBelow(lhs: unknown, rhs: unknown, type: SsaType, pe: PathElement, state: WalkState): void {
  // An equal subtree has nothing to mark, and most of a write leaves most of the object as it
  // was (a status write, the whole spec): plain equality tells so at a fifth of the walk's cost.
  if (jsonEqual(lhs, rhs)) return;
  state.path.push(pe);
  walk(lhs, rhs, type, state);
  state.path.pop();
}

/** Marks a node and everything below it. */
function markAll(value: unknown, type: SsaType, path: FieldPath, set: FieldSet): void {
  set.insert(path);
  if (hasChildren(value, type)) markChildren(value, type, path.length === 0 ? set : set.below(path));
}

/** Marks everything below value into below, the set at value's path. */
function markChildren(value: unknown, type: SsaType, below: FieldSet): void {
  if (isItemized(type) && Array.isArray(value)) {
    const item = childOf(type);
    for (const [pe, v] of indexItems(value, type)) markMember(v, item, below, pe);
  } else if (granular(type) && isPlainObject(value)) {
    for (const k of Object.keys(value)) markMember(value[k], memberType(type, k) ?? deduced, below, fieldElement(k));
  }
}

function markMember(value: unknown, type: SsaType, set: FieldSet, pe: PathElement): void {
  if (hasChildren(value, type)) markChildren(value, type, set.insertChild(pe));
  else set.insert([pe]);
}

/** Whether markChildren would mark anything below value (so a set below it is needed). */
function hasChildren(value: unknown, type: SsaType): boolean {
  if (isItemized(type) && Array.isArray(value)) return value.length > 0;
  if (granular(type) && isPlainObject(value)) {
    for (const _ in value) return true;
  }
  return false;
}

const deduced: SsaType = { kind: "deduced" };

function granular(type: SsaType): boolean {
  return type.kind === "struct" || type.kind === "map" || type.kind === "deduced";
}

function childOf(type: SsaType): SsaType {
  return type.kind === "associative" ? type.item : leaf;
}

const leaf: SsaType = { kind: "leaf" };

/** Items by path element; a later duplicate wins, as it would in a map. */
export function indexItems(items: readonly unknown[], type: SsaType & { kind: "associative" | "set" }): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  items.forEach((item, i) => out.set(liveItemElement(type, item, i), item));
  return out;
}
