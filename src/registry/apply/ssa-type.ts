/**
 * How server-side apply sees a value (structured-merge-diff's schema, as upstream builds it
 * from OpenAPI): atomic leaves, granular structs and maps, associative lists keyed by some
 * of their items' fields, sets of scalars, and free-form ("deduced") values.
 */
import { resolveRef, schemaFor } from "../../api/schema/index.js";
import type { FieldSchema, TypeSchema, ValueType } from "../../api/schema/index.js";
import { isPlainObject } from "../../api/object.js";
import { fieldElement, indexElement, keyElement, valueElement } from "./field-set.js";
import type { PathElement } from "./field-set.js";

export type SsaType =
  /** Scalars and anything atomic: owned and replaced whole. */
  | { readonly kind: "leaf" }
  /** A struct whose fields are owned one by one. */
  | { readonly kind: "struct"; readonly type: TypeSchema; readonly members: StructMembers }
  /** A map whose entries are owned one by one. */
  | { readonly kind: "map"; readonly values: SsaType }
  /** A list of objects identified by key fields (x-kubernetes-list-type: map). */
  | { readonly kind: "associative"; readonly keys: readonly string[]; readonly item: SsaType; readonly defaults: Readonly<Record<string, unknown>> }
  /** A list of scalars identified by value (x-kubernetes-list-type: set). */
  | { readonly kind: "set" }
  /** No schema: objects are granular, lists atomic. */
  | { readonly kind: "deduced" };

const leaf: SsaType = { kind: "leaf" };
const deduced: SsaType = { kind: "deduced" };

// The catalog is built once and never changes, so the types derived from it are kept.
const rootTypes = new Map<string, SsaType>();
const fieldTypes = new WeakMap<FieldSchema, SsaType>();

/** The type of a whole object of a kind; deduced when the catalog lacks the kind. */
export function rootSsaType(apiVersion: string, kind: string): SsaType {
  const id = `${apiVersion}\u0000${kind}`;
  let type = rootTypes.get(id);
  if (!type) {
    const t = schemaFor(apiVersion, kind);
    // only served kinds are kept, so requests naming others cannot grow the map
    if (!t) return deduced;
    type = structType(t);
    rootTypes.set(id, type);
  }
  return type;
}

/** The type of a struct field, its list and map markers applied. */
export function fieldSsaType(field: FieldSchema): SsaType {
  let type = fieldTypes.get(field);
  if (!type) {
    type = deriveFieldSsaType(field);
    fieldTypes.set(field, type);
  }
  return type;
}

function deriveFieldSsaType(field: FieldSchema): SsaType {
  const v = field.type;
  if (v.kind === "array") return listType(field, v.items);
  if (v.kind === "map") return field.mapType === "atomic" ? leaf : { kind: "map", values: valueSsaType(v.values) };
  return valueSsaType(v);
}

function valueSsaType(v: ValueType): SsaType {
  switch (v.kind) {
    case "scalar":
      return leaf;
    case "array":
      return leaf;
    case "map":
      return { kind: "map", values: valueSsaType(v.values) };
    case "ref": {
      const t = resolveRef(v);
      if (!t) return deduced;
      if (t.kind === "raw-extension" || t.kind === "fields-v1") return deduced;
      if (t.kind !== "object" || t.mapType === "atomic") return leaf;
      return structType(t);
    }
  }
}

/** +listType, or for lists without one what upstream derives from the patch strategy. */
function listType(field: FieldSchema, items: ValueType): SsaType {
  const merge = field.patchStrategy?.split(",").includes("merge") ?? false;
  const type = field.listType ?? (merge && field.patchMergeKey ? "map" : merge ? "set" : "atomic");
  if (type === "atomic") return leaf;
  if (type === "set") return { kind: "set" };
  const keys = field.listMapKeys ?? (field.patchMergeKey ? [field.patchMergeKey] : []);
  const itemType = resolveRef(items);
  const defaults: Record<string, unknown> = {};
  for (const k of keys) {
    const d = itemType?.fields[k]?.default;
    if (d !== undefined) defaults[k] = d;
  }
  return { kind: "associative", keys, item: valueSsaType(items), defaults };
}

/** Whether values of this type are owned field by field (an object is walked into). */
export function isGranular(type: SsaType): boolean {
  return type.kind === "struct" || type.kind === "map" || type.kind === "deduced";
}

/** The declared field of a struct type, if any. */
export function structField(type: SsaType, name: string): FieldSchema | undefined {
  if (type.kind !== "struct") return undefined;
  return Object.hasOwn(type.type.fields, name) ? type.type.fields[name] : undefined;
}

