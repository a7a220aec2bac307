import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { clone, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { Lister } from "../../client/lister.js";
import { type LabelSelector, labelSelectorFromSpec } from "../../util/labels.js";
import { newControllerRef } from "../runtime/owner-keys.js";
import { livePodsIndex, orphanPodsIndex } from "./pod-indexes.js";
import { hasTrackingFinalizer, trackingFinalizer } from "./pod-state.js";

export interface ClaimContext {
  readonly client: Client;
  readonly pods: Lister<Pod>;
}

/** What claiming decides for a Job's candidate pods. */
export interface ClaimPlan {
  readonly owned: readonly Stored<Pod>[];
  /** Orphans the selector matches: to adopt (ownerReference and tracking finalizer added). */
  readonly adopt: readonly Stored<Pod>[];
  /** Owned pods the selector no longer matches: to release. */
  readonly release: readonly Stored<Pod>[];
}

/**
 * ClaimPods' decision (BaseControllerRefManager.ClaimObject): keep owned pods the selector
 * matches, release the others unless the Job is going, adopt matching orphans not being deleted
 * unless the Job is going.
 */
export function planClaim(job: Stored<Job>, selector: LabelSelector, candidates: { owned: readonly Stored<Pod>[]; orphans: readonly Stored<Pod>[] }): ClaimPlan {
  const going = !!job.metadata.deletionTimestamp;
  const matches = (p: Pod): boolean => selector.matches(p.metadata?.labels ?? {});
  const owned = candidates.owned.filter(matches);
  const release = going ? [] : candidates.owned.filter((p) => !matches(p));
  const adopt = going ? [] : candidates.orphans.filter((p) => matches(p) && !p.metadata.deletionTimestamp);
  return { owned, adopt, release };
}

/** getPodsForJob: the Job's pods, after adopting and releasing as its selector says. */
export async function claimPods(at: ClaimContext, job: Stored<Job>): Promise<Stored<Pod>[]> {
  const selector = labelSelectorFromSpec(job.spec?.selector);
  const plan = planClaim(job, selector, {
    owned: at.pods.byIndex(livePodsIndex, job.metadata.uid),
    orphans: at.pods.byIndex(orphanPodsIndex, job.metadata.namespace ?? ""),
  });
  const owner = { client: at.client, job };
  await Promise.all(plan.release.map((p) => release(owner, p)));
  if (plan.adopt.length === 0 || !(await canAdopt(at.client, job))) return [...plan.owned];
  const adopted = await Promise.all(plan.adopt.map((p) => adopt(owner, p)));
  return [...plan.owned, ...adopted.filter((p): p is Stored<Pod> => p !== undefined)];
}

/** RecheckDeletionTimestamp: adopt only for the same Job, read fresh, not being deleted. */
async function canAdopt(client: Client, job: Stored<Job>): Promise<boolean> {
  const fresh = await client.get<Job>(refs.jobs, job.metadata.namespace, job.metadata.name);
  if (fresh.metadata.uid !== job.metadata.uid) throw new Error(`original Job ${job.metadata.namespace}/${job.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${job.metadata.uid}`);
  return !fresh.metadata.deletionTimestamp;
}

/** A Job and the client its claims are written through. */
interface Owner {
  readonly client: Client;
  readonly job: Stored<Job>;
}

async function adopt({ client, job }: Owner, pod: Stored<Pod>): Promise<Stored<Pod> | undefined> {
  const patch = { metadata: { ownerReferences: [newControllerRef(job)], uid: pod.metadata.uid, finalizers: [trackingFinalizer] } };
  try {
    await client.patch<Pod>(refs.pods, pod.metadata.namespace, pod.metadata.name, "strategic", patch);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  // Counted with the finalizer it now has, as upstream does for the rest of the sync.
  const copy = clone(pod);
  if (!hasTrackingFinalizer(copy)) copy.metadata.finalizers = [...(copy.metadata.finalizers ?? []), trackingFinalizer];
  return copy;
}

async function release({ client, job }: Owner, pod: Stored<Pod>): Promise<void> {
  const patch = { metadata: { ownerReferences: [{ $patch: "delete", uid: job.metadata.uid }], uid: pod.metadata.uid } };
  try {
    await client.patch<Pod>(refs.pods, pod.metadata.namespace, pod.metadata.name, "strategic", patch);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
