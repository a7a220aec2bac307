/**
 * The catalog of types: generated-types.ts with the fields of v1.31/v1.32 added
 * (added-fields.ts), batch/v1beta1 CronJob derived from batch/v1, and upstream's patch
 * metadata laid over (patch-metadata.ts). Built once, at load.
 */
import { addedFields, addedTypes, removedFields, removedTypes } from "./added-fields.js";
import { generatedTypes } from "./generated-types.js";
import { atomicStructs, fieldPatchMeta } from "./patch-metadata.js";
import type { FieldSchema, TypeSchema, ValueType } from "./type-schema.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<TypeSchema> & { fields: Record<string, FieldSchema> };

const batchV1 = "io.k8s.api.batch.v1.";
const batchV1beta1 = "io.k8s.api.batch.v1beta1.";
/** batch/v1beta1 had its own copies of these; the Job types they refer to stayed in batch/v1. */
const cronJobTypes = ["CronJob", "CronJobList", "CronJobSpec", "CronJobStatus", "JobTemplateSpec"];

function drafts(): Map<string, Draft> {
  const out = new Map<string, Draft>();
  const add = (name: string, t: Omit<TypeSchema, "name">): void => {
    out.set(name, { ...t, name, fields: { ...t.fields }, required: [...t.required] });
  };
  for (const [name, t] of Object.entries(generatedTypes)) add(name, t);
  for (const [name, t] of Object.entries(addedTypes)) add(name, t);
  for (const name of removedTypes) out.delete(name);
  for (const [name, fields] of Object.entries(addedFields)) Object.assign(draftOf(out, name).fields, fields);
  for (const [name, fields] of Object.entries(removedFields)) {
    for (const f of fields) delete draftOf(out, name).fields[f];
  }
  return out;
}

function draftOf(types: Map<string, Draft>, name: string): Draft {
  const t = types.get(name);
  if (!t) throw new Error(`schema: no type ${name}`);
  return t;
}

function renamedRefs(type: ValueType, rename: (name: string) => string): ValueType {
  switch (type.kind) {
    case "ref":
      return { kind: "ref", name: rename(type.name) };
    case "array":
      return { kind: "array", items: renamedRefs(type.items, rename) };
    case "map":
      return { kind: "map", values: renamedRefs(type.values, rename) };
    default:
      return type;
  }
}

function addCronJobV1beta1(types: Map<string, Draft>): void {
  const rename = (n: string): string =>
    n.startsWith(batchV1) && cronJobTypes.includes(n.slice(batchV1.length)) ? batchV1beta1 + n.slice(batchV1.length) : n;
  for (const short of cronJobTypes) {
    const v1 = draftOf(types, batchV1 + short);
    const fields = Object.fromEntries(Object.entries(v1.fields).map(([k, f]) => [k, { ...f, type: renamedRefs(f.type, rename) }]));
    const copy: Draft = { ...v1, name: batchV1beta1 + short, fields };
    if (v1.gvk) copy.gvk = v1.gvk.map((g) => ({ ...g, version: "v1beta1" }));
    types.set(copy.name, copy);
  }
}

function overlayPatchMeta(types: Map<string, Draft>): void {
  for (const [typeName, fields] of Object.entries(fieldPatchMeta)) {
    const targets = [typeName];
    if (typeName.startsWith(batchV1) && types.has(batchV1beta1 + typeName.slice(batchV1.length))) targets.push(batchV1beta1 + typeName.slice(batchV1.length));
    for (const target of targets) {
      const t = draftOf(types, target);
      for (const [field, meta] of Object.entries(fields)) {
        const f = t.fields[field];
        if (!f) throw new Error(`schema: patch metadata for unknown field ${target}.${field}`);
        t.fields[field] = { ...f, ...meta };
      }
    }
  }
  for (const name of atomicStructs) draftOf(types, name).mapType = "atomic";
}

function build(): ReadonlyMap<string, TypeSchema> {
  const types = drafts();
  addCronJobV1beta1(types);
  overlayPatchMeta(types);
  return types;
}

/** Every type by OpenAPI name. */
export const catalog: ReadonlyMap<string, TypeSchema> = build();

const byKind = new Map<string, TypeSchema>();
for (const t of catalog.values()) {
  for (const g of t.gvk ?? []) byKind.set(`${g.group ? `${g.group}/` : ""}${g.version}/${g.kind}`, t);
}

/** The type of a served kind, by apiVersion ("apps/v1", "v1") and kind. */
export function schemaFor(apiVersion: string, kind: string): TypeSchema | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** A type by its OpenAPI name. */
export function typeNamed(name: string): TypeSchema | undefined {
  return catalog.get(name);
}