/** A declared field of a struct type, as walks over objects of that type need it. */
export interface StructMember {
  /** Its path element, "f:<name>" (one string for every walk: cheaper as a property key). */
  readonly element: PathElement;
  readonly type: SsaType;
  /** Present in the Go zero value of the struct: a struct, or a required field. */
  readonly zeroValued: boolean;
}

/** A struct's declared fields, as walks have asked for them (the catalog never changes). */
type StructMembers = Map<string, StructMember>;

const structTypes = new WeakMap<TypeSchema, SsaType>();

/** The one struct type of a named type, shared by every field of that type. */
function structType(t: TypeSchema): SsaType {
  let type = structTypes.get(t);
  if (!type) {
    type = { kind: "struct", type: t, members: new Map() };
    structTypes.set(t, type);
  }
  return type;
}

/** A declared field of a struct type, if any. */
export function structMember(type: SsaType & { kind: "struct" }, name: string): StructMember | undefined {
  let member = type.members.get(name);
  if (!member) {
    const field = structField(type, name);
    if (!field) return undefined;
    const fieldType = fieldSsaType(field);
    member = { element: fieldElement(name), type: fieldType, zeroValued: fieldType.kind === "struct" || type.type.required.includes(name) };
    type.members.set(name, member);
  }
  return member;
}

/** The type of a member of a granular object: a struct's field, a map's value. */
export function memberType(type: SsaType, name: string): SsaType | undefined {
  switch (type.kind) {
    case "struct": {
      const f = structField(type, name);
      return f ? fieldSsaType(f) : undefined;
    }
    case "map":
      return type.values;
    case "deduced":
      return deduced;
    default:
      return undefined;
  }
}

/** The type below a path element of a value of this type. */
export function childSsaType(type: SsaType, pe: PathElement): SsaType {
  if (pe.startsWith("f:")) return memberType(type, pe.slice(2)) ?? deduced;
  if (type.kind === "associative") return type.item;
  return leaf;
}

export class ItemKeyError extends Error {}

/** The path element naming a list item: its key fields, or its value in a set. */
export function itemElement(type: SsaType & { kind: "associative" | "set" }, item: unknown): PathElement {
  if (type.kind === "set") return valueElement(item);
  if (!isPlainObject(item)) throw new ItemKeyError("associative list with keys has an element that is not a map");
  // one key (most lists: name, uid, mountPath...): keyElement's JSON without an object's worth of work
  if (type.keys.length === 1) return singleKeyElement(type, item);
  const fields: Record<string, unknown> = {};
  for (const k of type.keys) {
    const v = Object.hasOwn(item, k) ? item[k] : type.defaults[k];
    if (v === undefined || v === null) throw missingKey(k);
    fields[k] = v;
  }
  return keyElement(fields);
}

function singleKeyElement(type: SsaType & { kind: "associative" }, item: Record<string, unknown>): PathElement {
  const k = type.keys[0]!;
  const v = Object.hasOwn(item, k) ? item[k] : type.defaults[k];
  if (v === undefined || v === null) throw missingKey(k);
  return `${singleKeyPrefix(type)}${JSON.stringify(v)}}`;
}

/** 'k:{"<key>":' of a one-key list type, written once per type (types live as long as their schema). */
const singleKeyPrefixes = new WeakMap<SsaType, string>();

function singleKeyPrefix(type: SsaType & { kind: "associative" }): string {
  let prefix = singleKeyPrefixes.get(type);
  if (prefix === undefined) {
    prefix = `k:{${JSON.stringify(type.keys[0])}:`;
    singleKeyPrefixes.set(type, prefix);
  }
  return prefix;
}

function missingKey(k: string): ItemKeyError {
  return new ItemKeyError(`associative list with keys has an element that omits key field "${k}" (and doesn't have default value)`);
}

/**
 * itemElement for items of stored objects, which validation may have let through without
 * their keys: those are named by position.
 */
export function liveItemElement(type: SsaType & { kind: "associative" | "set" }, item: unknown, index: number): PathElement {
  try {
    return itemElement(type, item);
  } catch (err) {
    if (err instanceof ItemKeyError) return indexElement(index);
    throw err;
  }
}

/** Whether a type's values are lists whose items are owned one by one. */
export function isItemized(type: SsaType): type is SsaType & { kind: "associative" | "set" } {
  return type.kind === "associative" || type.kind === "set";
}
