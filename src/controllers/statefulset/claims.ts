import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { clone, type OwnerReference } from "../../api/object.js";
import { type SetLike, setControllerRef } from "./identity.js";
import { claimName, inOrdinalRange, ordinalOf } from "./ordinals.js";

export type RetentionPolicyType = "Retain" | "Delete";

export interface RetentionPolicy {
  readonly whenDeleted: RetentionPolicyType;
  readonly whenScaled: RetentionPolicyType;
}

/** spec.persistentVolumeClaimRetentionPolicy, Retain where unset. */
export function retentionPolicy(set: SetLike): RetentionPolicy {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted === "Delete" ? "Delete" : "Retain", whenScaled: p?.whenScaled === "Delete" ? "Delete" : "Retain" };
}

/** The pod side of a claim's owners: its name and, once created, its UID. */
export interface PodRef {
  readonly name: string;
  readonly uid?: string;
}

export function podRefOf(pod: Pod): PodRef {
  return pod.metadata?.uid ? { name: pod.metadata.name ?? "", uid: pod.metadata.uid } : { name: pod.metadata?.name ?? "" };
}

/**
 * upstream's getPersistentVolumeClaims: the claims one pod needs, by template name, each a copy of
 * its template named `<template>-<set>-<ordinal>` and labelled with the set's matchLabels.
 */
export function claimsForPod(set: SetLike, ordinal: number): Map<string, PersistentVolumeClaim> {
  const out = new Map<string, PersistentVolumeClaim>();
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const { status: _status, ...rest } = clone(template);
    const meta = rest.metadata ?? {};
    const claim: PersistentVolumeClaim = {
      ...rest,
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        ...meta,
        name: claimName(set.metadata.name, template, ordinal),
        ...(set.metadata.namespace ? { namespace: set.metadata.namespace } : {}),
        labels: { ...meta.labels, ...set.spec?.selector?.matchLabels },
      },
    };
    out.set(template.metadata?.name ?? "", claim);
  }
  return out;
}

function matchesRef(ref: OwnerReference, name: string, kind: { apiVersion: string; kind: string }): boolean {
  return ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === name;
}

const setKind = { apiVersion: "apps/v1", kind: "StatefulSet" };
const podKind = { apiVersion: "v1", kind: "Pod" };

function refsOf(claim: PersistentVolumeClaim): readonly OwnerReference[] {
  return claim.metadata?.ownerReferences ?? [];
}

export function hasOwnerRef(claim: PersistentVolumeClaim, uid: string | undefined): boolean {
  return uid !== undefined && refsOf(claim).some((r) => r.uid === uid);
}

/** A reference naming the object (kind and name) with another UID: left by an earlier object of that name. */
export function hasStaleRef(claim: PersistentVolumeClaim, owner: { name: string; uid?: string | undefined; kind: typeof setKind }): boolean {
  const ref = refsOf(claim).find((r) => matchesRef(r, owner.name, owner.kind));
  return ref !== undefined && ref.uid !== owner.uid;
}

/** upstream's hasUnexpectedController: under a Delete policy, another controller manages the claim. */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: SetLike, pod: PodRef): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === "Retain" && policy.whenDeleted === "Retain") return false;
  for (const ref of refsOf(claim)) {
    if (matchesRef(ref, set.metadata.name, setKind)) {
      if (ref.uid !== set.metadata.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod.name, podKind)) {
      if (ref.uid !== pod.uid) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: PersistentVolumeClaim, set: SetLike, pod: PodRef): boolean {
  return refsOf(claim).some((r) => (r.uid === set.metadata.uid || r.uid === pod.uid) && r.controller !== true);
}

/** Which of set and pod should own the claim under the retention policy (upstream's table). */
function wantedOwners(set: SetLike, pod: PodRef): { set: boolean; pod: boolean } {
  const policy = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(set, ordinalOf(pod.name));
  return {
    set: policy.whenDeleted === "Delete" && !(policy.whenScaled === "Delete" && scaledDown),
    pod: policy.whenScaled === "Delete" && scaledDown,
  };
}

/**
 * upstream's isClaimOwnerUpToDate: whether the claim's owner references already say what the
 * retention policy asks. Claims left by earlier objects of the same names are not touched.
 */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: SetLike, pod: PodRef): boolean {
  if (hasStaleRef(claim, { name: set.metadata.name, uid: set.metadata.uid, kind: setKind }) || hasStaleRef(claim, { ...pod, kind: podKind })) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set.metadata.uid) || hasOwnerRef(claim, pod.uid));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const want = wantedOwners(set, pod);
  return hasOwnerRef(claim, set.metadata.uid) === want.set && hasOwnerRef(claim, pod.uid) === want.pod;
}

/**
 * upstream's updateClaimOwnerRefForSetAndPod: the claim's references with ours scrubbed and put
 * back as the policy asks (as controller references), unless another controller manages it.
 */
export function claimOwnerRefs(claim: PersistentVolumeClaim, set: SetLike, pod: PodRef): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  const refs = refsOf(claim).filter((r) => !matchesRef(r, set.metadata.name, setKind) && !matchesRef(r, pod.name, podKind));
  if (unexpected) return refs;
  const want = wantedOwners(set, pod);
  if (want.pod && pod.uid !== undefined) {
    refs.push({ apiVersion: "v1", kind: "Pod", name: pod.name, uid: pod.uid, controller: true, blockOwnerDeletion: true });
  }
  if (want.set) refs.push(setControllerRef(set));
  return refs;
}

/**
 * upstream's PodClaimIsStale: under whenScaled Delete, a claim still owned by an earlier pod of
 * the same name (its UID differs, or the pod is not created yet) is on its way out; creating the
 * pod now would hand it a claim about to be deleted.
 */
export function staleClaim(set: SetLike, pod: PodRef, existing: ReadonlyMap<string, PersistentVolumeClaim>): string | undefined {
  if (retentionPolicy(set).whenScaled === "Retain") return undefined;
  for (const claim of claimsForPod(set, ordinalOf(pod.name)).values()) {
    const found = existing.get(claim.metadata?.name ?? "");
    if (found && hasStaleRef(found, { ...pod, kind: podKind })) return claim.metadata?.name;
  }
  return undefined;
}
