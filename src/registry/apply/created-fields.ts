/**
 * The FieldsV1 a create records for its manager, written in one walk over the new object. It
 * is what recordUpdate computes when there is no earlier object and no other manager: the
 * fields compare(undefined, obj) finds added (or, for a node of the wrong shape, modified),
 * less the ignored and the unowned fields; only without the field sets in between, which
 * cost a create more than its validation does.
 */
import type { KubeObject } from "../../api/object.js";
import { isPlainObject } from "../../api/object.js";
import { indexItems } from "./compare.js";
import { compareElements, fieldElement } from "./field-set.js";
import type { FieldSet, PathElement } from "./field-set.js";
import { unownedFields } from "./managers.js";
import { ignoredFields } from "./ownership.js";
import { isItemized, memberType, structMember } from "./ssa-type.js";
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
    if (type.kind === "struct") writeMembers(out, obj as Record<string, unknown>, { type, ex });
    else writeChildren(out, obj, { type, ex });
  } catch (err) {
    if (err instanceof NeedsComparison) return undefined;
    throw err;
  }
  return out;
}

/** A node to write below: its type and what is left out below it. */
interface Below {
  readonly type: SsaType;
  readonly ex: Exclusions | undefined;
}

/**
 * The members of a zero-valued struct or map (compare's walk against an empty one), sorted,
 * into out; whether any was written.
 */
function writeMembers(out: FieldsV1, value: Record<string, unknown>, below: Below): boolean {
  const { type } = below;
  let any = false;
  for (const k of Object.keys(value).sort()) {
    // compare reads the empty side's k, which Object.prototype's names find
    if (k in emptyObject) throw new NeedsComparison();
    const member = type.kind === "struct" ? structMember(type, k) : undefined;
    const pe = member ? member.element : fieldElement(k);
    const childType = member ? member.type : (memberType(type, k) ?? deduced);
    any = walkChild(out, pe, value[k], { type: childType, zeroValued: member?.zeroValued ?? false, ex: below.ex }) || any;
  }
  return any;
}

/**
 * compare's walk of one child against nothing. zeroValued: the node exists in the Go zero
 * value of the object, so it is compared with an empty struct, map or list instead.
 */
function walkChild(out: FieldsV1, pe: PathElement, value: unknown, child: Below & { readonly zeroValued: boolean }): boolean {
  if (value === undefined) return false;
  const { type } = child;
  if (!child.zeroValued) return markChild(out, pe, value, child);
  const ex = exclusionsAt(child.ex, pe);
  if (ex === excluded) return false;
  const owned = !child.ex?.unowned?.has([pe]);
  if (type.kind === "struct" || type.kind === "map") {
    if (value === null) return false;
    if (!isPlainObject(value)) return writeNode(out, pe, { member: owned, below: undefined });
    return writeNode(out, pe, { member: false, below: { walk: "members", value, type, ex } });
  }
  if (isItemized(type)) {
    if (value === null) return false;
    if (!Array.isArray(value)) return writeNode(out, pe, { member: owned, below: undefined });
    return writeNode(out, pe, { member: false, below: { walk: "items", value, type, ex } });
  }
  return markChild(out, pe, value, child);
}

/** compare's markAll of one child: a member, with everything below it. */
function markChild(out: FieldsV1, pe: PathElement, value: unknown, child: Below): boolean {
  const ex = exclusionsAt(child.ex, pe);
  if (ex === excluded) return false;
  const member = !child.ex?.unowned?.has([pe]);
  return writeNode(out, pe, { member, below: hasChildren(value, child.type) ? { walk: "children", value, type: child.type, ex } : undefined });
}

/** compare's markChildren: every item of a keyed list, every member of a granular object. */
function writeChildren(out: FieldsV1, value: unknown, below: Below): boolean {
  const { type } = below;
  if (isItemized(type) && Array.isArray(value)) return writeItems(out, value, { type, ex: below.ex });
  if (!granular(type) || !isPlainObject(value)) return false;
  let any = false;
  for (const k of Object.keys(value).sort()) {
    const member = type.kind === "struct" ? structMember(type, k) : undefined;
    const pe = member ? member.element : fieldElement(k);
    any = markChild(out, pe, value[k], { type: member ? member.type : (memberType(type, k) ?? deduced), ex: below.ex }) || any;
  }
  return any;
}

/** The items of a keyed list or set, each marked whole, in path element order. */
function writeItems(out: FieldsV1, items: readonly unknown[], below: Below & { readonly type: SsaType & { kind: "associative" | "set" } }): boolean {
  const { type } = below;
  const byElement = indexItems(items, type);
  const itemType = type.kind === "associative" ? type.item : leaf;
  let any = false;
  for (const pe of [...byElement.keys()].sort(compareElements)) {
    any = markChild(out, pe, byElement.get(pe), { type: itemType, ex: below.ex }) || any;
  }
  return any;
}

/** What lies below a node, and which of compare's walks finds it. */
type Contents =
  | { readonly walk: "members"; readonly value: Record<string, unknown>; readonly type: SsaType; readonly ex: Exclusions | undefined }
  | { readonly walk: "items"; readonly value: readonly unknown[]; readonly type: SsaType & { kind: "associative" | "set" }; readonly ex: Exclusions | undefined }
  | { readonly walk: "children"; readonly value: unknown; readonly type: SsaType; readonly ex: Exclusions | undefined };

/**
 * Writes one node: {} for a member with nothing below it, "." first for a member with
 * members below it, the members below alone for a node that is none itself.
 */
function writeNode(out: FieldsV1, pe: PathElement, node: { readonly member: boolean; readonly below: Contents | undefined }): boolean {
  const inner: FieldsV1 = node.member ? { ".": {} } : {};
  if (node.below && writeContents(inner, node.below)) out[pe] = inner;
  else if (node.member) out[pe] = {};
  else return false;
  return true;
}

function writeContents(out: FieldsV1, below: Contents): boolean {
  switch (below.walk) {
    case "members":
      return writeMembers(out, below.value, below);
    case "items":
      return writeItems(out, below.value, below);
    case "children":
      return writeChildren(out, below.value, below);
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
