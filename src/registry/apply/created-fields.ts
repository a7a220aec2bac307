/**
 * The FieldsV1 a create records for its manager, written in one walk over the new object. It
 * is what recordUpdate computes when there is no earlier object and no other manager: the
 * fields compare(undefined, obj) finds added (or, for a node of the wrong shape, modified),
 * less the ignored and the unowned fields; only without the field sets in between, which
 * cost a create more than its validation does.
 */
import type { KubeObject } from "../../api/object.js";
import { isPlainObject } from "../../api/object.js";
import { sortedKeys } from "../../util/sorted-keys.js";
import { indexItems } from "./compare.js";
import { compareElements, fieldElement } from "./field-set.js";
import type { FieldSet, PathElement } from "./field-set.js";
import { unownedFields } from "./managers.js";
import { ignoredFields } from "./ownership.js";
import { isItemized, liveItemElement, memberType, structMember } from "./ssa-type.js";
import type { SsaType } from "./ssa-type.js";

type FieldsV1 = Record<string, unknown>;

/** What is left out below a node: the parts of the ignored and unowned sets there. */
interface Exclusions {
  /** Removed with all below them (FieldSet.recursiveDifference). */
  readonly ignored: FieldSet | undefined;
  /** No longer members, what lies below them stays (FieldSet.difference). */
  readonly unowned: FieldSet | undefined;
}

/** Thrown at a field only compare itself can say what to make of. */
class NeedsComparison extends Error {}

/**
 * obj's FieldsV1 as a create records it, without ignored (f:status, or f:spec through the
 * status subresource) and unowned fields; undefined when obj has a field that compare treats
 * in its own way (a name Object.prototype also has), for the caller to take the general path.
 */
export function createdFieldsV1(obj: KubeObject, type: SsaType, subresource: string | undefined): FieldsV1 | undefined {
  const out: FieldsV1 = {};
  const ex: Exclusions = { ignored: ignoredFields(subresource), unowned: unownedFields };
  try {
    // the root is compared as any node is; a member at the empty path is no member
    if (type.kind === "struct") writeMembers(out, { walk: "members", value: obj as Record<string, unknown>, type, ex });
    else writeChildren(out, { walk: "children", value: obj, type, ex });
  } catch (err) {
    if (err instanceof NeedsComparison) return undefined;
    throw err;
  }
  return out;
}

/** What lies below a node, which of compare's walks finds it, and what is left out there. */
type Contents =
  | { readonly walk: "members"; readonly value: Record<string, unknown>; readonly type: SsaType; readonly ex: Exclusions | undefined }
  | { readonly walk: "items"; readonly value: readonly unknown[]; readonly type: SsaType & { kind: "associative" | "set" }; readonly ex: Exclusions | undefined }
  | { readonly walk: "children"; readonly value: unknown; readonly type: SsaType; readonly ex: Exclusions | undefined };

/** One child: its path element, value and type, and what is left out at its parent. */
interface Child {
  readonly pe: PathElement;
  readonly value: unknown;
  readonly type: SsaType;
  readonly ex: Exclusions | undefined;
  /** The node exists in the Go zero value of the object (see compare). */
  readonly zeroValued: boolean;
}

/**
 * The members of a zero-valued struct or map (compare's walk against an empty one), sorted,
 * into out; whether any was written.
 */
function writeMembers(out: FieldsV1, below: Contents & { readonly walk: "members" }): boolean {
  const { type, value } = below;
  let any = false;
  for (const k of sortedKeys(value)) {
    // compare reads the empty side's k, which Object.prototype's names find
    if (k in emptyObject) throw new NeedsComparison();
    const member = type.kind === "struct" ? structMember(type, k) : undefined;
    const child: Child = member
      ? { pe: member.element, value: value[k], type: member.type, ex: below.ex, zeroValued: member.zeroValued }
      : { pe: fieldElement(k), value: value[k], type: memberType(type, k) ?? deduced, ex: below.ex, zeroValued: false };
    any = walkChild(out, child) || any;
  }
  return any;
}

