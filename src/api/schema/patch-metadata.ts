/**
 * Patch metadata of the served types, from upstream v1.32's Go struct tags
 * (patchStrategy, patchMergeKey) and markers (+listType, +listMapKey, +mapType, +structType)
 * in staging/src/k8s.io/api/{core,apps,batch,storage}/v1/types.go and apimachinery's
 * meta/v1/types.go. Lists not named here have no patch strategy (strategic merge patch
 * replaces them) and, for server-side apply, are atomic.
 */
import type { FieldPatchMeta } from "./type-schema.js";

const core = (t: string): string => `io.k8s.api.core.v1.${t}`;
const meta = (t: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${t}`;
const apps = (t: string): string => `io.k8s.api.apps.v1.${t}`;
const batch = (t: string): string => `io.k8s.api.batch.v1.${t}`;
const storage = (t: string): string => `io.k8s.api.storage.v1.${t}`;

/** `patchStrategy:"merge" patchMergeKey:"<key>"` with `+listType=map +listMapKey=<key>…`. */
function mergeByKey(key: string, ...moreMapKeys: string[]): FieldPatchMeta {
  return { patchStrategy: "merge", patchMergeKey: key, listType: "map", listMapKeys: [key, ...moreMapKeys] };
}

/** `patchStrategy:"merge,retainKeys" patchMergeKey:"<key>"`, `+listType=map`. */
function mergeRetainingKeys(key: string): FieldPatchMeta {
  return { patchStrategy: "merge,retainKeys", patchMergeKey: key, listType: "map", listMapKeys: [key] };
}

const atomic: FieldPatchMeta = { listType: "atomic" };
const set: FieldPatchMeta = { listType: "set" };
const mergeSet: FieldPatchMeta = { patchStrategy: "merge", listType: "set" };
const atomicMap: FieldPatchMeta = { mapType: "atomic" };
const conditions = mergeByKey("type");

/** type name → field name → metadata. */
export const fieldPatchMeta: Readonly<Record<string, Readonly<Record<string, FieldPatchMeta>>>> = {
  // meta/v1
  [meta("ObjectMeta")]: { finalizers: mergeSet, ownerReferences: mergeByKey("uid"), managedFields: atomic },
  [meta("LabelSelector")]: { matchExpressions: atomic },
  [meta("LabelSelectorRequirement")]: { values: atomic },
  [meta("StatusDetails")]: { causes: atomic },
  [meta("DeleteOptions")]: { dryRun: atomic },

  // Pod
  [core("PodSpec")]: {
    volumes: mergeRetainingKeys("name"),
    initContainers: mergeByKey("name"),
    containers: mergeByKey("name"),
    ephemeralContainers: mergeByKey("name"),
    imagePullSecrets: mergeByKey("name"),
    tolerations: atomic,
    hostAliases: mergeByKey("ip"),
    readinessGates: atomic,
    topologySpreadConstraints: mergeByKey("topologyKey", "whenUnsatisfiable"),
    schedulingGates: mergeByKey("name"),
    resourceClaims: mergeRetainingKeys("name"),
    nodeSelector: atomicMap,
  },
  [core("Container")]: {
    command: atomic,
    args: atomic,
    ports: mergeByKey("containerPort", "protocol"),
    envFrom: atomic,
    env: mergeByKey("name"),
    volumeMounts: mergeByKey("mountPath"),
    volumeDevices: mergeByKey("devicePath"),
    resizePolicy: atomic,
  },
  [core("EphemeralContainer")]: {
    command: atomic,
    args: atomic,
    ports: mergeByKey("containerPort", "protocol"),
    envFrom: atomic,
    env: mergeByKey("name"),
    volumeMounts: mergeByKey("mountPath"),
    volumeDevices: mergeByKey("devicePath"),
    resizePolicy: atomic,
  },
  [core("ContainerPort")]: { protocol: { default: "TCP" } },
  [core("ResourceRequirements")]: { claims: { listType: "map", listMapKeys: ["name"] } },
  [core("Capabilities")]: { add: atomic, drop: atomic },
  [core("ExecAction")]: { command: atomic },
  [core("HTTPGetAction")]: { httpHeaders: atomic },
  [core("PodSecurityContext")]: { supplementalGroups: atomic, sysctls: atomic },
  [core("PodDNSConfig")]: { nameservers: atomic, searches: atomic, options: atomic },
  [core("TopologySpreadConstraint")]: { matchLabelKeys: atomic },
  [core("NodeAffinity")]: { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [core("PodAffinity")]: { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [core("PodAntiAffinity")]: { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [core("PodAffinityTerm")]: { namespaces: atomic, matchLabelKeys: atomic, mismatchLabelKeys: atomic },
  [core("NodeSelector")]: { nodeSelectorTerms: atomic },
  [core("NodeSelectorTerm")]: { matchExpressions: atomic, matchFields: atomic },
  [core("NodeSelectorRequirement")]: { values: atomic },
  [core("ConfigMapVolumeSource")]: { items: atomic },
  [core("SecretVolumeSource")]: { items: atomic },
  [core("DownwardAPIVolumeSource")]: { items: atomic },
  [core("ProjectedVolumeSource")]: { sources: atomic },
  [core("ConfigMapProjection")]: { items: atomic },
  [core("SecretProjection")]: { items: atomic },
  [core("DownwardAPIProjection")]: { items: atomic },
  [core("CephFSVolumeSource")]: { monitors: atomic },
  [core("CephFSPersistentVolumeSource")]: { monitors: atomic },
  [core("RBDVolumeSource")]: { monitors: atomic },
  [core("RBDPersistentVolumeSource")]: { monitors: atomic },
  [core("FCVolumeSource")]: { targetWWNs: atomic, wwids: atomic },
  [core("ISCSIVolumeSource")]: { portals: atomic },
  [core("ISCSIPersistentVolumeSource")]: { portals: atomic },
  [core("PodStatus")]: {
    conditions,
    podIPs: mergeByKey("ip"),
    hostIPs: { patchStrategy: "merge", patchMergeKey: "ip", listType: "atomic" },
    initContainerStatuses: atomic,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    resourceClaimStatuses: mergeRetainingKeys("name"),
  },
  [core("ContainerStatus")]: { volumeMounts: mergeByKey("mountPath"), allocatedResourcesStatus: mergeByKey("name") },
  [core("LinuxContainerUser")]: { supplementalGroups: atomic },
  [core("ResourceStatus")]: { resources: { listType: "map", listMapKeys: ["resourceID"] } },

  // Service
  [core("ServiceSpec")]: {
    ports: mergeByKey("port", "protocol"),
    selector: atomicMap,
    clusterIPs: atomic,
    externalIPs: atomic,
    loadBalancerSourceRanges: atomic,
    ipFamilies: atomic,
  },
  [core("ServicePort")]: { protocol: { default: "TCP" } },
  [core("ServiceStatus")]: { conditions },
  [core("LoadBalancerStatus")]: { ingress: atomic },
  [core("LoadBalancerIngress")]: { ports: atomic },

  // Node
  [core("NodeSpec")]: { podCIDRs: mergeSet, taints: atomic },
  [core("NodeStatus")]: {
    conditions,
    addresses: mergeByKey("type"),
    images: atomic,
    volumesInUse: atomic,
    volumesAttached: atomic,
    runtimeHandlers: atomic,
  },
  [core("ContainerImage")]: { names: atomic },

  // Namespace, volumes, accounts
  [core("NamespaceSpec")]: { finalizers: atomic },
  [core("NamespaceStatus")]: { conditions },
  [core("PersistentVolumeClaimSpec")]: { accessModes: atomic },
  [core("PersistentVolumeClaimStatus")]: { accessModes: atomic, conditions, allocatedResourceStatuses: { mapType: "granular" } },
  [core("PersistentVolumeSpec")]: { accessModes: atomic, mountOptions: atomic, claimRef: { mapType: "granular" } },
  [core("ServiceAccount")]: { secrets: mergeByKey("name"), imagePullSecrets: atomic },
  [core("TopologySelectorTerm")]: { matchLabelExpressions: atomic },
  [core("TopologySelectorLabelRequirement")]: { values: atomic },

  // apps/v1
  [apps("StatefulSetSpec")]: { volumeClaimTemplates: atomic },
  [apps("StatefulSetStatus")]: { conditions },

  // batch/v1
  [batch("JobStatus")]: { conditions: { patchStrategy: "merge", patchMergeKey: "type", listType: "atomic" } },
  [batch("PodFailurePolicy")]: { rules: atomic },
  [batch("PodFailurePolicyRule")]: { onPodConditions: atomic },
  [batch("PodFailurePolicyOnExitCodesRequirement")]: { values: set },
  [batch("SuccessPolicy")]: { rules: atomic },
  [batch("UncountedTerminatedPods")]: { succeeded: set, failed: set },
  [batch("CronJobStatus")]: { active: atomic },

  // storage.k8s.io/v1
  [storage("StorageClass")]: { mountOptions: atomic, allowedTopologies: atomic },
};

/** Structs marked `+structType=atomic`: server-side apply owns and replaces them whole. */
export const atomicStructs: readonly string[] = [
  meta("LabelSelector"),
  meta("OwnerReference"),
  core("LocalObjectReference"),
  core("ObjectReference"),
  core("TypedLocalObjectReference"),
  core("SecretReference"),
  core("ConfigMapKeySelector"),
  core("SecretKeySelector"),
  core("ObjectFieldSelector"),
  core("ResourceFieldSelector"),
  core("NodeSelector"),
  core("NodeSelectorTerm"),
  core("TopologySelectorTerm"),
];
