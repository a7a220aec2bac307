import { isPlainObject } from "../object.js";
import { schemaFor } from "./catalog.js";
import { fieldOf, resolveRef } from "./type-lookup.js";
import type { ValueType } from "./type-schema.js";

/**
 * The fields of obj its kind does not declare, as upstream's strict decoding names them
 * (`unknown field "spec.template.spec.containers[0].imagePullPolicyy"`): dotted paths with
 * list indexes, in document order. Free-form values (RawExtension such as a
 * ControllerRevision's data) are not looked into. An unknown kind yields no paths: whether
 * the kind is served is not this function's question.
 */
export function unknownFields(obj: unknown, apiVersion: string, kind: string): string[] {
  const root = schemaFor(apiVersion, kind);
  if (!root) return [];
  const out: string[] = [];
  walk(obj, { kind: "ref", name: root.name }, "", out);
  return out;
}

function walk(value: unknown, type: ValueType, path: string, out: string[]): void {
  if (type.kind === "array") {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, type.items, `${path}[${i}]`, out));
    return;
  }
  if (type.kind === "map") {
    if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walk(v, type.values, join(path, k), out);
    return;
  }
  const named = resolveRef(type);
  if (!named || named.kind !== "object" || !isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const field = fieldOf(named, k);
    if (field) walk(v, field.type, join(path, k), out);
    else out.push(join(path, k));
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
