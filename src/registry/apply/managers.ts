/**
 * metadata.managedFields as upstream keeps it: one entry per manager identity (manager,
 * operation, subresource, and for updates the apiVersion), each owning a field set.
 */
import type { ManagedFieldsEntry } from "kubernetes-types/meta/v1.js";
import { isPlainObject } from "../../api/object.js";
import { FieldSet, fieldElement } from "./field-set.js";

export type Operation = "Apply" | "Update";

export interface Manager {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly set: FieldSet;
}

/** Managers by identity (see managerId). */
export type Managers = Map<string, Manager>;

/**
 * upstream's BuildManagerIdentifier: the entry's JSON without fields and time, and without
 * the apiVersion for appliers (an applier stays one manager across versions).
 */
export function managerId(m: Pick<Manager, "manager" | "operation" | "apiVersion" | "subresource">): string {
  const id: Record<string, string> = {};
  if (m.manager) id["manager"] = m.manager;
  id["operation"] = m.operation;
  if (m.operation === "Update" && m.apiVersion) id["apiVersion"] = m.apiVersion;
  if (m.subresource) id["subresource"] = m.subresource;
  return JSON.stringify(id);
}

/** How upstream names a manager in conflict messages: "kubectl" or "kubectl-edit" using apps/v1. */
export function describeManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === "Update") s += ` using ${m.apiVersion}`;
  return s;
}

/**
 * The stored entry each set was read from: a manager still holding that very set (no field
 * gained or lost) with the same identity and time is written back as that entry, not encoded
 * again. Only lists this server wrote count (see decodeManagers' `stored`): their fieldsV1 is
 * already in the encoder's form.
 */
const readFrom = new WeakMap<FieldSet, ManagedFieldsEntry>();

/** The entry written for a manager with these fields: its keys in upstream's order, time and subresource only when set. */
export function managedFieldsEntry(m: Omit<Manager, "set">, fieldsV1: ManagedFieldsEntry["fieldsV1"]): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
  if (m.time) e.time = m.time;
  e.fieldsType = "FieldsV1";
  e.fieldsV1 = fieldsV1;
  if (m.subresource) e.subresource = m.subresource;
  return e;
}

/**
 * Entries of a managedFields list; entries that are not objects are skipped. `stored`: the list
 * is the one kept with the object (this server's encoding), so unchanged entries may be reused.
 */
export function decodeManagers(list: unknown, o: { readonly stored?: boolean } = {}): Managers {
  const out: Managers = new Map();
  if (!Array.isArray(list)) return out;
  for (const e of list) {
    if (!isPlainObject(e)) continue;
    const m: Manager = {
      manager: typeof e["manager"] === "string" ? e["manager"] : "",
      operation: e["operation"] === "Apply" ? "Apply" : "Update",
      apiVersion: typeof e["apiVersion"] === "string" ? e["apiVersion"] : "",
      ...(typeof e["subresource"] === "string" && e["subresource"] ? { subresource: e["subresource"] } : {}),
      ...(typeof e["time"] === "string" ? { time: e["time"] } : {}),
      set: FieldSet.fromFieldsV1(e["fieldsV1"]),
    };
    if (o.stored) readFrom.set(m.set, e as ManagedFieldsEntry);
    out.set(managerId(m), m);
  }
  return out;
}

/** The managedFields list: entries with fields only, Apply before Update, then by time, manager, apiVersion, subresource. */
export function encodeManagers(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].filter((m) => !m.set.isEmpty());
  entries.sort(compareManagers);
  return entries.map((m) => {
    const source = readFrom.get(m.set);
    if (source && isEntryOf(source, m)) return source;
    return managedFieldsEntry(m, m.set.toFieldsV1());
  });
}

/** Whether entry is what encodeManagers would write for m, given that m's set was read from it. */
function isEntryOf(entry: ManagedFieldsEntry, m: Manager): boolean {
  if (entry.manager !== m.manager || entry.operation !== m.operation || entry.apiVersion !== m.apiVersion) return false;
  if (entry.time !== m.time || entry.subresource !== m.subresource || entry.fieldsType !== "FieldsV1") return false;
  const keys = Object.keys(entry);
  const expected = Object.keys(managedFieldsEntry(m, undefined));
  return keys.length === expected.length && keys.every((k, i) => k === expected[i]);
}

function compareManagers(p: Manager, q: Manager): number {
  const keys: Array<(m: Manager) => string | number> = [
    (m) => m.operation,
    (m) => (m.time ? Date.parse(m.time) / 1000 : 0),
    (m) => m.manager,
    (m) => m.apiVersion,
    (m) => m.subresource ?? "",
  ];
  for (const key of keys) {
    const a = key(p);
    const b = key(q);
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/** Fields no manager owns: the identity and bookkeeping of an object (upstream's stripMeta). */
export const unownedFields: FieldSet = FieldSet.of([
  [fieldElement("apiVersion")],
  [fieldElement("kind")],
  [fieldElement("metadata")],
  ...["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"].map((f) => [
    fieldElement("metadata"),
    fieldElement(f),
  ]),
]);

export function withSet(m: Manager, set: FieldSet): Manager {
  return { ...m, set };
}

/** upstream's DefaultMaxUpdateManagers and the manager older updates are merged into. */
const maxUpdateManagers = 10;
const ancientChanges = "ancient-changes";

const seconds = (m: Manager): number => (m.time ? Date.parse(m.time) / 1000 : 0);

/**
 * At most ten Update entries (capmanagers.go): past that, the oldest are merged, per
 * apiVersion, into an "ancient-changes" entry that takes the time of the last one merged.
 */
export function capUpdateManagers(managers: Managers): Managers {
  const updaters = [...managers.entries()].filter(([, m]) => m.operation === "Update");
  if (updaters.length <= maxUpdateManagers) return managers;
  updaters.sort(([ia, a], [ib, b]) => seconds(a) - seconds(b) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  const out: Managers = new Map(managers);
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, m] of updaters) {
    if (count <= maxUpdateManagers) break;
    const bucketId = managerId({ manager: ancientChanges, operation: "Update", apiVersion: m.apiVersion });
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    let bucket = out.get(bucketId);
    if (!bucket) {
      const firstEntry = out.get(first)!;
      out.delete(first);
      bucket = { ...firstEntry, manager: ancientChanges, operation: "Update" };
    }
    out.delete(id);
    out.set(bucketId, { ...bucket, set: m.set.union(bucket.set), ...(m.time ? { time: m.time } : {}) });
    count--;
  }
  return out;
}
