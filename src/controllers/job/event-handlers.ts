import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { controllerRef, objectKey, type Stored } from "../../api/object.js";
import type { EventHandler } from "../../client/informer.js";
import type { Lister } from "../../client/lister.js";
import type { Clock } from "../../util/clock.js";
import { labelSelectorFromSpec } from "../../util/labels.js";
import { resolveControllerRef } from "../runtime/owner-keys.js";
import { isJobFinished } from "./conditions.js";
import type { JobMemory } from "./job-memory.js";
import { livePodsIndex } from "./pod-indexes.js";
import { hasTrackingFinalizer, timeMs } from "./pod-state.js";

/** Where the handlers send keys. */
export interface JobQueues {
  /** A spec change, a new or deleted Job: sync at once. */
  syncNow(key: string): void;
  /** A pod or status change: sync after the batching period. */
  syncSoon(key: string): void;
  syncAfter(key: string, ms: number): void;
  freeOrphan(podKey: string): void;
}

export interface HandlerContext {
  readonly jobs: Lister<Job>;
  readonly pods: Lister<Pod>;
  readonly memory: JobMemory;
  readonly queues: JobQueues;
  readonly clock: Clock;
}

const jobKind = { group: "batch", kind: "Job" } as const;

function owningJob(c: HandlerContext, pod: Stored<Pod>): Stored<Job> | undefined {
  return resolveControllerRef(pod, { ...jobKind, lister: c.jobs });
}

/** getPodJobs: Jobs in the pod's namespace whose selector matches it (candidates to adopt an orphan). */
function selectingJobs(c: HandlerContext, pod: Stored<Pod>): Stored<Job>[] {
  return c.jobs.list({ namespace: pod.metadata.namespace }).filter((job) => {
    try {
      return labelSelectorFromSpec(job.spec?.selector).matches(pod.metadata.labels ?? {});
    } catch {
      return false;
    }
  });
}

function orphanAdded(c: HandlerContext, pod: Stored<Pod>): void {
  if (hasTrackingFinalizer(pod)) c.queues.freeOrphan(objectKey(pod));
  for (const job of selectingJobs(c, pod)) c.queues.syncSoon(objectKey(job));
}

/**
 * deletePod: a pod marked for deletion or gone counts as a deletion observed by its running Job,
 * whose key it returns; a pod no running Job controls is freed of the finalizer as an orphan.
 */
function deletionObserved(c: HandlerContext, pod: Stored<Pod>): string | undefined {
  const job = controllerRef(pod) ? owningJob(c, pod) : undefined;
  if (!job || isJobFinished(job)) {
    if (hasTrackingFinalizer(pod)) c.queues.freeOrphan(objectKey(pod));
    return undefined;
  }
  const key = objectKey(job);
  c.memory.expectations.deletionOfObserved(key, objectKey(pod));
  c.queues.syncSoon(key);
  return key;
}

/** A pod marked for deletion: its finalizer counts as removed only once it is. */
function podMarkedDeleted(c: HandlerContext, pod: Stored<Pod>): void {
  const key = deletionObserved(c, pod);
  if (key && !hasTrackingFinalizer(pod)) c.memory.finalizerRemovalObserved(key, pod.metadata.uid);
}

/** A pod gone from the store: whatever finalizer it had is gone with it. */
function podRemoved(c: HandlerContext, pod: Stored<Pod>): void {
  const key = deletionObserved(c, pod);
  if (key) c.memory.finalizerRemovalObserved(key, pod.metadata.uid);
}

function podUpdated(c: HandlerContext, change: { old: Stored<Pod>; pod: Stored<Pod> }): void {
  const { old, pod } = change;
  if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
  if (pod.metadata.deletionTimestamp) return podMarkedDeleted(c, pod);
  const freed = !hasTrackingFinalizer(pod);
  const oldRef = controllerRef(old);
  const ref = controllerRef(pod);
  const refChanged = JSON.stringify(oldRef) !== JSON.stringify(ref);
  const notify = (job: Stored<Job> | undefined): void => {
    if (!job) return;
    if (freed) c.memory.finalizerRemovalObserved(objectKey(job), pod.metadata.uid);
    c.queues.syncSoon(objectKey(job));
  };
  if (refChanged && oldRef) notify(owningJob(c, old));
  if (ref) return notify(owningJob(c, pod));
  if (hasTrackingFinalizer(pod)) c.queues.freeOrphan(objectKey(pod));
  if (refChanged || JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels)) {
    for (const job of selectingJobs(c, pod)) c.queues.syncSoon(objectKey(job));
  }
}

/** upstream's addPod, updatePod and deletePod: map a pod change to its Job and keep expectations. */
export function podEventHandler(c: HandlerContext): EventHandler<Pod> {
  return {
    onAdd: (pod) => {
      // Seen first already being deleted (a relist after a restart): not a creation.
      if (pod.metadata.deletionTimestamp) return podMarkedDeleted(c, pod);
      if (!controllerRef(pod)) return orphanAdded(c, pod);
      const job = owningJob(c, pod);
      if (!job) return;
      c.memory.expectations.creationObserved(objectKey(job));
      c.queues.syncSoon(objectKey(job));
    },
    onUpdate: (old, pod) => podUpdated(c, { old, pod }),
    onDelete: (pod) => podRemoved(c, pod),
  };
}

/** cleanupPodFinalizers: a finished or deleted Job's pods still holding the finalizer are freed as orphans. */
function freePods(c: HandlerContext, job: Stored<Job>): void {
  for (const pod of c.pods.byIndex(livePodsIndex, job.metadata.uid)) {
    if (hasTrackingFinalizer(pod)) c.queues.freeOrphan(objectKey(pod));
  }
}

/** upstream's addJob, updateJob and deleteJob. */
export function jobEventHandler(c: HandlerContext): EventHandler<Job> {
  return {
    onAdd: (job) => {
      c.memory.jobObserved(objectKey(job), job.metadata.resourceVersion);
      c.queues.syncNow(objectKey(job));
    },
    onUpdate: (old, job) => {
      const key = objectKey(job);
      c.memory.jobObserved(key, job.metadata.resourceVersion);
      if (old.metadata.generation === job.metadata.generation) c.queues.syncSoon(key);
      else c.queues.syncNow(key);
      if (isJobFinished(job)) freePods(c, job);
      const start = timeMs(job.status?.startTime);
      const deadline = job.spec?.activeDeadlineSeconds;
      if (start === undefined || deadline == null || old.spec?.activeDeadlineSeconds === deadline) return;
      c.queues.syncAfter(key, deadline * 1000 - (c.clock.now() - start));
    },
    onDelete: (job) => {
      c.queues.syncNow(objectKey(job));
      freePods(c, job);
    },
  };
}
