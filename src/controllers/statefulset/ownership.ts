import type { ControllerRevision, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { controllerRef, type Stored } from "../../api/object.js";
import type { LabelSelector } from "../../util/labels.js";
import { isMemberOf } from "./ordinals.js";

/** Who should control what: the pods and revisions a set takes over or lets go. */
export interface Ownership {
  /** Pods the set controls and keeps. */
  readonly owned: Stored<Pod>[];
  /** Orphan pods the selector matches and whose names make them members: adopt them. */
  readonly adopt: Stored<Pod>[];
  /** Pods the set controls that the selector (or the name) no longer matches: release them. */
  readonly release: Stored<Pod>[];
  /** Orphan revisions the selector matches. */
  readonly adoptRevisions: Stored<ControllerRevision>[];
  /** Revisions the set controls, and the orphans it is about to adopt. */
  readonly revisions: Stored<ControllerRevision>[];
}

/**
 * upstream's ClaimPods (ControllerRefManager.ClaimObject) for a StatefulSet, and its
 * adoptOrphanRevisions: orphans are adopted only while the set is not being deleted, never while
 * they are being deleted themselves; pods of other controllers are left alone.
 */
export function decideOwnership(
  set: Stored<StatefulSet>,
  selector: LabelSelector,
  candidates: { pods: readonly Stored<Pod>[]; revisions: readonly Stored<ControllerRevision>[] },
): Ownership {
  const uid = set.metadata.uid;
  const leaving = !!set.metadata.deletionTimestamp;
  const matches = (pod: Stored<Pod>): boolean => selector.matches(pod.metadata.labels) && isMemberOf(set.metadata.name, pod.metadata.name);
  const out: Ownership = { owned: [], adopt: [], release: [], adoptRevisions: [], revisions: [] };
  for (const pod of candidates.pods) {
    const ref = controllerRef(pod);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches(pod)) out.owned.push(pod);
      else if (!leaving) out.release.push(pod);
      continue;
    }
    if (!leaving && matches(pod) && !pod.metadata.deletionTimestamp) out.adopt.push(pod);
  }
  for (const cr of candidates.revisions) {
    if (!selector.matches(cr.metadata.labels)) continue;
    const ref = controllerRef(cr);
    if (ref && ref.uid !== uid) continue;
    out.revisions.push(cr);
    if (!ref && !leaving) out.adoptRevisions.push(cr);
  }
  return out;
}

export function hasChanges(o: Ownership): boolean {
  return o.adopt.length + o.release.length + o.adoptRevisions.length > 0;
}
