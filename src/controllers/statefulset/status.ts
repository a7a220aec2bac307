import type { StatefulSetStatus } from "kubernetes-types/apps/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { SetLike } from "./identity.js";
import { isAvailable, isCreated, isRunningAndReady, isTerminating, podRevision } from "./pod-state.js";

export interface ReplicaCounts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

/** upstream's computeReplicaStatus over every pod of the set. */
export function countReplicas(pods: readonly Pod[], opts: { minReadySeconds: number; now: number; current: string; update: string }): ReplicaCounts {
  const c: ReplicaCounts = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    if (!isCreated(pod)) continue;
    c.replicas++;
    if (isRunningAndReady(pod)) {
      c.readyReplicas++;
      if (isAvailable(pod, opts)) c.availableReplicas++;
    }
    if (isTerminating(pod)) continue;
    const revision = podRevision(pod);
    if (revision === opts.current) c.currentReplicas++;
    if (revision === opts.update) c.updatedReplicas++;
  }
  return c;
}

/**
 * The status as Go writes a StatefulSetStatus (field order, zero counters omitted where the Go
 * field is omitempty: replicas and availableReplicas are always written).
 */
export function statusOf(fields: ReplicaCounts & { observedGeneration: number; currentRevision: string; updateRevision: string; collisionCount: number }): StatefulSetStatus {
  const s: StatefulSetStatus = { replicas: 0 };
  if (fields.observedGeneration) s.observedGeneration = fields.observedGeneration;
  s.replicas = fields.replicas;
  if (fields.readyReplicas) s.readyReplicas = fields.readyReplicas;
  if (fields.currentReplicas) s.currentReplicas = fields.currentReplicas;
  if (fields.updatedReplicas) s.updatedReplicas = fields.updatedReplicas;
  if (fields.currentRevision) s.currentRevision = fields.currentRevision;
  if (fields.updateRevision) s.updateRevision = fields.updateRevision;
  s.collisionCount = fields.collisionCount;
  s.availableReplicas = fields.availableReplicas;
  return s;
}

/**
 * upstream's completeRollingUpdate: once every wanted pod is updated and Ready, the update
 * revision becomes the current one.
 */
export function completeRollingUpdate(set: SetLike, c: ReplicaCounts & { currentRevision: string; updateRevision: string }): void {
  const wanted = set.spec?.replicas ?? 1;
  const rolling = (set.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate";
  if (rolling && c.updatedReplicas === wanted && c.readyReplicas === wanted && c.replicas === wanted) {
    c.currentReplicas = c.updatedReplicas;
    c.currentRevision = c.updateRevision;
  }
}
