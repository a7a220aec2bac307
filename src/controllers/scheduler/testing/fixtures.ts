// Builders for the scheduler's case tables: nodes as the node agent reports them, pods as
// workloads create them, and a volume view over plain arrays.
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, PodSpec, Taint } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { NodeInfo, podEntry } from "../node-info.js";
import type { VolumeView } from "../volume-binding.js";

export interface NodeShape {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  ready?: "True" | "False" | "Unknown" | "none";
}

export function node(name: string, shape: NodeShape = {}): Node {
  const ready = shape.ready ?? "True";
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...shape.labels } },
    spec: { ...(shape.taints ? { taints: shape.taints } : {}), ...(shape.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: { cpu: shape.cpu ?? "4", memory: shape.memory ?? "8Gi", pods: shape.pods ?? "110", "ephemeral-storage": "100Gi" },
      conditions: ready === "none" ? [] : [{ type: "Ready", status: ready }],
    },
  };
}

export function pod(name: string, spec: Partial<PodSpec> = {}, namespace = "default"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, uid: `uid-${name}` },
    spec: { containers: [{ name: "main", image: "busybox" }], schedulerName: "default-scheduler", ...spec },
  };
}

/** A pod whose one container requests these amounts. */
export function requesting(name: string, requests: Record<string, string>, spec: Partial<PodSpec> = {}): Pod {
  return pod(name, { ...spec, containers: [{ name: "main", image: "busybox", resources: { requests } }] });
}

/** A NodeInfo with pods already counted on it. */
export function nodeInfo(n: Node, pods: readonly Pod[] = []): NodeInfo {
  const info = new NodeInfo(n.metadata!.name!);
  info.setNode(n);
  for (const p of pods) info.addPod(podEntry(p));
  return info;
}

export interface VolumeWorld {
  claims?: PersistentVolumeClaim[];
  volumes?: PersistentVolume[];
  classes?: StorageClass[];
}

export function volumeView(w: VolumeWorld = {}): VolumeView {
  return {
    claim: (ns, name) => w.claims?.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    volume: (name) => w.volumes?.find((v) => v.metadata?.name === name),
    storageClass: (name) => w.classes?.find((c) => c.metadata?.name === name),
    volumes: () => w.volumes ?? [],
  };
}

export function storageClass(name: string, mode: "Immediate" | "WaitForFirstConsumer", provisioner = "tinykube.io/local"): StorageClass {
  return { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner, volumeBindingMode: mode, reclaimPolicy: "Delete" };
}

export function claim(name: string, extra: { className?: string; volumeName?: string; annotations?: Record<string, string>; size?: string } = {}): PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default", uid: `uid-${name}`, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: extra.size ?? "1Gi" } },
      ...(extra.className !== undefined ? { storageClassName: extra.className } : {}),
      ...(extra.volumeName ? { volumeName: extra.volumeName } : {}),
    },
  };
}

export function volume(name: string, extra: { className?: string; size?: string; phase?: string; hostname?: string } = {}): PersistentVolume {
  const affinity = extra.hostname
    ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [extra.hostname] }] }] } } }
    : {};
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name },
    spec: {
      capacity: { storage: extra.size ?? "1Gi" },
      accessModes: ["ReadWriteOnce"],
      hostPath: { path: `/srv/${name}` },
      storageClassName: extra.className ?? "",
      ...affinity,
    },
    status: { phase: extra.phase ?? "Available" },
  } as PersistentVolume;
}

export function withClaim(p: Pod, claimName: string): Pod {
  return { ...p, spec: { ...p.spec!, volumes: [{ name: "data", persistentVolumeClaim: { claimName } }] } };
}
