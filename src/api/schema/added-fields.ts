/**
 * What Kubernetes v1.31 and v1.32 changed in the served types that kubernetes-types 1.30
 * (the source of generated-types.ts) does not know. Descriptions follow upstream's.
 */
import type { FieldSchema, TypeSchema, ValueType } from "./type-schema.js";

const core = (t: string): string => `io.k8s.api.core.v1.${t}`;
const string: ValueType = { kind: "scalar", type: "string" };
const integer: ValueType = { kind: "scalar", type: "integer" };
const boolean: ValueType = { kind: "scalar", type: "boolean" };
const ref = (name: string): ValueType => ({ kind: "ref", name });
const arrayOf = (items: ValueType): ValueType => ({ kind: "array", items });

type NewType = Omit<TypeSchema, "name">;

/** Types introduced after v1.30, by OpenAPI name. */
export const addedTypes: Readonly<Record<string, NewType>> = {
  [core("ImageVolumeSource")]: {
    description: "ImageVolumeSource represents a image volume resource.",
    kind: "object",
    required: [],
    fields: {
      pullPolicy: {
        type: string,
        description:
          "Policy for pulling OCI objects. Possible values are: Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.",
      },
      reference: {
        type: string,
        description:
          "Required: Image or artifact reference to be used. Behaves in the same way as pod.spec.containers[*].image. Pull secrets will be assembled in the same way as for the container image by looking up node credentials, SA image pull secrets, and pod spec image pull secrets. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.",
      },
    },
  },
  [core("ContainerUser")]: {
    description: "ContainerUser represents user identity information",
    kind: "object",
    required: [],
    fields: {
      linux: {
        type: ref(core("LinuxContainerUser")),
        description: "Linux holds user identity information initially attached to the first process of the containers in Linux. Note that the actual running identity can be changed if the process has enough privilege to do so.",
      },
    },
  },
  [core("LinuxContainerUser")]: {
    description: "LinuxContainerUser represents user identity information in Linux containers",
    kind: "object",
    required: ["uid", "gid"],
    fields: {
      gid: { type: integer, description: "GID is the primary gid initially attached to the first process in the container" },
      supplementalGroups: {
        type: arrayOf(integer),
        description: "SupplementalGroups are the supplemental groups initially attached to the first process in the container",
      },
      uid: { type: integer, description: "UID is the primary uid initially attached to the first process in the container" },
    },
  },
  [core("ResourceStatus")]: {
    description: "ResourceStatus represents the status of a single resource allocated to a Pod.",
    kind: "object",
    required: ["name"],
    fields: {
      name: {
        type: string,
        description:
          'Name of the resource. Must be unique within the pod and in case of non-DRA resource, match one of the resources from the pod spec. For DRA resources, the value must be "claim:<claim_name>/<request>". When this status is reported about a container, the "claim_name" and "request" must match one of the claims of this container.',
      },
      resources: {
        type: arrayOf(ref(core("ResourceHealth"))),
        description: "List of unique resources health. Each element in the list contains an unique resource ID and its health. At a minimum, for the lifetime of a Pod, resource ID must uniquely identify the resource allocated to the Pod on the Node. If other Pod on the same Node reports the status with the same resource ID, it must be the same resource they share. See ResourceID type definition for a specific format it has in various use cases.",
      },
    },
  },
  [core("ResourceHealth")]: {
    description: "ResourceHealth represents the health of a resource. It has the latest device health information. This is a part of KEP https://kep.k8s.io/4680.",
    kind: "object",
    required: ["resourceID"],
    fields: {
      health: {
        type: string,
        description:
          'Health of the resource. can be one of:\n - Healthy: operates as normal\n - Unhealthy: reported unhealthy. We consider this a temporary health issue\n              since we do not have a mechanism today to distinguish\n              temporary and permanent issues.\n - Unknown: The status cannot be determined.\n            For example, Device Plugin got unregistered and hasn\'t been re-registered since.\n\nIn future we may want to introduce the PermanentlyUnhealthy Status.',
      },
      resourceID: {
        type: string,
        description: "ResourceID is the unique identifier of the resource. See the ResourceID type for more information.",
      },
    },
  },
  [core("NodeFeatures")]: {
    description: "NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers.",
    kind: "object",
    required: [],
    fields: {
      supplementalGroupsPolicy: {
        type: boolean,
        description: "SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.",
      },
    },
  },
};

