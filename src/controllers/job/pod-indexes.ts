import type { Pod } from "kubernetes-types/core/v1.js";
import { controllerRef, type KubeObject } from "../../api/object.js";
import { hasTrackingFinalizer, isTerminal } from "./pod-state.js";

/**
 * Pods by their controller's UID, leaving out finished pods already counted (no tracking
 * finalizer): a sync never looks at those, and a Job of 10,000 completions keeps them all.
 */
export const livePodsIndex = "job-controller/live-pods-by-controller";

/** Pods with no controller, by namespace: the candidates for adoption. */
export const orphanPodsIndex = "job-controller/orphan-pods-by-namespace";

export function livePodsByController(obj: KubeObject): readonly string[] {
  const pod = obj as Pod;
  const ref = controllerRef(pod);
  if (!ref) return [];
  return hasTrackingFinalizer(pod) || !isTerminal(pod) || pod.metadata?.deletionTimestamp ? [ref.uid] : [];
}

export function orphanPodsByNamespace(obj: KubeObject): readonly string[] {
  return controllerRef(obj) || !obj.metadata?.namespace ? [] : [obj.metadata.namespace];
}

export const jobPodIndexers = { [livePodsIndex]: livePodsByController, [orphanPodsIndex]: orphanPodsByNamespace } as const;
