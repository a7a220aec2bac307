/**
 * Pruning after an apply (upstream's RemoveItems and EnsureNamedFieldsAreMembers): the
 * fields, map entries and list items of a set are taken out of an object.
 */
import { isPlainObject } from "../../api/object.js";
import { FieldSet, fieldElement } from "./field-set.js";
import { childSsaType, isItemized, liveItemElement, memberType, structField } from "./ssa-type.js";
import type { SsaType } from "./ssa-type.js";

/** value without the members of set (each with what lies below it). */
export function removeItems(value: unknown, set: FieldSet, type: SsaType): unknown {
  if (isItemized(type) && Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const pe = liveItemElement(type, item, i);
      if (set.has([pe])) return;
      const below = set.childAt(pe);
      out.push(below ? removeItems(item, below, childSsaType(type, pe)) : item);
    });
    return out;
  }
  if (!isPlainObject(value) || type.kind === "leaf") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const pe = fieldElement(k);
    if (set.has([pe])) continue;
    const below = set.childAt(pe);
    out[k] = below ? removeItems(v, below, memberType(type, k) ?? { kind: "deduced" }) : v;
  }
  return out;
}

/**
 * set, with every struct field that has members below it made a member itself, so that
 * pruning can take a field whose contents nobody owns any more.
 */
export function withNamedFieldsAsMembers(set: FieldSet, type: SsaType): FieldSet {
  const out = new FieldSet();
  for (const m of set.memberElements()) out.insert([m]);
  for (const pe of set.childElements()) {
    if (pe.startsWith("f:") && structField(type, pe.slice(2))) out.insert([pe]);
    const below = withNamedFieldsAsMembers(set.childAt(pe)!, childSsaType(type, pe));
    for (const p of below.paths()) out.insert([pe, ...p]);
  }
  return out;
}
