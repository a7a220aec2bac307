// How Go's encoding/json writes the fields of the core/v1 types a pod template reaches, where the
// OpenAPI schema cannot tell: which optional scalars are pointers (written even when zero) and which
// struct fields are values (written even when absent). Keys are "<Go type>.<json field>".

/** Optional scalars declared as pointers: `*int64`, `*bool`, `*string` (omitempty keeps a zero). */
export const pointerScalars: ReadonlySet<string> = new Set([
  ...fields("PodSpec", [
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "automountServiceAccountToken",
    "shareProcessNamespace",
    "priority",
    "enableServiceLinks",
    "preemptionPolicy",
    "runtimeClassName",
    "setHostnameAsFQDN",
    "hostUsers",
  ]),
  ...fields("PodSecurityContext", [
    "runAsUser",
    "runAsGroup",
    "runAsNonRoot",
    "fsGroup",
    "fsGroupChangePolicy",
    "supplementalGroupsPolicy",
    "seLinuxChangePolicy",
  ]),
  ...fields("SecurityContext", ["privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "procMount"]),
  ...fields("Container", ["restartPolicy"]),
  ...fields("EphemeralContainer", ["restartPolicy"]),
  ...fields("VolumeMount", ["mountPropagation", "recursiveReadOnly"]),
  ...fields("Probe", ["terminationGracePeriodSeconds"]),
  ...fields("GRPCAction", ["service"]),
  ...fields("Toleration", ["tolerationSeconds"]),
  ...fields("TopologySpreadConstraint", ["minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy"]),
  ...fields("ConfigMapKeySelector", ["optional"]),
  ...fields("SecretKeySelector", ["optional"]),
  ...fields("ConfigMapEnvSource", ["optional"]),
  ...fields("SecretEnvSource", ["optional"]),
  ...fields("SecretVolumeSource", ["defaultMode", "optional"]),
  ...fields("ConfigMapVolumeSource", ["defaultMode", "optional"]),
  ...fields("DownwardAPIVolumeSource", ["defaultMode"]),
  ...fields("ProjectedVolumeSource", ["defaultMode"]),
  ...fields("KeyToPath", ["mode"]),
  ...fields("DownwardAPIVolumeFile", ["mode"]),
  ...fields("ServiceAccountTokenProjection", ["expirationSeconds"]),
  ...fields("SecretProjection", ["optional"]),
  ...fields("ConfigMapProjection", ["optional"]),
  ...fields("ClusterTrustBundleProjection", ["name", "signerName", "optional"]),
  ...fields("HostPathVolumeSource", ["type"]),
  ...fields("CSIVolumeSource", ["readOnly", "fsType"]),
  ...fields("AzureDiskVolumeSource", ["cachingMode", "fsType", "readOnly", "kind"]),
  ...fields("ISCSIVolumeSource", ["initiatorName"]),
  ...fields("PersistentVolumeClaimSpec", ["storageClassName", "volumeMode", "volumeAttributesClassName"]),
  ...fields("TypedLocalObjectReference", ["apiGroup"]),
  ...fields("TypedObjectReference", ["apiGroup", "namespace"]),
  ...fields("SeccompProfile", ["localhostProfile"]),
  ...fields("AppArmorProfile", ["localhostProfile"]),
  ...fields("WindowsSecurityContextOptions", ["gmsaCredentialSpecName", "gmsaCredentialSpec", "runAsUserName", "hostProcess"]),
  ...fields("PodDNSConfigOption", ["value"]),
  ...fields("PodResourceClaim", ["resourceClaimName", "resourceClaimTemplateName"]),
]);

/**
 * Struct fields held by value: Go writes them even when the object leaves them out, as the zero
 * value given here (a zero metav1.Time is written as null).
 */
export const valueStructs: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ["PodTemplateSpec.metadata", {}],
  ["PodTemplateSpec.spec", {}],
  ["ObjectMeta.creationTimestamp", null],
  ["Container.resources", {}],
  ["EphemeralContainer.resources", {}],
  ["PersistentVolumeClaimTemplate.metadata", {}],
  ["PersistentVolumeClaimTemplate.spec", {}],
  ["PersistentVolumeClaimSpec.resources", {}],
  ["ResourceFieldSelector.divisor", "0"],
  ["WeightedPodAffinityTerm.podAffinityTerm", {}],
  ["PreferredSchedulingTerm.preference", {}],
  ["HTTPGetAction.port", 0],
  ["TCPSocketAction.port", 0],
]);

function fields(type: string, names: readonly string[]): string[] {
  return names.map((n) => `${type}.${n}`);
}
