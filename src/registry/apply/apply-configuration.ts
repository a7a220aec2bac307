import { parse } from "yaml";
import type { KubeObject } from "../../api/object.js";
import { clone, isPlainObject } from "../../api/object.js";
import { jsonEqual } from "../patch/json-patch.js";
import { applyBadRequest, conflictError, internalApplyError } from "./apply-errors.js";
import { compare } from "./compare.js";
import type { FieldSet } from "./field-set.js";
import { capUpdateManagers, decodeManagers, encodeManagers, managerId, unownedFields } from "./managers.js";
import { fieldsStillAsLastApplied, kubectlManager, syncLastApplied } from "./last-applied.js";
import type { Manager, Managers } from "./managers.js";
import { merge } from "./merge.js";
import { afterChange, conflictsWith, excluding, ignoredFields, withoutManagedFields } from "./ownership.js";
import type { Conflict } from "./ownership.js";
import { removeItems, withNamedFieldsAsMembers } from "./remove-items.js";
import { rootSsaType } from "./ssa-type.js";
import type { SsaType } from "./ssa-type.js";
import { configErrors, toFieldSet } from "./to-field-set.js";
import { recordUpdate } from "./update-managed-fields.js";
import type { ManagedFieldsOptions } from "./update-managed-fields.js";

export interface ApplyOptions extends ManagedFieldsOptions {
  readonly kind: string;
  /** Take ownership of fields other managers own instead of failing with 409. */
  readonly force?: boolean;
}

export interface AppliedResult {
  readonly object: KubeObject;
  /** True when live was undefined: the apply creates the object. */
  readonly created: boolean;
  /** False when the apply changed neither the object nor its managedFields. */
  readonly changed: boolean;
}

/** The manager that takes the fields of an object applied to for the first time. */
const beforeFirstApply = "before-first-apply";

/**
 * Server-side apply (upstream's FieldManager.Apply): config merged into live by the schema,
 * the applier's fields replaced by those config sets, the fields it set last time and no
 * longer does removed unless another manager owns them, conflicts with other managers'
 * fields (unless force) a 409.
 */
