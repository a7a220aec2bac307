import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { controllerRef, type Stored } from "../../api/object.js";
import type { Client } from "../../client/client.js";
import type { Lister } from "../../client/lister.js";
import { isJobFinished } from "./conditions.js";
import { removeTrackingFinalizer } from "./finalizer-patch.js";
import { managedElsewhere } from "./managed-by.js";
import { hasTrackingFinalizer } from "./pod-state.js";

/**
 * syncOrphanPod's decision: a pod with the tracking finalizer that no running Job of this
 * controller claims (no controller, a Job gone, finished, or managed elsewhere but not by us).
 * A pod controlled by something other than a batch/v1 Job is left alone.
 */
export function orphanNeedsFreeing(pod: Stored<Pod>, jobs: Lister<Job>): boolean {
  if (!hasTrackingFinalizer(pod)) return false;
  const ref = controllerRef(pod);
  if (!ref) return true;
  if (ref.kind !== "Job" || ref.apiVersion !== "batch/v1") return false;
  const job = jobs.get(pod.metadata.namespace, ref.name);
  const owner = job && job.metadata.uid === ref.uid ? job : undefined;
  if (owner && managedElsewhere(owner)) return false;
  return !owner || isJobFinished(owner);
}

/** Frees an orphaned pod of the tracking finalizer, so it can go. */
export async function syncOrphanPod(at: { client: Client; pods: Lister<Pod>; jobs: Lister<Job> }, key: { namespace: string | undefined; name: string }): Promise<void> {
  const pod = at.pods.get(key.namespace, key.name);
  if (pod && orphanNeedsFreeing(pod, at.jobs)) await removeTrackingFinalizer(at.client, pod);
}
