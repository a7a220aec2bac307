/**
 * The FieldsV1 a create records for its manager, in one walk over the new object. It is what
 * recordUpdate computes when there is no earlier object and no other manager: the fields
 * compare(undefined, obj) finds added (or, for a node of the wrong shape, modified), less
 * the ignored and the unowned fields; only without the field sets in between, which cost a
 * create more than its validation does.
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

/** A path element marked by the walk: a member of the set, with what lies below it. */
interface Mark {
  readonly pe: PathElement;
  member: boolean;
  readonly below: Mark[] | undefined;
}

/** Thrown at a field only compare itself can say what to make of. */
class NeedsComparison extends Error {}

/**
 * obj's FieldsV1 as a create records it, without ignored (f:status, or f:spec through the
 * status subresource) and unowned fields; undefined when obj has a field that compare treats
 * in its own way (a name Object.prototype also has), for the caller to take the general path.
 */
export function createdFieldsV1(obj: KubeObject, type: SsaType, subresource: string | undefined): Record<string, unknown> | undefined {
  let root: ReturnType<typeof walk>;
  try {
    root = walk(obj, type, true);
  } catch (err) {
    if (err instanceof NeedsComparison) return undefined;
    throw err;
  }
  const marks = without(root?.below ?? [], ignoredFields(subresource));
  disown(marks, unownedFields);
  const out: Record<string, unknown> = {};
  writeFieldsV1(out, marks);
  return out;
}

/** FieldSet.recursiveDifference: the marks without set's members and all below them. */
function without(marks: Mark[], set: FieldSet): Mark[] {
  const out: Mark[] = [];
  for (const m of marks) {
    if (set.has([m.pe])) continue;
    const inSet = set.childAt(m.pe);
    out.push(inSet && m.below ? { ...m, below: without(m.below, inSet) } : m);
  }
  return out;
}

/** FieldSet.difference: set's members are members no longer, what lies below them stays. */
function disown(marks: Mark[], set: FieldSet): void {
  for (const m of marks) {
    if (set.has([m.pe])) m.member = false;
    const inSet = set.childAt(m.pe);
    if (inSet && m.below) disown(m.below, inSet);
  }
}

/**
 * compare's walk of value against nothing: the marks below value, or undefined when nothing
 * is. zeroValued: the node exists in the Go zero value of the object, so it is compared
 * with an empty struct, map or list rather than with nothing.
 */
function walk(value: unknown, type: SsaType, zeroValued: boolean): { member: boolean; below: Mark[] | undefined } | undefined {
  if (value === undefined) return undefined;
  if (!zeroValued) return { member: true, below: markChildren(value, type) };
  if (type.kind === "struct" || type.kind === "map") {
    if (value === null) return undefined;
    if (!isPlainObject(value)) return { member: true, below: undefined };
    const below = walkMembers(value, type);
    return below ? { member: false, below } : undefined;
  }
  if (isItemized(type)) {
    if (value === null) return undefined;
    if (!Array.isArray(value)) return { member: true, below: undefined };
    return value.length > 0 ? { member: false, below: markChildren(value, type) } : undefined;
  }
  return { member: true, below: markChildren(value, type) };
}

/** The members of a zero-valued struct or map, compared with an empty one. */
function walkMembers(value: Record<string, unknown>, type: SsaType): Mark[] | undefined {
  let out: Mark[] | undefined;
  for (const k of Object.keys(value)) {
    // compare reads the empty side's k, which Object.prototype's names find
    if (k in emptyObject) throw new NeedsComparison();
    const member = type.kind === "struct" ? structMember(type, k) : undefined;
    const mark = member ? walk(value[k], member.type, member.zeroValued) : walk(value[k], memberType(type, k) ?? deduced, false);
    if (mark) (out ??= []).push({ pe: member ? member.element : fieldElement(k), member: mark.member, below: mark.below });
  }
  return out;
}

const emptyObject: Record<string, unknown> = {};

/** compare's markChildren: every item of a keyed list, every member of a granular object. */
function markChildren(value: unknown, type: SsaType): Mark[] | undefined {
  let out: Mark[] | undefined;
  if (isItemized(type) && Array.isArray(value)) {
    const item = type.kind === "associative" ? type.item : leaf;
    for (const [pe, v] of indexItems(value, type)) (out ??= []).push({ pe, member: true, below: markChildren(v, item) });
  } else if (type.kind === "struct" && isPlainObject(value)) {
    for (const k of Object.keys(value)) {
      const member = structMember(type, k);
      (out ??= []).push({ pe: member ? member.element : fieldElement(k), member: true, below: markChildren(value[k], member ? member.type : deduced) });
    }
  } else if (granular(type) && isPlainObject(value)) {
    for (const k of Object.keys(value)) (out ??= []).push({ pe: fieldElement(k), member: true, below: markChildren(value[k], memberType(type, k) ?? deduced) });
  }
  return out;
}

const leaf: SsaType = { kind: "leaf" };
const deduced: SsaType = { kind: "deduced" };

function granular(type: SsaType): boolean {
  return type.kind === "struct" || type.kind === "map" || type.kind === "deduced";
}

/** FieldSet.toFieldsV1 of the marks into out, sorted, "." first for a member with members below it; whether it wrote any. */
function writeFieldsV1(out: Record<string, unknown>, marks: Mark[]): boolean {
  marks.sort(byElement);
  let any = false;
  for (const m of marks) {
    const inner: Record<string, unknown> = m.member ? { ".": {} } : {};
    if (m.below !== undefined && writeFieldsV1(inner, m.below)) out[m.pe] = inner;
    else if (m.member) out[m.pe] = {};
    else continue;
    any = true;
  }
  return any;
}

function byElement(a: Mark, b: Mark): number {
  return compareElements(a.pe, b.pe);
}
