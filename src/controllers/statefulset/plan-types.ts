import type { ControllerRevision, StatefulSet, StatefulSetStatus } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import type { Revisions } from "./revision-plan.js";
import type { Hold, Waiting } from "./waiting.js";

/** What the plan sees of one StatefulSet, from the informer caches. */
export interface Observed {
  readonly set: Stored<StatefulSet>;
  /** The pods the set controls (adoption and release are settled before planning). */
  readonly pods: readonly Stored<Pod>[];
  /** Claims of the set's namespace, by name. */
  readonly claims: ReadonlyMap<string, Stored<PersistentVolumeClaim>>;
  /** Revisions the set controls, and orphans its selector matches. */
  readonly revisions: readonly Stored<ControllerRevision>[];
}

/**
 * The stages of upstream's updateStatefulSet, in order. Under OrderedReady every action runs one
 * at a time and the first failure stops the rest; under Parallel the actions of a stage run
 * together (in slow-start batches) and a failing stage stops the later ones.
 */
export type Stage = "replicas" | "claims" | "condemned" | "update";

export type Action =
  /** Creates the pod, after the claims it needs that do not exist yet. */
  | { readonly type: "createPod"; readonly stage: Stage; readonly pod: Pod; readonly claims: readonly PersistentVolumeClaim[] }
  /** A pending pod lacks claims (deleted by hand): create them again. */
  | { readonly type: "createClaims"; readonly stage: Stage; readonly pod: Stored<Pod>; readonly claims: readonly PersistentVolumeClaim[] }
  | { readonly type: "deletePod"; readonly stage: Stage; readonly pod: Stored<Pod>; readonly why: "ended" | "condemned" | "update" }
  /** Restores the pod's identity labels and claim volumes (the pod as observed). */
  | { readonly type: "updatePod"; readonly stage: Stage; readonly pod: Stored<Pod> }
  /** Gives the claim (as observed) the owner references the retention policy asks for. */
  | { readonly type: "updateClaim"; readonly stage: Stage; readonly claim: Stored<PersistentVolumeClaim>; readonly pod: Pod };

/** Where processing stopped and on which pod, for saying what waits. */
export interface Block {
  readonly stage: Stage;
  /** The pod waited for (a pod the plan creates or deletes in this round included). */
  readonly pod: Pod;
  readonly hold: Hold | "justCreated" | "justDeleted" | "staleClaim" | "claimTerminating" | "unavailable";
  /** The claim in question, for staleClaim and claimTerminating. */
  readonly claim?: string;
  /** For "unavailable": how many pods are unavailable and how many may be. */
  readonly unavailable?: { readonly count: number; readonly max: number };
}

export interface StatefulSetPlan {
  readonly revisions: Revisions;
  readonly actions: readonly Action[];
  /** The status to write, Waiting condition included. */
  readonly status: StatefulSetStatus;
  readonly waiting?: Waiting;
  /** Revisions beyond revisionHistoryLimit, to delete once the rest is done. */
  readonly truncate: readonly Stored<ControllerRevision>[];
  /** Look again after this long (a pod becoming available after minReadySeconds). */
  readonly requeueAfterMs?: number;
}
