import type { OwnerReference } from "../../api/object.js";
import type { PropagationPolicy } from "../../api/options.js";

/** metav1.FinalizerOrphanDependents: remove me from my dependents' ownerReferences before I go. */
export const orphanFinalizer = "orphan";
/** metav1.FinalizerDeleteDependents: delete my blocking dependents before I go. */
export const foregroundFinalizer = "foregroundDeletion";

/** What became of one owner an object refers to. */
export type OwnerState =
  /** Not found, or found with another UID: the reference dangles. */
  | { readonly state: "absent" }
  /** Exists; deletingDependents when it is being deleted in the foreground. */
  | { readonly state: "present"; readonly deletingDependents: boolean }
  /**
   * Cannot be looked up (a kind not served, a namespaced owner of a cluster-scoped object): left
   * alone, as upstream does, rather than treated as gone.
   */
  | { readonly state: "unresolvable" };

/** An object that names the observed object among its owners. */
export interface Dependent {
  readonly uid: string;
  /** Its reference to the observed object has blockOwnerDeletion: true. */
  readonly blocksOwnerDeletion: boolean;
  /** It has a deletionTimestamp. */
  readonly beingDeleted: boolean;
  /** It is itself being deleted in the foreground (deletionTimestamp and the foregroundDeletion finalizer). */
  readonly deletingDependents: boolean;
}

/** The garbage collector's view of one object: itself, what its owners are, who depends on it. */
export interface GcObserved {
  readonly object: {
    readonly deletionTimestamp?: string;
    readonly finalizers: readonly string[];
    readonly ownerReferences: readonly OwnerReference[];
  };
  /** By owner UID, one entry per ownerReference. */
  readonly owners: ReadonlyMap<string, OwnerState>;
  readonly dependents: readonly Dependent[];
}

export type GcAction =
  /** Patch the object: drop the ownerReferences with these UIDs. */
  | { readonly type: "removeOwnerReferences"; readonly uids: readonly string[] }
  /** Patch the object: blockOwnerDeletion false on every ownerReference (breaks foreground cycles). */
  | { readonly type: "unblockOwnerReferences" }
  /** Delete the object (UID and resourceVersion preconditions) with this propagation. */
  | { readonly type: "delete"; readonly policy: PropagationPolicy }
  /** Drop the object's UID from these dependents' ownerReferences. */
  | { readonly type: "orphanDependents"; readonly uids: readonly string[] }
  /** Update the object without this finalizer. */
  | { readonly type: "removeFinalizer"; readonly finalizer: string }
  /** Look at these dependents again (their owner is now deleting them). */
  | { readonly type: "processDependents"; readonly uids: readonly string[] };

export interface GcDecision {
  readonly actions: readonly GcAction[];
  /** Why, for logs and tests. */
  readonly reason: string;
}

const nothing = (reason: string): GcDecision => ({ actions: [], reason });

/**
 * Upstream's attemptToDeleteItem, processDeletingDependentsItem and attemptToOrphanWorker as one
 * pure decision about one object.
 */
export function decide(observed: GcObserved): GcDecision {
  if (observed.object.deletionTimestamp) return decideBeingDeleted(observed);
  return decideDependent(observed);
}

/** An owner on its way out: orphan or delete its dependents as its finalizers ask. */
function decideBeingDeleted(observed: GcObserved): GcDecision {
  const { finalizers } = observed.object;
  if (finalizers.includes(orphanFinalizer)) {
    return {
      actions: [{ type: "orphanDependents", uids: observed.dependents.map((d) => d.uid) }, { type: "removeFinalizer", finalizer: orphanFinalizer }],
      reason: "orphan: remove the owner from its dependents, then its orphan finalizer",
    };
  }
  if (!finalizers.includes(foregroundFinalizer)) return nothing("being deleted: wait for it to go, then process its dependents");
  const blocking = observed.dependents.filter((d) => d.blocksOwnerDeletion);
  if (blocking.length === 0) {
    return { actions: [{ type: "removeFinalizer", finalizer: foregroundFinalizer }], reason: "foreground: no blocking dependent left" };
  }
  const toProcess = observed.dependents.filter((d) => !d.beingDeleted).map((d) => d.uid);
  return {
    actions: toProcess.length > 0 ? [{ type: "processDependents", uids: toProcess }] : [],
    reason: `foreground: waiting for ${blocking.length} blocking dependent(s)`,
  };
}

/** An object with owners: keep it while one owner stands, else collect it. */
function decideDependent(observed: GcObserved): GcDecision {
  const refs = observed.object.ownerReferences;
  if (refs.length === 0) return nothing("no owner");
  const solid: string[] = [];
  const dangling: string[] = [];
  const waiting: string[] = [];
  for (const ref of refs) {
    const owner = observed.owners.get(ref.uid) ?? { state: "unresolvable" };
    if (owner.state === "absent") dangling.push(ref.uid);
    else if (owner.state === "present" && owner.deletingDependents) waiting.push(ref.uid);
    else solid.push(ref.uid);
  }
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return nothing("an owner exists");
    return {
      actions: [{ type: "removeOwnerReferences", uids: [...dangling, ...waiting] }],
      reason: "an owner exists: drop the references to owners gone or deleting their dependents",
    };
  }
  if (waiting.length > 0 && observed.dependents.length > 0) {
    const cycle = observed.dependents.some((d) => d.deletingDependents);
    return {
      actions: [...(cycle ? [{ type: "unblockOwnerReferences" } as const] : []), { type: "delete", policy: "Foreground" }],
      reason: "an owner deletes its dependents in the foreground and this object has dependents of its own",
    };
  }
  return { actions: [{ type: "delete", policy: propagationFor(observed.object.finalizers) }], reason: "every owner is gone or deleting its dependents" };
}

/** An existing orphan or foreground finalizer on the object is honoured; else Background. */
function propagationFor(finalizers: readonly string[]): PropagationPolicy {
  if (finalizers.includes(orphanFinalizer)) return "Orphan";
  if (finalizers.includes(foregroundFinalizer)) return "Foreground";
  return "Background";
}
