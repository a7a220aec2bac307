/**
 * Protobuf field numbers of the Kubernetes types a client may send as protobuf bodies, written
 * from upstream's published generated.proto files (core/v1, batch/v1, meta/v1, runtime,
 * intstr, resource). Field names and types come from the type schema (api/schema); this
 * table adds only what protobuf needs: the number of each field and which fields are Go
 * pointers (whose zero value is kept, where a non-pointer zero is omitted as JSON would).
 *
 * Line format: `Type: name=N name=N* ~Inline=N name=N#` where `*` marks a pointer, `#` a bytes
 * value (written as base64 in JSON) and `~Inline` an embedded struct whose fields are inlined.
 */
export const fieldNumberText: Readonly<Record<string, string>> = {
  core: `
    Binding: metadata=1 target=2
    Capabilities: add=1 drop=2
    ClientIPConfig: timeoutSeconds=1*
    ConfigMap: metadata=1 immutable=4* data=2 binaryData=3#
    ConfigMapEnvSource: ~LocalObjectReference=1 optional=2*
    ConfigMapKeySelector: ~LocalObjectReference=1 key=2 optional=3*
    ConfigMapProjection: ~LocalObjectReference=1 items=2 optional=4*
    ConfigMapVolumeSource: ~LocalObjectReference=1 items=2 defaultMode=3* optional=4*
    Container: name=1 image=2 command=3 args=4 workingDir=5 ports=6 envFrom=19 env=7 resources=8 resizePolicy=23 restartPolicy=24* restartPolicyRules=25 volumeMounts=9 volumeDevices=21 livenessProbe=10 readinessProbe=11 startupProbe=22 lifecycle=12 terminationMessagePath=13 terminationMessagePolicy=20 imagePullPolicy=14 securityContext=15 stdin=16 stdinOnce=17 tty=18
    ContainerPort: name=1 hostPort=2 containerPort=3 protocol=4 hostIP=5
    ContainerResizePolicy: resourceName=1 restartPolicy=2
    ContainerRestartRule: action=1 exitCodes=2
    ContainerRestartRuleOnExitCodes: operator=1 values=2
    DownwardAPIProjection: items=1
    DownwardAPIVolumeFile: path=1 fieldRef=2 resourceFieldRef=3 mode=4*
    DownwardAPIVolumeSource: items=1 defaultMode=2*
    EmptyDirVolumeSource: medium=1 sizeLimit=2
    EnvFromSource: prefix=1 configMapRef=2 secretRef=3
    EnvVar: name=1 value=2 valueFrom=3
    EnvVarSource: fieldRef=1 resourceFieldRef=2 configMapKeyRef=3 secretKeyRef=4 fileKeyRef=5
    EphemeralVolumeSource: volumeClaimTemplate=1
    Event: metadata=1 involvedObject=2 reason=3 message=4 source=5 firstTimestamp=6 lastTimestamp=7 count=8 type=9 eventTime=10 series=11 action=12 related=13 reportingComponent=14 reportingInstance=15
    EventSeries: count=1 lastObservedTime=2
    EventSource: component=1 host=2
    ExecAction: command=1
    FileKeySelector: volumeName=1 path=2 key=3 optional=4*
    GRPCAction: port=1 service=2*
    HTTPGetAction: path=1 port=2 host=3 scheme=4 httpHeaders=5
    HTTPHeader: name=1 value=2
    HostAlias: ip=1 hostnames=2
    HostPathVolumeSource: path=1 type=2*
    ImageVolumeSource: reference=1 pullPolicy=2
    KeyToPath: key=1 path=2 mode=3*
    Lifecycle: postStart=1 preStop=2 stopSignal=3*
    LifecycleHandler: exec=1 httpGet=2 tcpSocket=3 sleep=4
    LocalObjectReference: name=1
    NFSVolumeSource: server=1 path=2 readOnly=3
    Namespace: metadata=1 spec=2 status=3
    NamespaceCondition: type=1 status=2 lastTransitionTime=4 reason=5 message=6
    NamespaceSpec: finalizers=1
    NamespaceStatus: phase=1 conditions=2
    NodeAffinity: requiredDuringSchedulingIgnoredDuringExecution=1 preferredDuringSchedulingIgnoredDuringExecution=2
    NodeSelector: nodeSelectorTerms=1
    NodeSelectorRequirement: key=1 operator=2 values=3
    NodeSelectorTerm: matchExpressions=1 matchFields=2
    ObjectFieldSelector: apiVersion=1 fieldPath=2
    Affinity: nodeAffinity=1 podAffinity=2 podAntiAffinity=3
    AppArmorProfile: type=1 localhostProfile=2*
    ObjectReference: kind=1 namespace=2 name=3 uid=4 apiVersion=5 resourceVersion=6 fieldPath=7
    PersistentVolumeClaim: metadata=1 spec=2 status=3
    PersistentVolumeClaimCondition: type=1 status=2 lastProbeTime=3 lastTransitionTime=4 reason=5 message=6
    PersistentVolumeClaimSpec: accessModes=1 selector=4 resources=2 volumeName=3 storageClassName=5* volumeMode=6* dataSource=7 dataSourceRef=8 volumeAttributesClassName=9*
    PersistentVolumeClaimStatus: phase=1 accessModes=2 capacity=3 conditions=4 allocatedResources=5 allocatedResourceStatuses=7 currentVolumeAttributesClassName=8* modifyVolumeStatus=9
    ModifyVolumeStatus: targetVolumeAttributesClassName=1 status=2
    PersistentVolumeClaimTemplate: metadata=1 spec=2
    PersistentVolumeClaimVolumeSource: claimName=1 readOnly=2
    PersistentVolume: metadata=1 spec=2 status=3
    PersistentVolumeSource: gcePersistentDisk=1 awsElasticBlockStore=2 hostPath=3 glusterfs=4 nfs=5 rbd=6 iscsi=7 cinder=8 cephfs=9 fc=10 flocker=11 flexVolume=12 azureFile=13 vsphereVolume=14 quobyte=15 azureDisk=16 photonPersistentDisk=17 portworxVolume=18 scaleIO=19 local=20 storageos=21 csi=22
    PersistentVolumeSpec: capacity=1 ~PersistentVolumeSource=2 accessModes=3 claimRef=4 persistentVolumeReclaimPolicy=5 storageClassName=6 mountOptions=7 volumeMode=8* nodeAffinity=9 volumeAttributesClassName=10*
    PersistentVolumeStatus: phase=1 message=2 reason=3 lastPhaseTransitionTime=4
    LocalVolumeSource: path=1 fsType=2*
    CSIPersistentVolumeSource: driver=1 volumeHandle=2 readOnly=3 fsType=4 volumeAttributes=5 controllerPublishSecretRef=6 nodeStageSecretRef=7 nodePublishSecretRef=8 controllerExpandSecretRef=9 nodeExpandSecretRef=10
    CSIVolumeSource: driver=1 readOnly=2* fsType=3* volumeAttributes=4 nodePublishSecretRef=5
    Pod: metadata=1 spec=2 status=3
    PodAffinity: requiredDuringSchedulingIgnoredDuringExecution=1 preferredDuringSchedulingIgnoredDuringExecution=2
    PodAffinityTerm: labelSelector=1 namespaces=2 topologyKey=3 namespaceSelector=4 matchLabelKeys=5 mismatchLabelKeys=6
    PodAntiAffinity: requiredDuringSchedulingIgnoredDuringExecution=1 preferredDuringSchedulingIgnoredDuringExecution=2
    PodCondition: type=1 observedGeneration=7 status=2 lastProbeTime=3 lastTransitionTime=4 reason=5 message=6
    PodDNSConfig: nameservers=1 searches=2 options=3
    PodDNSConfigOption: name=1 value=2*
    PodIP: ip=1
    PodOS: name=1
    PodReadinessGate: conditionType=1
    PodResourceClaim: name=1 resourceClaimName=3* resourceClaimTemplateName=4*
    PodResourceClaimStatus: name=1 resourceClaimName=2*
    PodSchedulingGate: name=1
    PodSecurityContext: seLinuxOptions=1 windowsOptions=8 runAsUser=2* runAsGroup=6* runAsNonRoot=3* supplementalGroups=4 supplementalGroupsPolicy=12* fsGroup=5* sysctls=7 fsGroupChangePolicy=9* seccompProfile=10 appArmorProfile=11 seLinuxChangePolicy=13*
    PodSpec: volumes=1 initContainers=20 containers=2 ephemeralContainers=34 restartPolicy=3 terminationGracePeriodSeconds=4* activeDeadlineSeconds=5* dnsPolicy=6 nodeSelector=7 serviceAccountName=8 serviceAccount=9 automountServiceAccountToken=21* nodeName=10 hostNetwork=11 hostPID=12 hostIPC=13 shareProcessNamespace=27* securityContext=14 imagePullSecrets=15 hostname=16 subdomain=17 affinity=18 schedulerName=19 tolerations=22 hostAliases=23 priorityClassName=24 priority=25* dnsConfig=26 readinessGates=28 runtimeClassName=29* enableServiceLinks=30* preemptionPolicy=31* overhead=32 topologySpreadConstraints=33 setHostnameAsFQDN=35* os=36 hostUsers=37* schedulingGates=38 resourceClaims=39 resources=40 hostnameOverride=41*
    PodStatus: observedGeneration=17 phase=1 conditions=2 message=3 reason=4 nominatedNodeName=11 hostIP=5 hostIPs=16 podIP=6 podIPs=12 startTime=7 initContainerStatuses=10 containerStatuses=8 qosClass=9 ephemeralContainerStatuses=13 resize=14 resourceClaimStatuses=15 allocatedResources=19 resources=20
    HostIP: ip=1
    ContainerStatus: name=1 state=2 lastState=3 ready=4 restartCount=5 image=6 imageID=7 containerID=8 started=9* allocatedResources=10 resources=11 volumeMounts=12 user=13 allocatedResourcesStatus=14 stopSignal=15*
    ContainerState: waiting=1 running=2 terminated=3
    ContainerStateRunning: startedAt=1
    ContainerStateTerminated: exitCode=1 signal=2 reason=3 message=4 startedAt=5 finishedAt=6 containerID=7
    ContainerStateWaiting: reason=1 message=2
    PodTemplateSpec: metadata=1 spec=2
    PreferredSchedulingTerm: weight=1 preference=2
    Probe: ~ProbeHandler=1 initialDelaySeconds=2 timeoutSeconds=3 periodSeconds=4 successThreshold=5 failureThreshold=6 terminationGracePeriodSeconds=7*
    ProbeHandler: exec=1 httpGet=2 tcpSocket=3 grpc=4
    ProjectedVolumeSource: sources=1 defaultMode=2*
    ResourceClaim: name=1 request=2
    ResourceFieldSelector: containerName=1 resource=2 divisor=3
    ResourceRequirements: limits=1 requests=2 claims=3
    SELinuxOptions: user=1 role=2 type=3 level=4
    SeccompProfile: type=1 localhostProfile=2*
    Secret: metadata=1 immutable=5* data=2# stringData=4 type=3
    SecretEnvSource: ~LocalObjectReference=1 optional=2*
    SecretKeySelector: ~LocalObjectReference=1 key=2 optional=3*
    SecretProjection: ~LocalObjectReference=1 items=2 optional=4*
    SecretReference: name=1 namespace=2
    SecretVolumeSource: secretName=1 items=2 defaultMode=3* optional=4*
    SecurityContext: capabilities=1 privileged=2* seLinuxOptions=3 windowsOptions=10 runAsUser=4* runAsGroup=8* runAsNonRoot=5* readOnlyRootFilesystem=6* allowPrivilegeEscalation=7* procMount=9* seccompProfile=11 appArmorProfile=12 ulimits=13
    Service: metadata=1 spec=2 status=3
    ServiceAccount: metadata=1 secrets=2 imagePullSecrets=3 automountServiceAccountToken=4*
    ServiceAccountTokenProjection: audience=1 expirationSeconds=2* path=3
    ServicePort: name=1 protocol=2 appProtocol=6* port=3 targetPort=4 nodePort=5
    ServiceSpec: ports=1 selector=2 clusterIP=3 clusterIPs=18 type=4 externalIPs=5 sessionAffinity=7 loadBalancerIP=8 loadBalancerSourceRanges=9 externalName=10 externalTrafficPolicy=11 healthCheckNodePort=12 publishNotReadyAddresses=13 sessionAffinityConfig=14 ipFamilies=19 ipFamilyPolicy=17* allocateLoadBalancerNodePorts=20* loadBalancerClass=21* internalTrafficPolicy=22* trafficDistribution=23*
    ServiceStatus: loadBalancer=1 conditions=2
    LoadBalancerStatus: ingress=1
    LoadBalancerIngress: ip=1 hostname=2 ipMode=3* ports=4
    PortStatus: port=1 protocol=2 error=3*
    SessionAffinityConfig: clientIP=1
    SleepAction: seconds=1
    Sysctl: name=1 value=2
    TCPSocketAction: port=1 host=2
    Taint: key=1 value=2 effect=3 timeAdded=4
    Toleration: key=1 operator=2 value=3 effect=4 tolerationSeconds=5*
    TopologySpreadConstraint: maxSkew=1 topologyKey=2 whenUnsatisfiable=3 labelSelector=4 minDomains=5* nodeAffinityPolicy=6* nodeTaintsPolicy=7* matchLabelKeys=8
    TypedLocalObjectReference: apiGroup=1* kind=2 name=3
    TypedObjectReference: apiGroup=1* kind=2 name=3 namespace=4*
    Ulimit: name=1 hard=2 soft=3
    Volume: name=1 ~VolumeSource=2
    VolumeDevice: name=1 devicePath=2
    VolumeMount: name=1 readOnly=2 recursiveReadOnly=7* mountPath=3 subPath=4 mountPropagation=5* subPathExpr=6
    VolumeMountStatus: name=1 mountPath=2 readOnly=3 recursiveReadOnly=4*
    VolumeNodeAffinity: required=1
    VolumeProjection: secret=1 downwardAPI=2 configMap=3 serviceAccountToken=4 clusterTrustBundle=5 podCertificate=6
    VolumeResourceRequirements: limits=1 requests=2
    VolumeSource: hostPath=1 emptyDir=2 gcePersistentDisk=3 awsElasticBlockStore=4 gitRepo=5 secret=6 nfs=7 iscsi=8 glusterfs=9 persistentVolumeClaim=10 rbd=11 flexVolume=12 cinder=13 cephfs=14 flocker=15 downwardAPI=16 fc=17 azureFile=18 configMap=19 vsphereVolume=20 quobyte=21 azureDisk=22 photonPersistentDisk=23 projected=26 portworxVolume=24 scaleIO=25 storageos=27 csi=28 ephemeral=29 image=30
    WeightedPodAffinityTerm: weight=1 podAffinityTerm=2
    WindowsSecurityContextOptions: gmsaCredentialSpecName=1* gmsaCredentialSpec=2* runAsUserName=3* hostProcess=4*
    ClusterTrustBundleProjection: name=1* signerName=2* labelSelector=3 optional=5* path=4
    GitRepoVolumeSource: repository=1 revision=2 directory=3
  `,
  batch: `
    CronJob: metadata=1 spec=2 status=3
    CronJobSpec: schedule=1 timeZone=8* startingDeadlineSeconds=2* concurrencyPolicy=3 suspend=4* jobTemplate=5 successfulJobsHistoryLimit=6* failedJobsHistoryLimit=7*
    CronJobStatus: active=1 lastScheduleTime=4 lastSuccessfulTime=5
    Job: metadata=1 spec=2 status=3
    JobCondition: type=1 status=2 lastProbeTime=3 lastTransitionTime=4 reason=5 message=6
    JobSpec: parallelism=1* completions=2* activeDeadlineSeconds=3* podFailurePolicy=11 successPolicy=16 backoffLimit=7* backoffLimitPerIndex=12* maxFailedIndexes=13* selector=4 manualSelector=5* template=6 ttlSecondsAfterFinished=8* completionMode=9* suspend=10* podReplacementPolicy=14* managedBy=15*
    JobStatus: conditions=1 startTime=2 completionTime=3 active=4 succeeded=5 failed=6 terminating=11* completedIndexes=7 failedIndexes=10* uncountedTerminatedPods=8 ready=9*
    JobTemplateSpec: metadata=1 spec=2
    PodFailurePolicy: rules=1
    PodFailurePolicyOnExitCodesRequirement: containerName=1* operator=2 values=3
    PodFailurePolicyOnPodConditionsPattern: type=1 status=2
    PodFailurePolicyRule: action=1 onExitCodes=2 onPodConditions=3
    SuccessPolicy: rules=1
    SuccessPolicyRule: succeededIndexes=1* succeededCount=2*
    UncountedTerminatedPods: succeeded=1 failed=2
  `,
  meta: `
    Condition: type=1 status=2 observedGeneration=3 lastTransitionTime=4 reason=5 message=6
    DeleteOptions: gracePeriodSeconds=1* preconditions=2 orphanDependents=3* propagationPolicy=4* dryRun=5 ignoreStoreReadErrorWithClusterBreakingPotential=6*
    LabelSelector: matchLabels=1 matchExpressions=2
    LabelSelectorRequirement: key=1 operator=2 values=3
    ListMeta: selfLink=1 resourceVersion=2 continue=3 remainingItemCount=4*
    ManagedFieldsEntry: manager=1 operation=2 apiVersion=3 time=4 fieldsType=6 fieldsV1=7 subresource=8
    ObjectMeta: name=1 generateName=2 namespace=3 selfLink=4 uid=5 resourceVersion=6 generation=7 creationTimestamp=8 deletionTimestamp=9 deletionGracePeriodSeconds=10* labels=11 annotations=12 ownerReferences=13 finalizers=14 managedFields=17
    OwnerReference: apiVersion=5 kind=1 name=3 uid=4 controller=6* blockOwnerDeletion=7*
    Preconditions: uid=1* resourceVersion=2*
  `,
};
