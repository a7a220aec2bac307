/**
 * The fields an applied configuration sets (upstream's ToFieldSet): every leaf, every list
 * item and map entry, and struct fields given as null or as an empty object. Also the
 * check upstream makes when it types the configuration: every field must be declared.
 */
import { isPlainObject } from "../../api/object.js";
import { FieldSet, fieldElement, formatPath } from "./field-set.js";
import type { FieldPath } from "./field-set.js";
import { ItemKeyError, isItemized, itemElement, liveItemElement, memberType } from "./ssa-type.js";
import type { SsaType } from "./ssa-type.js";

export function toFieldSet(value: unknown, type: SsaType): FieldSet {
  const set = new FieldSet();
  collect(value, type, [], set);
  return set;
}

function collect(value: unknown, type: SsaType, path: FieldPath, set: FieldSet): void {
  if (isItemized(type) && Array.isArray(value)) {
    value.forEach((item, i) => {
      const child = [...path, liveItemElement(type, item, i)];
      if (type.kind === "associative") collect(item, type.item, child, set);
      set.insert(child);
    });
    return;
  }
  if (type.kind === "leaf" || type.kind === "set" || type.kind === "associative" || !isPlainObject(value)) {
    set.insert(path);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const childType = memberType(type, k);
    if (!childType) continue;
    const child = [...path, fieldElement(k)];
    collect(v, childType, child, set);
    const declared = type.kind === "struct";
    if (!declared || v === null || (isPlainObject(v) && Object.keys(v).length === 0)) set.insert(child);
  }
}

/**
 * What upstream's typing of a configuration rejects, as "<path>: <problem>" lines: fields the
 * schema does not declare, list items without their keys, duplicate items.
 */
export function configErrors(value: unknown, type: SsaType): string[] {
  const out: string[] = [];
  check(value, type, [], out);
  return out;
}

function check(value: unknown, type: SsaType, path: FieldPath, out: string[]): void {
  if (isItemized(type) && Array.isArray(value)) {
    checkItems(value, type, path, out);
    return;
  }
  if (!(type.kind === "struct" || type.kind === "map" || type.kind === "deduced") || !isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const child = [...path, fieldElement(k)];
    const childType = memberType(type, k);
    if (childType) check(v, childType, child, out);
    else out.push(`${formatPath(child)}: field not declared in schema`);
  }
}

function checkItems(items: unknown[], type: SsaType & { kind: "associative" | "set" }, path: FieldPath, out: string[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    let pe: string;
    try {
      pe = itemElement(type, item);
    } catch (err) {
      if (!(err instanceof ItemKeyError)) throw err;
      out.push(`${formatPath(path)}: ${err.message}`);
      continue;
    }
    if (seen.has(pe)) out.push(`${formatPath(path)}: duplicate entries for key ${formatPath([pe])}`);
    seen.add(pe);
    if (type.kind === "associative") check(item, type.item, [...path, pe], out);
  }
}