/** Fields added to existing types after v1.30: type name → field name → schema. */
export const addedFields: Readonly<Record<string, Readonly<Record<string, FieldSchema>>>> = {
  [core("Volume")]: {
    image: {
      type: ref(core("ImageVolumeSource")),
      description:
        "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine. The volume is resolved at pod startup depending on which PullPolicy value is provided:\n\n- Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. - Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. - IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails.\n\nThe volume gets re-resolved if the pod gets deleted and recreated, which means that new remote content will become available on pod recreation. A failure to resolve or pull the image during pod startup will block containers from starting and may add significant latency. Failures will be retried using normal volume backoff and will be reported on the pod reason and message. The types of objects that may be mounted by this volume are defined by the container runtime implementation on a host machine and at minimum must include all valid types supported by the container image field. The OCI object gets mounted in a single directory (spec.containers[*].volumeMounts.mountPath) by merging the manifest layers in the same way as for container images. The volume will be mounted read-only (ro) and non-executable files (noexec). Sub path mounts for containers are not supported (spec.containers[*].volumeMounts.subpath). The field spec.securityContext.fsGroupChangePolicy has no effect on this volume type.",
    },
  },
  [core("ContainerStatus")]: {
    allocatedResourcesStatus: {
      type: arrayOf(ref(core("ResourceStatus"))),
      description: "AllocatedResourcesStatus represents the status of various resources allocated for this Pod.",
    },
    user: {
      type: ref(core("ContainerUser")),
      description: "User represents user identity information initially attached to the first process of the container",
    },
  },
  [core("PodSecurityContext")]: {
    seLinuxChangePolicy: {
      type: string,
      description:
        'seLinuxChangePolicy defines how the container\'s SELinux label is applied to all volumes used by the Pod. It has no effect on nodes that do not support SELinux or to volumes does not support SELinux. Valid values are "MountOption" and "Recursive".\n\n"Recursive" means relabeling of all files on all Pod volumes by the container runtime. This may be slow for large volumes, but allows mixing privileged and unprivileged Pods sharing the same volume on the same node.\n\n"MountOption" mounts all eligible Pod volumes with `-o context` mount option. This requires all Pods that share the same volume to use the same SELinux label. It is not possible to share the same volume among privileged and unprivileged Pods. Eligible volumes are in-tree FibreChannel and iSCSI volumes, and all CSI volumes whose CSI driver announces SELinux support by setting spec.seLinuxMount: true in their CSIDriver instance. Other volumes are always re-labelled recursively. "MountOption" value is allowed only when SELinuxMount feature gate is enabled.\n\nIf not specified and SELinuxMount feature gate is enabled, "MountOption" is used. If not specified and SELinuxMount feature gate is disabled, "MountOption" is used for ReadWriteOncePod volumes and "Recursive" for all other volumes.\n\nThis field affects only Pods that have SELinux label set, either in PodSecurityContext or in SecurityContext of all containers.\n\nAll Pods that use the same volume should use the same seLinuxChangePolicy, otherwise some pods can get stuck in ContainerCreating state. Note that this field cannot be set when spec.os.name is windows.',
    },
    supplementalGroupsPolicy: {
      type: string,
      description:
        'Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict". If not specified, "Merge" is used. (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled and the container runtime must implement support for this feature. Note that this field cannot be set when spec.os.name is windows.',
    },
  },
  [core("PodSpec")]: {
    resources: {
      type: ref(core("ResourceRequirements")),
      description:
        'Resources is the total amount of CPU and Memory resources required by all containers in the pod. It supports specifying Requests and Limits for "cpu" and "memory" resource names only. ResourceClaims are not supported.\n\nThis field enables fine-grained control over resource allocation for the entire pod, allowing resource sharing among containers in a pod.\n\nThis is an alpha field and requires enabling the PodLevelResources feature gate.',
    },
  },
  [core("PodResourceClaim")]: {
    resourceClaimName: {
      type: string,
      description: "ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.",
    },
    resourceClaimTemplateName: {
      type: string,
      description:
        "ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.\n\nThe template will be used to create a new ResourceClaim, which will be bound to this pod. When this pod is deleted, the ResourceClaim will also be deleted. The pod name and resource name, along with a generated component, will be used to form a unique name for the ResourceClaim, which will be recorded in pod.status.resourceClaimStatuses.\n\nThis field is immutable and no changes will be made to the corresponding ResourceClaim by the control plane after creating the ResourceClaim.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.",
    },
  },
  [core("ResourceClaim")]: {
    request: {
      type: string,
      description: "Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request.",
    },
  },
  [core("NodeStatus")]: {
    features: {
      type: ref(core("NodeFeatures")),
      description: "Features describes the set of features implemented by the CRI implementation.",
    },
  },
  [core("NodeRuntimeHandlerFeatures")]: {
    userNamespaces: {
      type: boolean,
      description: "UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.",
    },
  },
  ["io.k8s.api.coordination.v1.LeaseSpec"]: {
    preferredHolder: {
      type: string,
      description: "PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. This field can only be set if Strategy is also set.",
    },
    strategy: {
      type: string,
      description:
        "Strategy indicates the strategy for picking the leader for coordinated leader election. If the field is not specified, there is no active coordination for this lease. (Alpha) Using this field requires the CoordinatedLeaderElection feature gate to be enabled.",
    },
  },
};

/** Fields and types upstream removed after v1.30 (PodResourceClaim.source became two fields in v1.31). */
export const removedFields: Readonly<Record<string, readonly string[]>> = {
  [core("PodResourceClaim")]: ["source"],
};

export const removedTypes: readonly string[] = [core("ClaimSource")];
