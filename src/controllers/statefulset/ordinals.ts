import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";

/** The labels a StatefulSet puts on its pods (apps/v1 constants). */
export const podNameLabel = "statefulset.kubernetes.io/pod-name";
export const podIndexLabel = "apps.kubernetes.io/pod-index";
export const revisionLabel = "controller-revision-hash";

/** upstream's statefulPodRegex: the parent's name, a dash, the ordinal. */
const statefulPodName = /^(.*)-([0-9]+)$/;

/** Go's int32, which ParseInt(…, 10, 32) accepts. */
const maxInt32 = 2 ** 31 - 1;

/**
 * upstream's getParentNameAndOrdinal: the set a pod's name says it belongs to, and its ordinal;
 * an empty parent and -1 when the name does not have the shape.
 */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = statefulPodName.exec(podName);
  if (!m) return { parent: "", ordinal: -1 };
  const ordinal = Number(m[2]);
  return { parent: m[1]!, ordinal: ordinal <= maxInt32 ? ordinal : -1 };
}

export function ordinalOf(podName: string): number {
  return parentAndOrdinal(podName).ordinal;
}

/** Whether the pod's name makes it a member of the set (upstream's isMemberOf). */
export function isMemberOf(setName: string, podName: string): boolean {
  return parentAndOrdinal(podName).parent === setName;
}

export function podName(setName: string, ordinal: number): string {
  return `${setName}-${ordinal}`;
}

/** `<template>-<set>-<ordinal>`: the claim of one pod from one volumeClaimTemplate. */
export function claimName(setName: string, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata?.name ?? ""}-${setName}-${ordinal}`;
}

/** spec.ordinals.start, or 0. */
export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** The last ordinal the set wants (inclusive); below the start when it wants none. */
export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
}

/** Whether an ordinal is one the set currently wants (upstream's podInOrdinalRange). */
export function inOrdinalRange(set: StatefulSet, ordinal: number): boolean {
  return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
}
