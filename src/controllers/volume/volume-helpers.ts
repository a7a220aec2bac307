import type { ObjectReference, PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { compareQuantity, type Quantity, tryParseQuantity } from "../../util/quantity.js";

/** Annotations of upstream's PV controller and provisioners (component-helpers/storage/volume). */
export const ann = {
  bindCompleted: "pv.kubernetes.io/bind-completed",
  boundByController: "pv.kubernetes.io/bound-by-controller",
  provisionedBy: "pv.kubernetes.io/provisioned-by",
  storageProvisioner: "volume.kubernetes.io/storage-provisioner",
  betaStorageProvisioner: "volume.beta.kubernetes.io/storage-provisioner",
  selectedNode: "volume.kubernetes.io/selected-node",
  betaStorageClass: "volume.beta.kubernetes.io/storage-class",
} as const;

/** The provisioner name upstream uses to mean "static volumes only". */
export const noProvisioner = "kubernetes.io/no-provisioner";

/** GetPersistentVolumeClaimClass: the beta annotation wins over the field. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.metadata?.annotations?.[ann.betaStorageClass] ?? claim.spec?.storageClassName ?? "";
}

export function volumeClass(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.[ann.betaStorageClass] ?? pv.spec?.storageClassName ?? "";
}

/** PersistentVolumeClaimHasClass: the user chose a class, even "" (no class). */
export function claimHasClass(claim: PersistentVolumeClaim): boolean {
  return claim.metadata?.annotations?.[ann.betaStorageClass] !== undefined || claim.spec?.storageClassName !== undefined;
}

/** IsVolumeBoundToClaim: claimRef names the claim, with its UID or none yet. */
export function isVolumeBoundToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** The reference a PV keeps to its claim (ref.GetReference). */
export function claimReference(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: "PersistentVolumeClaim",
    namespace: claim.metadata?.namespace,
    name: claim.metadata?.name,
    uid: claim.metadata?.uid,
    apiVersion: "v1",
    resourceVersion: claim.metadata?.resourceVersion,
  };
}

const zero: Quantity = { mantissa: 0n, exponent: 0, format: "DecimalSI" };

export function storageOf(list: Readonly<Record<string, unknown>> | undefined): Quantity {
  return tryParseQuantity(list?.["storage"]) ?? zero;
}

export function requestedStorage(claim: PersistentVolumeClaim): Quantity {
  return storageOf(claim.spec?.resources?.requests);
}

export function volumeStorage(pv: PersistentVolume): Quantity {
  return storageOf(pv.spec?.capacity);
}

export function volumeModeMismatch(claim: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  return (claim.spec?.volumeMode ?? "Filesystem") !== (pv.spec?.volumeMode ?? "Filesystem");
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function accessModesFit(claim: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  const offered = pv.spec?.accessModes ?? [];
  return (claim.spec?.accessModes ?? []).every((m) => offered.includes(m));
}

/** checkVolumeSatisfyClaim, for a claim that names its volume: the first reason it does not. */
export function volumeUnfitReason(pv: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (pv.metadata?.deletionTimestamp) return `the volume is marked for deletion "${pv.metadata.name ?? ""}"`;
  if (compareQuantity(volumeStorage(pv), requestedStorage(claim)) < 0) return "requested PV is too small";
  if (volumeClass(pv) !== claimClass(claim)) return "storageClassName does not match";
  if (volumeModeMismatch(claim, pv)) return "incompatible volumeMode";
  if (!accessModesFit(claim, pv)) return "incompatible accessMode";
  return undefined;
}
