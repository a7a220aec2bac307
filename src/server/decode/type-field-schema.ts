import type { TypeSchema, ValueType } from "../../api/schema/type-schema.js";
import type { TypeLookup } from "../type-lookup.js";
import { anySchema, type FieldSchema } from "./field-schema.js";

/**
 * The FieldSchema of a type from the type schemas: objects know their fields; maps and the
 * special types (IntOrString, Quantity, Time, RawExtension, FieldsV1) accept anything.
 */
export function fieldSchemaOf(type: TypeSchema, types: TypeLookup): FieldSchema {
  if (type.kind !== "object") return anySchema;
  return {
    property(name) {
      const f = type.fields[name];
      return f ? valueSchema(f.type, types) : undefined;
    },
    items: () => anySchema,
  };
}

function valueSchema(v: ValueType, types: TypeLookup): FieldSchema {
  switch (v.kind) {
    case "scalar":
      return anySchema;
    case "ref": {
      const t = types.byName(v.name);
      return t ? fieldSchemaOf(t, types) : anySchema;
    }
    case "array": {
      const items = valueSchema(v.items, types);
      return { property: () => anySchema, items: () => items };
    }
    case "map": {
      const values = valueSchema(v.values, types);
      return { property: () => values, items: () => values };
    }
  }
}
