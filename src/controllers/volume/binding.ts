import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimStatus, PersistentVolumeStatus } from "kubernetes-types/core/v1.js";
import { clone } from "../../api/object.js";
import { compareQuantity } from "../../util/quantity.js";
import { semanticEqual } from "../../api/validation/semantic-equal.js";
import { ann, claimReference, isVolumeBoundToClaim, storageOf } from "./volume-helpers.js";

/**
 * The four writes of upstream's bind(), each as a pure function returning the object to write,
 * or undefined when it already says so (upstream writes only what is dirty). Volume spec first,
 * then volume status, claim spec, claim status.
 */

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** GetBindVolumeToClaim: claimRef to the claim; bound-by-controller unless the user pre-bound it. */
export function bindVolumeToClaim<V extends PersistentVolume>(pv: V, claim: PersistentVolumeClaim): V | undefined {
  const preBound = isVolumeBoundToClaim(pv, claim);
  const ref = pv.spec?.claimRef;
  const sameRef = ref && ref.name === claim.metadata?.name && ref.namespace === claim.metadata?.namespace && ref.uid === claim.metadata?.uid;
  const needsAnnotation = !preBound && pv.metadata?.annotations?.[ann.boundByController] === undefined;
  if (sameRef && !needsAnnotation) return undefined;
  const next = clone(pv);
  if (!sameRef) next.spec = { ...next.spec, claimRef: claimReference(claim) };
  if (needsAnnotation) next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, [ann.boundByController]: "yes" } };
  return next;
}

/** updateVolumePhase: a phase change, stamped with its transition time (the strategy keeps what we send). */
export function volumeWithPhase<V extends PersistentVolume>(pv: V, phase: string, at: { message?: string; now: string }): V | undefined {
  if (pv.status?.phase === phase) return undefined;
  const next = clone(pv) as Writable<V>;
  const status: PersistentVolumeStatus = { phase, lastPhaseTransitionTime: at.now };
  if (at.message) status.message = at.message;
  if (pv.status?.reason) status.reason = pv.status.reason;
  next.status = status;
  return next;
}

/**
 * bindClaimToVolume: volumeName and bound-by-controller when the controller chose the volume,
 * bind-completed always. extraAnnotations are the storage-provisioner ones of the same pass.
 */
export function bindClaimToVolume<C extends PersistentVolumeClaim>(
  claim: C,
  pv: PersistentVolume,
  extraAnnotations: Readonly<Record<string, string>> = {},
): C | undefined {
  const annotations = { ...claim.metadata?.annotations, ...extraAnnotations };
  const shouldBind = claim.spec?.volumeName !== pv.metadata?.name;
  if (shouldBind && annotations[ann.boundByController] === undefined) annotations[ann.boundByController] = "yes";
  if (annotations[ann.bindCompleted] === undefined) annotations[ann.bindCompleted] = "yes";
  if (!shouldBind && semanticEqual(annotations, claim.metadata?.annotations ?? {})) return undefined;
  const next = clone(claim);
  next.metadata = { ...next.metadata, annotations };
  if (shouldBind) next.spec = { ...next.spec, volumeName: pv.metadata?.name };
  return next;
}

/**
 * updateClaimStatus: the phase, and the volume's access modes and capacity (capacity only as the
 * claim becomes Bound); without a volume both are cleared. undefined when nothing changes.
 */
export function claimWithStatus<C extends PersistentVolumeClaim>(claim: C, phase: string, pv: PersistentVolume | undefined): C | undefined {
  const old = claim.status ?? {};
  const status: PersistentVolumeClaimStatus = clone(old);
  let dirty = old.phase !== phase;
  status.phase = phase;
  if (!pv) {
    if (old.accessModes !== undefined || old.capacity !== undefined) dirty = true;
    delete status.accessModes;
    delete status.capacity;
  } else {
    if (!semanticEqual(old.accessModes, pv.spec?.accessModes)) {
      status.accessModes = pv.spec?.accessModes;
      dirty = true;
    }
    const becomesBound = old.phase !== phase;
    if (becomesBound && (old.capacity?.["storage"] === undefined || compareQuantity(storageOf(old.capacity), storageOf(pv.spec?.capacity)) !== 0)) {
      status.capacity = pv.spec?.capacity;
      dirty = true;
    }
  }
  if (!dirty) return undefined;
  const next = clone(claim) as Writable<C>;
  next.status = status;
  return next;
}

/** unbindVolume: a controller binding is undone entirely; a user's pre-binding loses only its UID. */
export function unbindVolume<V extends PersistentVolume>(pv: V): V {
  const next = clone(pv);
  const annotations = { ...next.metadata?.annotations };
  if (annotations[ann.boundByController] !== undefined) {
    delete annotations[ann.boundByController];
    const { claimRef: _dropped, ...spec } = next.spec ?? {};
    next.spec = spec;
    next.metadata = { ...next.metadata, annotations };
    if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
  } else if (next.spec?.claimRef) {
    next.spec = { ...next.spec, claimRef: { ...next.spec.claimRef, uid: "" } };
  }
  return next;
}
