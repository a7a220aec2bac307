/**
 * What strategic merge patch knows of a value: the Go type upstream reads patch strategies
 * and merge keys from (PatchMetaFromStruct), derived from api/schema.
 */
import { goTypeName, resolveRef, schemaFor } from "../../api/schema/index.js";
import type { TypeSchema, ValueType } from "../../api/schema/index.js";
import { unexpectedPatchError } from "./patch-errors.js";

export type PatchSchema =
  /** A Go struct: only its fields may be looked up. */
  | { readonly kind: "struct"; readonly type: TypeSchema }
  /** A Go map[string]X: any key, values of one schema. */
  | { readonly kind: "map"; readonly values: PatchSchema }
  /** A Go slice, as a field's type before its element is taken. */
  | { readonly kind: "slice"; readonly items: PatchSchema }
  /** A string, integer, number or boolean. */
  | { readonly kind: "scalar"; readonly goKind: string }
  /** No type information: lookups succeed with no strategy, as JSON merge patch would treat it. */
  | { readonly kind: "untyped" };

export interface PatchMeta {
  /** patchStrategy split on commas: [], ["merge"], ["merge", "retainKeys"]… */
  readonly strategies: readonly string[];
  readonly mergeKey: string;
}

const untyped: PatchSchema = { kind: "untyped" };
const noMeta: PatchMeta = { strategies: [], mergeKey: "" };

const goScalarKinds: Record<string, string> = { string: "string", integer: "int64", number: "float64", boolean: "bool" };

/** The schema of a whole object of a kind; untyped for a kind the catalog lacks. */
export function rootPatchSchema(apiVersion: string, kind: string): PatchSchema {
  const t = schemaFor(apiVersion, kind);
  return t ? { kind: "struct", type: t } : untyped;
}

export function patchSchemaOf(v: ValueType): PatchSchema {
  switch (v.kind) {
    case "scalar":
      return { kind: "scalar", goKind: goScalarKinds[v.type] ?? v.type };
    case "array":
      return { kind: "slice", items: patchSchemaOf(v.items) };
    case "map":
      return { kind: "map", values: patchSchemaOf(v.values) };
    case "ref": {
      const t = resolveRef(v);
      return t ? { kind: "struct", type: t } : untyped;
    }
  }
}

/** The Go kind upstream prints for a schema ("struct", "map", "string"…). */
export function goKind(schema: PatchSchema): string {
  switch (schema.kind) {
    case "struct":
      return "struct";
    case "map":
      return "map";
    case "slice":
      return "slice";
    case "scalar":
      return schema.goKind;
    case "untyped":
      return "interface";
  }
}

/** LookupPatchMetadataForStruct: a field's schema and patch metadata, or upstream's error (500). */
export function lookupField(schema: PatchSchema, key: string): { schema: PatchSchema; meta: PatchMeta } {
  switch (schema.kind) {
    case "untyped":
      return { schema: untyped, meta: noMeta };
    case "map":
      return { schema: schema.values, meta: noMeta };
    case "struct": {
      const f = Object.hasOwn(schema.type.fields, key) ? schema.type.fields[key] : undefined;
      if (!f) throw unexpectedPatchError(`unable to find api field in struct ${goTypeName(schema.type.name)} for the json field "${key}"`);
      const strategies = f.patchStrategy ? f.patchStrategy.split(",") : [];
      return { schema: patchSchemaOf(f.type), meta: { strategies, mergeKey: f.patchMergeKey ?? "" } };
    }
    default:
      throw unexpectedPatchError(`merging an object in json but data type is not map or struct, instead is: ${goKind(schema)}`);
  }
}

/** LookupPatchMetadataForSlice: as lookupField, with the schema of the list's elements. */
export function lookupSliceField(schema: PatchSchema, key: string): { schema: PatchSchema; meta: PatchMeta } {
  const { schema: field, meta } = lookupField(schema, key);
  if (field.kind === "untyped") return { schema: untyped, meta };
  if (field.kind !== "slice") throw unexpectedPatchError(`expected slice or array type, but got: ${goKind(schema)}`);
  if (field.items.kind === "slice") throw unexpectedPatchError("unexpected slice of slice");
  return { schema: field.items, meta };
}
