import type { Node, NodeCondition, NodeStatus } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";
import type { MachineInfo } from "./machine-info.js";

/** The version the agent reports as its kubelet's (kubectl picks its behaviour from the server's, not this). */
export const kubeletVersion = "v1.32.0";
export const runtimeVersion = "tinykube://0.1.0";

/** The kubelet's default eviction threshold memory.available<100Mi comes off allocatable memory. */
const evictionMemoryBytes = 100 * 1024 * 1024;

const kib = (bytes: number): string => `${Math.floor(bytes / 1024)}Ki`;

/** Capacity as the kubelet reports it: cores, memory and storage in Ki, 110 pods, no huge pages. */
export function nodeCapacity(m: MachineInfo): Record<string, string> {
  return { cpu: String(m.cpuCores), "ephemeral-storage": kib(m.ephemeralStorageBytes), "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: kib(m.memoryBytes), pods: "110" };
}

/** Allocatable: capacity less the default eviction thresholds (100Mi memory, 10% of the node filesystem). */
export function nodeAllocatable(m: MachineInfo): Record<string, string> {
  return {
    ...nodeCapacity(m),
    "ephemeral-storage": String(Math.floor(m.ephemeralStorageBytes * 0.9)),
    memory: kib(Math.max(0, m.memoryBytes - evictionMemoryBytes)),
  };
}

const conditionTexts: Array<[string, "True" | "False", string, string]> = [
  ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
  ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
  ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
  ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
];

/** The node's conditions at now, each keeping its lastTransitionTime from before while its status stays. */
export function nodeConditions(previous: readonly NodeCondition[] | undefined, now: number): NodeCondition[] {
  return conditionTexts.map(([type, status, reason, message]) => {
    const old = previous?.find((c) => c.type === type);
    const lastTransitionTime = old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now);
    return { type, status, lastHeartbeatTime: rfc3339(now), lastTransitionTime, reason, message };
  });
}

export interface NodeObjectOptions {
  readonly name: string;
  readonly address: string;
  readonly machine: MachineInfo;
  readonly now: number;
  readonly previous?: NodeStatus;
}

/** The Node object the kubelet registers: labels and annotations it sets, and its status. */
export function nodeObject(o: NodeObjectOptions): Node {
  const m = o.machine;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: o.name,
      labels: {
        "beta.kubernetes.io/arch": m.architecture,
        "beta.kubernetes.io/os": m.operatingSystem,
        "kubernetes.io/arch": m.architecture,
        "kubernetes.io/hostname": o.name,
        "kubernetes.io/os": m.operatingSystem,
      },
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    },
    spec: {},
    status: nodeStatus(o),
  };
}

export function nodeStatus(o: NodeObjectOptions): NodeStatus {
  const m = o.machine;
  return {
    capacity: nodeCapacity(m),
    allocatable: nodeAllocatable(m),
    conditions: nodeConditions(o.previous?.conditions, o.now),
    addresses: [
      { type: "InternalIP", address: o.address },
      { type: "Hostname", address: o.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
    nodeInfo: {
      machineID: m.machineID,
      systemUUID: m.systemUUID,
      bootID: m.bootID,
      kernelVersion: m.kernelVersion,
      osImage: m.osImage,
      containerRuntimeVersion: runtimeVersion,
      kubeletVersion,
      kubeProxyVersion: "",
      operatingSystem: m.operatingSystem,
      architecture: m.architecture,
    },
  };
}
