import type { ManagedFieldsEntry } from "kubernetes-types/meta/v1.js";
import type { KubeObject, ObjectMeta } from "../../api/object.js";
import { compare } from "./compare.js";
import { createdFieldsV1 } from "./created-fields.js";
import { capUpdateManagers, decodeManagers, encodeManagers, managedFieldsEntry, managerId, unownedFields, withSet } from "./managers.js";
import type { Manager, Managers } from "./managers.js";
import { afterChange, conflictsWith, excluding, ignoredFields, withoutManagedFields } from "./ownership.js";
import { rootSsaType } from "./ssa-type.js";
import type { SsaType } from "./ssa-type.js";

export interface ManagedFieldsOptions {
  /** The field manager: fieldManager, or managerFromUserAgent(User-Agent). */
  readonly manager: string;
  /** The request's apiVersion ("apps/v1"): the version the recorded field set is in. */
  readonly apiVersion: string;
  /** RFC 3339 (second precision) time of the write, from the injected clock. */
  readonly time: string;
  /** "status" or "scale" for writes through a subresource; recorded on the entry. */
  readonly subresource?: string;
  /**
   * "Apply" when the write is a server-side apply whose result applyConfiguration already
   * recorded: managedFields are then left as they are. Default "Update".
   */
  readonly operation?: "Update" | "Apply";
}

/**
 * managedFields after an ordinary write (upstream's FieldManager.Update): the manager, as an
 * Update at this apiVersion, gains what the write added or changed; every manager loses what
 * it removed and other managers lose what it changed. A non-empty managedFields list sent
 * with the object (not through a subresource) replaces the recorded one first.
 */
export function updateManagedFields(old: KubeObject | undefined, next: KubeObject, options: ManagedFieldsOptions): KubeObject {
  if (options.operation === "Apply" || recordedByApply(old, next, options)) return next;
  const provided = next.metadata?.managedFields;
  const useProvided = Array.isArray(provided) && provided.length > 0 && !options.subresource;
  const type = rootSsaType(options.apiVersion, next.kind ?? old?.kind ?? "");
  const entries = (!old && !useProvided && createdEntries(next, type, options)) || updatedEntries(old, next, { type, options, useProvided });
  const metadata = metadataWithout(next.metadata ?? {});
  if (entries.length > 0) metadata.managedFields = entries;
  const out = copyOf(next);
  out.metadata = metadata;
  return out;
}

/** A copy of the metadata without managedFields. */
function metadataWithout(meta: ObjectMeta): ObjectMeta {
  if (!Object.hasOwn(meta, "managedFields")) return copyOf(meta);
  const { managedFields: _, ...rest } = meta;
  return copyOf(rest);
}

/**
 * A shallow copy. Object.assign rather than a spread: properties added to a spread's copy
 * (managedFields here, resourceVersion once stored) cost the engine ten times as much. But
 * Object.assign would set a "__proto__" key as the prototype: that one copy is a spread.
 */
function copyOf<T extends object>(obj: T): T {
  return Object.hasOwn(obj, "__proto__") ? { ...obj } : Object.assign({}, obj);
}

/** The entries after a write, by the field sets of every manager. */
function updatedEntries(
  old: KubeObject | undefined,
  next: KubeObject,
  how: { readonly type: SsaType; readonly options: ManagedFieldsOptions; readonly useProvided: boolean },
): ManagedFieldsEntry[] {
  const managers = how.useProvided ? decodeManagers(next.metadata?.managedFields) : decodeManagers(old?.metadata?.managedFields, { stored: true });
  const after = recordUpdate(managers, { old: old && withoutManagedFields(old), next: withoutManagedFields(next), type: how.type }, how.options);
  return encodeManagers(capUpdateManagers(after));
}

/**
 * The entries after a create that names no managers: the creating manager's alone, in one
 * walk over the object (what updatedEntries would record, sooner). Undefined when the
 * object needs the general path.
 */
function createdEntries(next: KubeObject, type: SsaType, options: ManagedFieldsOptions): ManagedFieldsEntry[] | undefined {
  const fields = createdFieldsV1(withoutManagedFields(next), type, options.subresource);
  if (!fields) return undefined;
  if (isEmptyObject(fields)) return [];
  // as encodeManagers writes it, so the stored JSON is the same whichever path wrote it
  const self = { manager: options.manager, operation: "Update" as const, apiVersion: options.apiVersion, time: options.time, subresource: options.subresource };
  return [managedFieldsEntry(self, fields)];
}

function isEmptyObject(o: Record<string, unknown>): boolean {
  for (const _ in o) return false;
  return true;
}

/** The Update bookkeeping itself, also used for "before-first-apply". */
export function recordUpdate(
  managers: Managers,
  change: { readonly old: KubeObject | undefined; readonly next: KubeObject; readonly type: ReturnType<typeof rootSsaType> },
  options: ManagedFieldsOptions,
): Managers {
  const self: Omit<Manager, "set"> = {
    manager: options.manager,
    operation: "Update",
    apiVersion: options.apiVersion,
    ...(options.subresource ? { subresource: options.subresource } : {}),
  };
  const selfId = managerId(self);
  const cmp = excluding(compare(change.old, change.next, change.type), ignoredFields(options.subresource));
  // upstream records the write as a manager of its own first, so the manager's earlier
  // fields are given up like anyone else's (an Update always forces), then united with it
  const after = afterChange(managers, "", cmp, conflictsWith(managers, "", cmp));
  const current = cmp.modified.union(cmp.added).difference(unownedFields);
  if (current.isEmpty()) return after;
  const previous = after.get(selfId);
  after.set(selfId, withSet({ ...self, time: options.time, set: current }, previous ? previous.set.union(current) : current));
  return after;
}

/** Whether next carries the Apply entry applyConfiguration recorded for this very request. */
function recordedByApply(old: KubeObject | undefined, next: KubeObject, options: ManagedFieldsOptions): boolean {
  const entries = next.metadata?.managedFields ?? [];
  const stamped = entries.some(
    (e) => e.operation === "Apply" && e.manager === options.manager && e.time === options.time && (e.subresource ?? "") === (options.subresource ?? ""),
  );
  return stamped && JSON.stringify(entries) !== JSON.stringify(old?.metadata?.managedFields ?? []);
}
