import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { controllerRef, type KubeObject, objectKey, type Stored } from "../../api/object.js";
import type { UIDTrackingExpectations } from "../../client/expectations.js";
import type { EventHandler } from "../../client/informer.js";
import type { Lister } from "../../client/lister.js";
import { labelSelectorFromSpec } from "../../util/labels.js";
import { refersToKind, resolveControllerRef } from "../runtime/owner-keys.js";

const setKind = { group: "apps", kind: "StatefulSet" };

/** The queue key of the set controlling obj, by its controller reference (any UID: the set may be gone). */
export function ownerKey(obj: KubeObject): string | undefined {
  const ref = controllerRef(obj);
  if (!ref || !refersToKind(ref, setKind)) return undefined;
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${ref.name}` : ref.name;
}

/** The key of the set controlling obj, only while that very set (same UID) exists. */
function liveOwnerKey(sets: Lister<StatefulSet>, obj: KubeObject): string | undefined {
  const set = resolveControllerRef(obj, { ...setKind, lister: sets });
  return set ? objectKey(set) : undefined;
}

/** upstream's getPodStatefulSets: sets in the pod's namespace whose selector matches it. */
function matchingSets(sets: Lister<StatefulSet>, obj: KubeObject): string[] {
  const ns = obj.metadata?.namespace;
  return sets
    .list(ns ? { namespace: ns } : {})
    .filter((set) => {
      try {
        return labelSelectorFromSpec(set.spec?.selector).matches(obj.metadata?.labels);
      } catch {
        return false;
      }
    })
    .map(objectKey);
}

export interface HandlerDeps {
  readonly sets: Lister<StatefulSet>;
  readonly expectations: UIDTrackingExpectations;
  readonly enqueue: (key: string) => void;
}

/**
 * upstream's addPod/updatePod/deletePod: a pod with a controller reference wakes its set (and
 * counts towards its expectations: a pod seen deleting counts as deleted); an orphan wakes every
 * set whose selector matches it, which may adopt it.
 */
export function podHandler(d: HandlerDeps): EventHandler<Pod> {
  const wake = (pod: Stored<Pod>): void => {
    if (controllerRef(pod)) {
      const key = liveOwnerKey(d.sets, pod);
      if (key) d.enqueue(key);
    } else if (!pod.metadata.deletionTimestamp) {
      for (const k of matchingSets(d.sets, pod)) d.enqueue(k);
    }
  };
  const deleted = (pod: Stored<Pod>): void => {
    const key = ownerKey(pod);
    if (!key) return;
    d.expectations.deletionOfObserved(key, objectKey(pod));
    d.enqueue(key);
  };
  return {
    onAdd(pod) {
      if (pod.metadata.deletionTimestamp) return deleted(pod);
      const key = ownerKey(pod);
      if (key) d.expectations.creationObserved(key);
      wake(pod);
    },
    onUpdate(old, pod) {
      if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
      if (pod.metadata.deletionTimestamp) deleted(pod);
      const before = ownerKey(old);
      if (before && before !== ownerKey(pod)) d.enqueue(before);
      wake(pod);
    },
    onDelete: (pod) => deleted(pod),
  };
}

/** Revisions wake the set controlling them (a rollback's renumbering, a deleted revision). */
export function revisionHandler(d: HandlerDeps): EventHandler<KubeObject> {
  const wake = (obj: Stored): void => {
    const key = ownerKey(obj);
    if (key) d.enqueue(key);
  };
  return { onAdd: wake, onUpdate: (_old, obj) => wake(obj), onDelete: wake };
}

/**
 * A claim that goes away may free a pod waiting for it (a stale claim, or one that was being
 * deleted): wake the sets whose names the claim's name carries ("<template>-<set>-<ordinal>").
 */
export function claimHandler(d: HandlerDeps): EventHandler<PersistentVolumeClaim> {
  return {
    onDelete(claim) {
      const ns = claim.metadata.namespace;
      for (const set of d.sets.list(ns ? { namespace: ns } : {})) {
        if (new RegExp(`-${escapeRegExp(set.metadata.name)}-\\d+$`).test(claim.metadata.name)) d.enqueue(objectKey(set));
      }
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
