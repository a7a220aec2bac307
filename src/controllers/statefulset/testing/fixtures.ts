// Worlds for plan tests and simulations: a defaulted StatefulSet, its pods in the states a kubelet
// would report, its claims and revisions, all as the caches would hold them.
import type { ControllerRevision, StatefulSet, StatefulSetSpec } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { defaultStatefulSet } from "../../../api/apps/statefulset.js";
import type { Stored } from "../../../api/object.js";
import { rfc3339 } from "../../../util/clock.js";
import { claimsForPod } from "../claims.js";
import { newVersionedPod, type SetLike } from "../identity.js";
import { newRevision } from "../revisions.js";
import type { Observed } from "../plan-types.js";

export const t0 = Date.parse("2026-01-01T00:00:00Z");

export interface SetOptions {
  name?: string;
  replicas?: number;
  policy?: "OrderedReady" | "Parallel";
  onDelete?: boolean;
  partition?: number;
  maxUnavailable?: number | string;
  minReadySeconds?: number;
  start?: number;
  image?: string;
  claims?: boolean;
  whenDeleted?: "Retain" | "Delete";
  whenScaled?: "Retain" | "Delete";
  generation?: number;
}

/** A stored, defaulted StatefulSet "web" (image nginx:1.25, a "www" claim template by default). */
export function makeSet(o: SetOptions = {}): Stored<StatefulSet> {
  const name = o.name ?? "web";
  const spec: StatefulSetSpec = {
    serviceName: name,
    replicas: o.replicas ?? 3,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: o.image ?? "nginx:1.25" }] } },
    podManagementPolicy: o.policy ?? "OrderedReady",
    updateStrategy: o.onDelete
      ? { type: "OnDelete" }
      : { type: "RollingUpdate", rollingUpdate: { partition: o.partition ?? 0, ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}) } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: o.whenDeleted ?? "Retain", whenScaled: o.whenScaled ?? "Retain" },
    ...(o.minReadySeconds ? { minReadySeconds: o.minReadySeconds } : {}),
    ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
  };
  if (o.claims ?? true) {
    spec.volumeClaimTemplates = [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }];
  }
  const set: StatefulSet = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name, namespace: "default" }, spec };
  defaultStatefulSet(set);
  return {
    ...set,
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "default", uid: `uid-${name}`, resourceVersion: "1", creationTimestamp: rfc3339(t0), generation: o.generation ?? 1 },
  };
}

/** The set with another image (a template change), for pods and revisions of another revision. */
export function withImage<T extends StatefulSet>(set: T, image: string): T {
  const copy = structuredClone(set);
  copy.spec!.template.spec!.containers[0]!.image = image;
  return copy;
}

/** The stored revision of the set's template, numbered n. */
export function storedRevision(set: SetLike, n: number): Stored<ControllerRevision> {
  const cr = newRevision(set, { revision: n, collisionCount: set.status?.collisionCount ?? 0 });
  return { ...cr, apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { ...cr.metadata!, name: cr.metadata!.name!, uid: `uid-${cr.metadata!.name}`, resourceVersion: "1", creationTimestamp: rfc3339(t0 + n * 1000) } };
}

export function revisionName(set: SetLike): string {
  return newRevision(set, { revision: 1, collisionCount: set.status?.collisionCount ?? 0 }).metadata!.name!;
}

export type PodState = "pending" | "running" | "ready" | "failed" | "succeeded" | "crashing" | "terminating";

export interface PodOptions {
  /** The set whose template (and revision) the pod was made from; the set itself by default. */
  from?: SetLike;
  /** When it became Ready (ms); t0 by default. */
  readySince?: number;
  /** For "terminating": also not Ready. */
  notReady?: boolean;
}

/** One pod of the set at ordinal, as a kubelet would have reported it. */
export function makePod(set: Stored<StatefulSet>, ordinal: number, state: PodState, o: PodOptions = {}): Stored<Pod> {
  const from = o.from ?? set;
  const revision = revisionName(from);
  const pod = newVersionedPod({ currentSet: from, updateSet: from, currentRevision: revision, updateRevision: revision }, ordinal);
  const name = pod.metadata!.name!;
  return {
    ...pod,
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...pod.metadata!,
      name,
      uid: `uid-${name}`,
      resourceVersion: "1",
      creationTimestamp: rfc3339(t0),
      ...(state === "terminating" ? { deletionTimestamp: rfc3339(t0) } : {}),
    },
    status: podStatus(state, o),
  };
}

function podStatus(state: PodState, o: PodOptions): Pod["status"] {
  const since = rfc3339(o.readySince ?? t0);
  const ready = { type: "Ready", status: "True", lastTransitionTime: since };
  const notReady = { type: "Ready", status: "False", lastTransitionTime: since, reason: "ContainersNotReady" };
  switch (state) {
    case "pending":
      return { phase: "Pending" };
    case "running":
      return { phase: "Running", conditions: [notReady] };
    case "ready":
      return { phase: "Running", conditions: [ready] };
    case "terminating":
      return { phase: "Running", conditions: [o.notReady ? notReady : ready] };
    case "failed":
      return { phase: "Failed" };
    case "succeeded":
      return { phase: "Succeeded" };
    case "crashing":
      return {
        phase: "Running",
        conditions: [notReady],
        containerStatuses: [{ name: "main", image: "nginx", imageID: "", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }],
      };
  }
}

/** The stored claims of the set's pods at these ordinals (no owner references unless given). */
export function makeClaims(set: Stored<StatefulSet>, ordinals: readonly number[]): Map<string, Stored<PersistentVolumeClaim>> {
  const out = new Map<string, Stored<PersistentVolumeClaim>>();
  for (const ordinal of ordinals) {
    for (const claim of claimsForPod(set, ordinal).values()) {
      const name = claim.metadata!.name!;
      out.set(name, { ...claim, apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { ...claim.metadata!, name, uid: `uid-${name}`, resourceVersion: "1", creationTimestamp: rfc3339(t0) } });
    }
  }
  return out;
}

/** A world: the set, its pods, their claims, and the revision of the set's template stored. */
export function world(set: Stored<StatefulSet>, pods: readonly Stored<Pod>[], extra: { revisions?: Stored<ControllerRevision>[]; claims?: Map<string, Stored<PersistentVolumeClaim>> } = {}): Observed {
  const ordinals = pods.map((p) => Number(p.metadata.name.slice(p.metadata.name.lastIndexOf("-") + 1)));
  return { set, pods, claims: extra.claims ?? makeClaims(set, ordinals), revisions: extra.revisions ?? [storedRevision(set, 1)] };
}