export function applyConfiguration(live: KubeObject | undefined, config: unknown, options: ApplyOptions): AppliedResult {
  const body = decodeConfig(config);
  checkConfig(body, options);
  const type = rootSsaType(options.apiVersion, options.kind);
  const errors = configErrors(body, type);
  if (errors.length > 0) throw internalApplyError(`failed to create typed patch object (${objectName(body, options)}): ${joinErrors(errors)}`);

  const liveObj = live && withoutManagedFields(live);
  let managers = decodeManagers(live?.metadata?.managedFields, { stored: true });
  if (liveObj && managers.size === 0) {
    managers = recordUpdate(managers, { old: undefined, next: liveObj, type }, { ...options, manager: beforeFirstApply, operation: "Update" });
  }
  const self: Omit<Manager, "set"> = {
    manager: options.manager,
    operation: "Apply",
    apiVersion: options.apiVersion,
    ...(options.subresource ? { subresource: options.subresource } : {}),
  };
  const selfId = managerId(self);
  const last = managers.get(selfId);
  const applied = toFieldSet(body, type).recursiveDifference(ignoredFields(options.subresource)).difference(unownedFields);
  managers.set(selfId, { ...self, ...(last?.time ? { time: last.time } : {}), set: applied });

  const merged = merge(liveObj ?? {}, body, type) as KubeObject;
  const pruned = last ? prune(merged, { last: last.set, managers, type }) : merged;
  const cmp = excluding(compare(liveObj, pruned, type), ignoredFields(options.subresource));
  const conflicts = conflictsWith(managers, selfId, cmp);
  if (conflicts.length > 0 && !options.force) {
    const remaining = conflictsNotFromLastApplied(conflicts, live, { ...options, type });
    if (remaining.length > 0) throw conflictError(remaining);
  }
  const after = afterChange(managers, selfId, cmp, conflicts);
  const contentChanged = !jsonEqual(pruned, liveObj ?? null);
  if (contentChanged) after.set(selfId, { ...after.get(selfId)!, time: options.time });

  const object = options.manager === kubectlManager ? syncLastApplied(clone(pruned), body) : clone(pruned);
  const entries = encodeManagers(capUpdateManagers(after));
  object.metadata = { ...object.metadata };
  if (entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
  const changed = contentChanged || !jsonEqual(entries, live?.metadata?.managedFields ?? []);
  return { object, created: live === undefined, changed };
}

/**
 * Conflicts of kubectl's apply that client-side apply left behind are not conflicts: those
 * on fields the last-applied annotation sets to the value they still have.
 */
function conflictsNotFromLastApplied(conflicts: Conflict[], live: KubeObject | undefined, options: ApplyOptions & { type: SsaType }): Conflict[] {
  if (options.manager !== kubectlManager || !live) return conflicts;
  const allowed = fieldsStillAsLastApplied(withoutManagedFields(live), options);
  if (!allowed) return conflicts;
  return conflicts.map((c) => ({ ...c, set: c.set.difference(allowed) })).filter((c) => !c.set.isEmpty());
}

/** The body as an object: YAML (JSON being YAML) or already decoded. */
function decodeConfig(config: unknown): Record<string, unknown> {
  let value = config;
  if (config instanceof Uint8Array) value = new TextDecoder().decode(config);
  if (typeof value === "string") {
    try {
      value = parse(value, { version: "1.1" }) as unknown;
    } catch (err) {
      throw applyBadRequest(`error decoding YAML: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) {
    const kind = Array.isArray(value) ? "array" : typeof value === "boolean" ? "bool" : typeof value;
    throw applyBadRequest(`error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return clone(value);
}

/** The request's group-version-kind as upstream prints one: "apps/v1, Kind=StatefulSet", "/v1, Kind=Pod". */
function gvkString(apiVersion: string, kind: string): string {
  const parts = apiVersion.split("/");
  if (parts.length > 2) return "/, Kind=";
  const [group, version] = parts.length === 2 ? parts : ["", parts[0] ?? ""];
  return `${group}/${version}, Kind=${kind}`;
}

function checkConfig(body: Record<string, unknown>, options: ApplyOptions): void {
  const apiVersion = typeof body["apiVersion"] === "string" ? body["apiVersion"] : "";
  const kind = typeof body["kind"] === "string" ? body["kind"] : "";
  if (apiVersion !== options.apiVersion || kind !== options.kind) throw applyBadRequest(`invalid object type: ${gvkString(apiVersion, kind)}`);
  const metadata = body["metadata"];
  if (isPlainObject(metadata) && metadata["managedFields"] !== undefined && metadata["managedFields"] !== null) {
    throw applyBadRequest("metadata.managedFields must be nil");
  }
}

function objectName(body: Record<string, unknown>, options: ApplyOptions): string {
  const metadata = isPlainObject(body["metadata"]) ? body["metadata"] : {};
  const str = (v: unknown): string => (typeof v === "string" ? v : "");
  return `${str(metadata["namespace"])}/${str(metadata["name"])}; ${gvkString(options.apiVersion, options.kind)}`;
}

/** upstream's ValidationErrors.Error(). */
function joinErrors(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0]! : ["errors:", ...errors.map((e) => `  ${e}`)].join("\n");
}

/**
 * Removes what the applier set last time and no longer sets, unless some manager (the
 * applier's new set included) owns it.
 */
function prune(merged: KubeObject, state: { readonly last: FieldSet; readonly managers: Managers; readonly type: SsaType }): KubeObject {
  let owned: FieldSet | undefined;
  for (const m of state.managers.values()) owned = owned ? owned.union(m.set) : m.set;
  const last = withNamedFieldsAsMembers(state.last, state.type);
  const keep = owned ? withNamedFieldsAsMembers(owned, state.type) : undefined;
  const toRemove = keep ? last.difference(keep) : last;
  return removeItems(merged, toRemove, state.type) as KubeObject;
}
