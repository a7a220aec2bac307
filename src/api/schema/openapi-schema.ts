/**
 * The types as OpenAPI v3 schemas, written as upstream's /openapi/v3 documents write them
 * (components.schemas keyed by OpenAPI name, properties referring to others through
 * `allOf: [{$ref}]`, patch metadata as x-kubernetes-* extensions), for the server's
 * /openapi/v3 and so for `kubectl explain` and client-side validation.
 */
import { catalog } from "./catalog.js";
import type { FieldSchema, TypeSchema, ValueType } from "./type-schema.js";

/** A JSON Schema object as OpenAPI v3 carries it. */
export type OpenApiSchema = { readonly [key: string]: unknown };

const refPrefix = "#/components/schemas/";

/** The meta types every group-version document includes (request and error bodies). */
const metaTypes = [
  "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
  "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
  "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
  "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList",
];

/** The schema of one named type. */
export function openApiSchema(type: TypeSchema): OpenApiSchema {
  const base = { description: type.description };
  switch (type.kind) {
    case "int-or-string":
      return { ...base, format: "int-or-string", oneOf: [{ type: "integer" }, { type: "string" }] };
    case "quantity":
      return { ...base, oneOf: [{ type: "string" }, { type: "number" }] };
    case "time":
    case "micro-time":
      return { ...base, type: "string", format: "date-time" };
    case "raw-extension":
    case "fields-v1":
      return { ...base, type: "object" };
    case "object":
      return objectSchema(type);
  }
}

function objectSchema(type: TypeSchema): OpenApiSchema {
  const properties = Object.fromEntries(Object.entries(type.fields).map(([name, f]) => [name, fieldSchema(f)]));
  const out: Record<string, unknown> = { description: type.description, type: "object", properties };
  if (type.required.length > 0) out["required"] = [...type.required];
  if (type.mapType) out["x-kubernetes-map-type"] = type.mapType;
  if (type.gvk) out["x-kubernetes-group-version-kind"] = type.gvk.map((g) => ({ group: g.group, kind: g.kind, version: g.version }));
  return out;
}

function fieldSchema(f: FieldSchema): OpenApiSchema {
  const out: Record<string, unknown> = { ...valueSchema(f.type), description: f.description };
  if (f.default !== undefined) out["default"] = f.default;
  if (f.listType) out["x-kubernetes-list-type"] = f.listType;
  if (f.listMapKeys) out["x-kubernetes-list-map-keys"] = [...f.listMapKeys];
  if (f.mapType) out["x-kubernetes-map-type"] = f.mapType;
  if (f.patchMergeKey) out["x-kubernetes-patch-merge-key"] = f.patchMergeKey;
  if (f.patchStrategy) out["x-kubernetes-patch-strategy"] = f.patchStrategy;
  return out;
}

function valueSchema(t: ValueType): Record<string, unknown> {
  switch (t.kind) {
    case "scalar":
      return { type: t.type };
    case "ref":
      return { allOf: [{ $ref: refPrefix + t.name }] };
    case "array":
      return { type: "array", items: valueSchema(t.items) };
    case "map":
      return { type: "object", additionalProperties: valueSchema(t.values) };
  }
}

function refsOf(t: ValueType): string[] {
  switch (t.kind) {
    case "ref":
      return [t.name];
    case "array":
      return refsOf(t.items);
    case "map":
      return refsOf(t.values);
    default:
      return [];
  }
}

/** Every type name reachable from the given ones, in the order first reached. */
export function reachableTypes(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const t = catalog.get(name);
    if (seen.has(name) || !t) continue;
    seen.add(name);
    for (const f of Object.values(t.fields)) queue.push(...refsOf(f.type));
  }
  return [...seen];
}

/** The types served at a group-version ("apps/v1", "v1"): the kinds, their lists, and what they reach. */
export function kindsAt(apiVersion: string): TypeSchema[] {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  return [...catalog.values()].filter((t) => t.gvk?.some((g) => g.group === group && g.version === version) && !metaTypes.includes(t.name));
}

/**
 * components.schemas for the /openapi/v3 document of one group-version: its kinds and their
 * lists, every type they reach, and the meta types of requests and errors. Names sorted.
 */
export function openApiComponents(apiVersion: string): Record<string, OpenApiSchema> {
  const names = reachableTypes([...kindsAt(apiVersion).map((t) => t.name), ...metaTypes]).sort();
  return Object.fromEntries(names.map((n) => [n, openApiSchema(catalog.get(n)!)]));
}

/** The components.schemas name of a served kind's type, for `$ref`s in paths. */
export function openApiRef(typeName: string): string {
  return refPrefix + typeName;
}
