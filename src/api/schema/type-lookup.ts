import { catalog } from "./catalog.js";
import type { FieldSchema, TypeSchema, ValueType } from "./type-schema.js";

/** The named type a value type refers to, if it is a reference. */
export function resolveRef(type: ValueType | undefined): TypeSchema | undefined {
  return type?.kind === "ref" ? catalog.get(type.name) : undefined;
}

/** A field of an object type, or undefined when the type has no such field. */
export function fieldOf(type: TypeSchema, field: string): FieldSchema | undefined {
  return Object.hasOwn(type.fields, field) ? type.fields[field] : undefined;
}

/**
 * The type found by walking path from a named type: field names through objects, any
 * segment (an index or a key) through arrays and maps. Undefined when the path leaves the
 * schema, or enters a free-form value (RawExtension, FieldsV1).
 */
export function typeAt(rootTypeName: string, path: readonly (string | number)[]): ValueType | undefined {
  let current: ValueType | undefined = { kind: "ref", name: rootTypeName };
  for (const segment of path) {
    current = childType(current, segment);
    if (!current) return undefined;
  }
  return current;
}

/** One step of typeAt. */
export function childType(type: ValueType, segment: string | number): ValueType | undefined {
  switch (type.kind) {
    case "array":
      return type.items;
    case "map":
      return type.values;
    case "ref": {
      const named = catalog.get(type.name);
      if (!named || named.kind !== "object") return undefined;
      return typeof segment === "string" ? fieldOf(named, segment)?.type : undefined;
    }
    default:
      return undefined;
  }
}
