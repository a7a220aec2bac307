// Builders for the volume controller's case tables.
import type { Node, PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import type { ClaimObserved, ProvisionerConfig } from "../claim-plan.js";

export const provisioner: ProvisionerConfig = { name: "tinykube.io/local", external: ["example.com/nfs"], volumesDir: "/data/volumes" };

export function sc(name: string, extra: Partial<StorageClass> = {}): StorageClass {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name },
    provisioner: "tinykube.io/local",
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
    ...extra,
  };
}

export interface ClaimShape {
  className?: string;
  volumeName?: string;
  annotations?: Record<string, string>;
  size?: string;
  modes?: string[];
  phase?: string;
}

export function pvc(name: string, s: ClaimShape = {}): PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default", uid: `u-${name}`, resourceVersion: "7", ...(s.annotations ? { annotations: s.annotations } : {}) },
    spec: {
      accessModes: s.modes ?? ["ReadWriteOnce"],
      resources: { requests: { storage: s.size ?? "1Gi" } },
      volumeMode: "Filesystem",
      ...(s.className !== undefined ? { storageClassName: s.className } : {}),
      ...(s.volumeName ? { volumeName: s.volumeName } : {}),
    },
    status: { phase: s.phase ?? "Pending" },
  } as PersistentVolumeClaim;
}

export interface VolumeShape {
  className?: string;
  size?: string;
  modes?: string[];
  phase?: string;
  claim?: PersistentVolumeClaim;
  claimUid?: string;
  reclaim?: string;
  provisionedBy?: string;
  path?: string;
  boundByController?: boolean;
}

export function pv(name: string, s: VolumeShape = {}): PersistentVolume {
  const annotations: Record<string, string> = {};
  if (s.provisionedBy) annotations["pv.kubernetes.io/provisioned-by"] = s.provisionedBy;
  if (s.boundByController) annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
  const claimRef = s.claim
    ? { kind: "PersistentVolumeClaim", namespace: "default", name: s.claim.metadata?.name, uid: s.claimUid ?? s.claim.metadata?.uid, apiVersion: "v1" }
    : undefined;
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      capacity: { storage: s.size ?? "1Gi" },
      accessModes: s.modes ?? ["ReadWriteOnce"],
      hostPath: { path: s.path ?? `/data/volumes/${name}` },
      persistentVolumeReclaimPolicy: s.reclaim ?? "Retain",
      storageClassName: s.className ?? "",
      volumeMode: "Filesystem",
      ...(claimRef ? { claimRef } : {}),
    },
    status: { phase: s.phase ?? "Available" },
  } as PersistentVolume;
}

export function observed(claim: PersistentVolumeClaim, extra: Partial<ClaimObserved> = {}): ClaimObserved {
  return { claim, volumes: [], storageClass: undefined, defaultClass: undefined, waitingPods: [], selectedNode: undefined, provisioner, ...extra };
}

export function nodeNamed(name: string): Node {
  return { apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name } } };
}
