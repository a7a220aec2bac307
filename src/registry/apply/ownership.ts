/**
 * How a change moves field ownership between managers (structured-merge-diff's
 * Updater.update): every other manager gives up what the change removes, and what it
 * modifies or adds is either a conflict or, when forced, taken from them.
 */
import type { KubeObject } from "../../api/object.js";
import type { Comparison } from "./compare.js";
import { FieldSet, fieldElement } from "./field-set.js";
import { withSet } from "./managers.js";
import type { Manager, Managers } from "./managers.js";

export interface Conflict {
  readonly id: string;
  readonly manager: Manager;
  /** The conflicting paths. */
  readonly set: FieldSet;
}

const specOnly = FieldSet.of([[fieldElement("spec")]]);
const statusOnly = FieldSet.of([[fieldElement("status")]]);

/** What reset fields a write ignores: status for the main resource, spec for the status subresource. */
export function ignoredFields(subresource: string | undefined): FieldSet {
  return subresource === "status" ? specOnly : statusOnly;
}

/** The comparison without the ignored fields. */
export function excluding(cmp: Comparison, ignored: FieldSet): Comparison {
  return {
    modified: cmp.modified.recursiveDifference(ignored),
    added: cmp.added.recursiveDifference(ignored),
    removed: cmp.removed.recursiveDifference(ignored),
  };
}

/** The other managers' conflicts with a change: what they own that it modifies or adds. */
export function conflictsWith(managers: Managers, selfId: string, cmp: Comparison): Conflict[] {
  let changed: FieldSet | undefined;
  const out: Conflict[] = [];
  for (const [id, m] of managers) {
    if (id === selfId) continue;
    changed ??= cmp.modified.union(cmp.added);
    const set = m.set.intersection(changed);
    if (!set.isEmpty()) out.push({ id, manager: m, set });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The managers after a change: others lose the conflicting and removed fields; empty ones go. */
export function afterChange(managers: Managers, selfId: string, cmp: Comparison, conflicts: readonly Conflict[]): Managers {
  const out: Managers = new Map();
  for (const [id, m] of managers) {
    let set = m.set;
    if (id !== selfId) {
      const conflict = conflicts.find((c) => c.id === id);
      if (conflict) set = set.difference(conflict.set);
      set = set.difference(cmp.removed);
    }
    if (!set.isEmpty()) out.set(id, withSet(m, set));
  }
  return out;
}

/** obj without metadata.managedFields, sharing the rest (for comparing; never changed). */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
