import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { trackingFinalizer } from "./pod-state.js";

/** removeTrackingFinalizerPatch: a strategic merge patch deleting only our finalizer, whatever else the list holds. */
export const removeTrackingFinalizerPatch = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [trackingFinalizer] } };

/** Frees the pod of the tracking finalizer; a pod already gone counts as freed. */
export async function removeTrackingFinalizer(client: Client, pod: Stored<Pod>): Promise<void> {
  try {
    await client.patch<Pod>(refs.pods, pod.metadata.namespace, pod.metadata.name, "strategic", removeTrackingFinalizerPatch);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