/** compare's walk of one child against nothing (against an empty one when zero-valued). */
function walkChild(out: FieldsV1, child: Child): boolean {
  const { pe, value, type } = child;
  if (value === undefined) return false;
  if (!child.zeroValued) return markChild(out, child);
  const ex = exclusionsAt(child.ex, pe);
  if (ex === excluded) return false;
  const owned = !child.ex?.unowned?.has([pe]);
  if (type.kind === "struct" || type.kind === "map") {
    if (value === null) return false;
    if (!isPlainObject(value)) return writeNode(out, { pe, member: owned, below: undefined });
    return writeNode(out, { pe, member: false, below: { walk: "members", value, type, ex } });
  }
  if (isItemized(type)) {
    if (value === null) return false;
    if (!Array.isArray(value)) return writeNode(out, { pe, member: owned, below: undefined });
    return writeNode(out, { pe, member: false, below: { walk: "items", value, type, ex } });
  }
  return markChild(out, child);
}

/** compare's markAll of one child: a member, with everything below it. */
function markChild(out: FieldsV1, child: Omit<Child, "zeroValued">): boolean {
  const { pe, value, type } = child;
  const ex = exclusionsAt(child.ex, pe);
  if (ex === excluded) return false;
  const member = !child.ex?.unowned?.has([pe]);
  return writeNode(out, { pe, member, below: hasChildren(value, type) ? { walk: "children", value, type, ex } : undefined });
}

/** compare's markChildren: every item of a keyed list, every member of a granular object. */
function writeChildren(out: FieldsV1, below: Contents & { readonly walk: "children" }): boolean {
  const { type, value, ex } = below;
  if (isItemized(type) && Array.isArray(value)) return writeItems(out, { walk: "items", value, type, ex });
  if (!granular(type) || !isPlainObject(value)) return false;
  let any = false;
  for (const k of sortedKeys(value)) {
    const member = type.kind === "struct" ? structMember(type, k) : undefined;
    const child = member ? { pe: member.element, value: value[k], type: member.type, ex } : { pe: fieldElement(k), value: value[k], type: memberType(type, k) ?? deduced, ex };
    any = markChild(out, child) || any;
  }
  return any;
}

/** The items of a keyed list or set, each marked whole, in path element order. */
function writeItems(out: FieldsV1, below: Contents & { readonly walk: "items" }): boolean {
  const { type, value: items, ex } = below;
  const itemType = type.kind === "associative" ? type.item : leaf;
  // one item (most lists of a pod): nothing to order or to count twice
  if (items.length === 1) return markChild(out, { pe: liveItemElement(type, items[0], 0), value: items[0], type: itemType, ex });
  const byElement = indexItems(items, type);
  let any = false;
  for (const pe of [...byElement.keys()].sort(compareElements)) any = markChild(out, { pe, value: byElement.get(pe), type: itemType, ex }) || any;
  return any;
}

/**
 * Writes one node: {} for a member with nothing below it, "." first for a member with
 * members below it, the members below alone for a node that is none itself.
 */
function writeNode(out: FieldsV1, node: { readonly pe: PathElement; readonly member: boolean; readonly below: Contents | undefined }): boolean {
  const inner: FieldsV1 = node.member ? { ".": {} } : {};
  if (node.below && writeContents(inner, node.below)) out[node.pe] = inner;
  else if (node.member) out[node.pe] = {};
  else return false;
  return true;
}

function writeContents(out: FieldsV1, below: Contents): boolean {
  switch (below.walk) {
    case "members":
      return writeMembers(out, below);
    case "items":
      return writeItems(out, below);
    case "children":
      return writeChildren(out, below);
  }
}

const excluded: Exclusions = { ignored: undefined, unowned: undefined };

/** What is left out below pe; `excluded` when pe itself is ignored. */
function exclusionsAt(ex: Exclusions | undefined, pe: PathElement): Exclusions | undefined {
  if (!ex) return undefined;
  if (ex.ignored?.has([pe])) return excluded;
  const ignored = ex.ignored?.childAt(pe);
  const unowned = ex.unowned?.childAt(pe);
  return ignored || unowned ? { ignored, unowned } : undefined;
}

/** Whether markChildren marks anything below value. */
function hasChildren(value: unknown, type: SsaType): boolean {
  if (isItemized(type) && Array.isArray(value)) return value.length > 0;
  if (granular(type) && isPlainObject(value)) {
    for (const _ in value) return true;
  }
  return false;
}

const emptyObject: Record<string, unknown> = {};
const leaf: SsaType = { kind: "leaf" };
const deduced: SsaType = { kind: "deduced" };

function granular(type: SsaType): boolean {
  return type.kind === "struct" || type.kind === "map" || type.kind === "deduced";
}
