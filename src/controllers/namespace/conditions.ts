import type { NamespaceCondition } from "kubernetes-types/core/v1.js";

/**
 * The namespace deletion conditions upstream's namespace controller maintains
 * (pkg/controller/namespace/deletion/status_condition_utils.go), with their "all is well" forms.
 */
export const conditionTypes = [
  "NamespaceDeletionDiscoveryFailure",
  "NamespaceDeletionGroupVersionParsingFailure",
  "NamespaceDeletionContentFailure",
  "NamespaceContentRemaining",
  "NamespaceFinalizersRemaining",
] as const;

export type DeletionConditionType = (typeof conditionTypes)[number];

const okMessages: Record<DeletionConditionType, string> = {
  NamespaceDeletionDiscoveryFailure: "All resources successfully discovered",
  NamespaceDeletionGroupVersionParsingFailure: "All legacy kube types successfully parsed",
  NamespaceDeletionContentFailure: "All content successfully deleted, may be waiting on finalization",
  NamespaceContentRemaining: "All content successfully removed",
  NamespaceFinalizersRemaining: "All content successfully removed",
};

const okReasons: Record<DeletionConditionType, string> = {
  NamespaceDeletionDiscoveryFailure: "ResourcesDiscovered",
  NamespaceDeletionGroupVersionParsingFailure: "ParsedGroupVersions",
  NamespaceDeletionContentFailure: "ContentDeleted",
  NamespaceContentRemaining: "ContentRemoved",
  NamespaceFinalizersRemaining: "ContentRemoved",
};

/** What one pass over the namespace's content left behind. */
export interface ContentTotals {
  /** "resource.group" (e.g. "pods.") → instances remaining. */
  readonly remainingByResource: ReadonlyMap<string, number>;
  /** finalizer → instances remaining that carry it. */
  readonly remainingByFinalizer: ReadonlyMap<string, number>;
  /** Messages of the resources whose deletion failed. */
  readonly deleteErrors: readonly string[];
}

/** The failing conditions a pass calls for (status True); the others will read "all is well". */
export function failingConditions(totals: ContentTotals, now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  const remaining = summarize(totals.remainingByResource, (r, n) => `${r} has ${n} resource instances`);
  if (totals.remainingByResource.size > 0) {
    out.push(failing("NamespaceContentRemaining", "SomeResourcesRemain", `Some resources are remaining: ${remaining}`, now));
  }
  const finalizers = summarize(totals.remainingByFinalizer, (f, n) => `${f} in ${n} resource instances`);
  if (totals.remainingByFinalizer.size > 0) {
    out.push(failing("NamespaceFinalizersRemaining", "SomeFinalizerRemain", `Some finalizers are remaining: ${finalizers}`, now));
  }
  if (totals.deleteErrors.length > 0) {
    const msgs = [...totals.deleteErrors].sort();
    const message = `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(", ")}`;
    out.push(failing("NamespaceDeletionContentFailure", "ContentDeletionFailed", message, now));
  }
  return out;
}

/**
 * Merges the pass's conditions into the namespace's: every maintained type is set, to its failing
 * form when the pass produced one and to its "all is well" form otherwise. lastTransitionTime moves
 * only when status flips. Returns the new list and whether anything changed.
 */
export function updateConditions(
  existing: readonly NamespaceCondition[],
  failingNow: readonly NamespaceCondition[],
  now: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = existing.map((c) => ({ ...c }));
  let changed = false;
  for (const type of conditionTypes) {
    const next = failingNow.find((c) => c.type === type) ?? succeeded(type, now);
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push(next);
      changed = true;
    } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      old.status = next.status;
      old.reason = next.reason;
      old.message = next.message;
      changed = true;
    }
  }
  return { conditions, changed };
}

function failing(type: DeletionConditionType, reason: string, message: string, now: string): NamespaceCondition {
  return { type, status: "True", lastTransitionTime: now, reason, message };
}

function succeeded(type: DeletionConditionType, now: string): NamespaceCondition {
  return { type, status: "False", lastTransitionTime: now, reason: okReasons[type], message: okMessages[type] };
}

/** Non-zero counts as "a, b" sorted, for messages stable between passes. */
function summarize(counts: ReadonlyMap<string, number>, line: (name: string, n: number) => string): string {
  return [...counts].filter(([, n]) => n > 0).map(([name, n]) => line(name, n)).sort().join(", ");
}
