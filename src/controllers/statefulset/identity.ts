import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Pod, Volume } from "kubernetes-types/core/v1.js";
import { clone, type OwnerReference } from "../../api/object.js";
import { claimName, isMemberOf, ordinalOf, parentAndOrdinal, podIndexLabel, podName, podNameLabel, revisionLabel, startOrdinal } from "./ordinals.js";

/** A StatefulSet as the controller reads it: stored, so named, namespaced and with a UID. */
export type SetLike = StatefulSet & { metadata: { name: string; namespace?: string; uid?: string } };

/** metav1.NewControllerRef(set, apps/v1 StatefulSet). */
export function setControllerRef(set: SetLike): OwnerReference {
  return { apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name, uid: set.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
}

/** upstream's identityMatches: name, namespace and the pod-name label fit the set and the ordinal. */
export function identityMatches(set: SetLike, pod: Pod): boolean {
  const name = pod.metadata?.name ?? "";
  const { parent, ordinal } = parentAndOrdinal(name);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    name === podName(set.metadata.name, ordinal) &&
    (pod.metadata?.namespace ?? "") === (set.metadata.namespace ?? "") &&
    pod.metadata?.labels?.[podNameLabel] === name
  );
}

/** upstream's storageMatches: every claim template is mounted from this pod's own claim. */
export function storageMatches(set: SetLike, pod: Pod): boolean {
  const ordinal = ordinalOf(pod.metadata?.name ?? "");
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (set.spec?.volumeClaimTemplates ?? []).every((t) => {
    const v = volumes.get(t.metadata?.name ?? "");
    return v?.persistentVolumeClaim?.claimName === claimName(set.metadata.name, t, ordinal);
  });
}

/** upstream's updateIdentity: name, namespace and the pod-name and pod-index labels. */
export function updateIdentity(set: SetLike, pod: Pod): void {
  const ordinal = ordinalOf(pod.metadata?.name ?? "");
  const name = podName(set.metadata.name, ordinal);
  const metadata = (pod.metadata ??= {});
  metadata.name = name;
  if (set.metadata.namespace) metadata.namespace = set.metadata.namespace;
  metadata.labels = { ...metadata.labels, [podNameLabel]: name, [podIndexLabel]: String(ordinal) };
}

/**
 * upstream's updateStorage: a volume per claim template, mounting this pod's claim (replacing a
 * volume of the same name), then the pod's other volumes. Upstream walks a Go map, so its order
 * varies; template order is kept here.
 */
export function updateStorage(set: SetLike, pod: Pod): void {
  const ordinal = ordinalOf(pod.metadata?.name ?? "");
  const templates = set.spec?.volumeClaimTemplates ?? [];
  const claimed = new Set(templates.map((t) => t.metadata?.name ?? ""));
  const volumes: Volume[] = templates.map((t) => ({
    name: t.metadata?.name ?? "",
    persistentVolumeClaim: { claimName: claimName(set.metadata.name, t, ordinal) },
  }));
  for (const v of pod.spec?.volumes ?? []) if (!claimed.has(v.name)) volumes.push(v);
  const spec = (pod.spec ??= { containers: [] });
  if (volumes.length > 0) spec.volumes = volumes;
  else delete spec.volumes;
}

/**
 * upstream's newStatefulSetPod (GetPodFromTemplate, then initIdentity and updateStorage): the
 * template's labels, annotations, finalizers and spec, generateName "<set>-", the controller
 * reference, hostname = pod name and subdomain = serviceName.
 */
export function newStatefulSetPod(set: SetLike, ordinal: number): Pod {
  const template = set.spec?.template ?? {};
  const tm = template.metadata ?? {};
  const name = podName(set.metadata.name, ordinal);
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      generateName: `${set.metadata.name}-`,
      ...(set.metadata.namespace ? { namespace: set.metadata.namespace } : {}),
      labels: { ...tm.labels },
      ...(tm.annotations && Object.keys(tm.annotations).length > 0 ? { annotations: { ...tm.annotations } } : {}),
      ...(tm.finalizers && tm.finalizers.length > 0 ? { finalizers: [...tm.finalizers] } : {}),
      ownerReferences: [setControllerRef(set)],
    },
    spec: clone(template.spec ?? { containers: [] }),
  };
  updateIdentity(set, pod);
  pod.spec!.hostname = name;
  if (set.spec?.serviceName) pod.spec!.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  return pod;
}

/** What the revision label of a pod created now should be, and from which version of the set. */
export interface VersionedSets {
  readonly currentSet: SetLike;
  readonly updateSet: SetLike;
  readonly currentRevision: string;
  readonly updateRevision: string;
}

/**
 * upstream's newVersionedStatefulSetPod: below the partition (RollingUpdate) a new pod keeps the
 * current revision; otherwise it is made at the update revision.
 */
export function newVersionedPod(v: VersionedSets, ordinal: number): Pod {
  const strategy = v.currentSet.spec?.updateStrategy;
  const rolling = strategy?.type === "RollingUpdate" || strategy?.type === undefined;
  const start = startOrdinal(v.currentSet);
  const belowPartition = strategy?.rollingUpdate
    ? ordinal < start + (strategy.rollingUpdate.partition ?? 0)
    : rolling && ordinal < start + (v.currentSet.status?.currentReplicas ?? 0);
  const [set, revision] = belowPartition ? [v.currentSet, v.currentRevision] : [v.updateSet, v.updateRevision];
  const pod = newStatefulSetPod(set, ordinal);
  pod.metadata!.labels = { ...pod.metadata!.labels, [revisionLabel]: revision };
  return pod;
}

/** Whether a pod could be one of the set's: its name has the set's name and an ordinal. */
export function looksLikeMember(set: SetLike, pod: Pod): boolean {
  return isMemberOf(set.metadata.name, pod.metadata?.name ?? "");
}
