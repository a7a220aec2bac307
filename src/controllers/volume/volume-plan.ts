import type { PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { isInside } from "./provisioned-volume.js";
import { ann } from "./volume-helpers.js";

export interface VolumeObserved {
  readonly volume: PersistentVolume;
  /** The claim the volume's claimRef names, if it exists with that UID. */
  readonly claim: PersistentVolumeClaim | undefined;
  /** This controller's provisioner name ("tinykube.io/local"). */
  readonly provisioner: string;
  readonly volumesDir: string;
}

export type VolumeAction =
  | { readonly kind: "phase"; readonly phase: "Available" | "Bound" | "Released" | "Failed"; readonly message?: string; readonly event?: { readonly reason: string; readonly message: string } }
  /** The claim is unbound but this volume points at it: its sync finishes the binding. */
  | { readonly kind: "syncClaim"; readonly key: string }
  | { readonly kind: "unbind" }
  /** Delete reclaim by this provisioner: the directory, then the PV object. */
  | { readonly kind: "delete"; readonly dir: string };

/** syncVolume: a volume's phase follows its claim; a released one is reclaimed by its policy. */
export function planVolume(o: VolumeObserved): VolumeAction[] {
  const { volume, claim } = o;
  if (volume.metadata?.deletionTimestamp) return [];
  const ref = volume.spec?.claimRef;
  if (!ref || !ref.uid) return phase(volume, "Available");
  if (!claim) return release(o);
  if (!claim.spec?.volumeName) return [{ kind: "syncClaim", key: `${claim.metadata?.namespace ?? ""}/${claim.metadata?.name ?? ""}` }];
  if (claim.spec.volumeName === volume.metadata?.name) return phase(volume, "Bound");
  // The claim is bound to another volume.
  const provisioned = volume.metadata?.annotations?.[ann.provisionedBy] !== undefined;
  if (provisioned && volume.spec?.persistentVolumeReclaimPolicy === "Delete") return release(o);
  return [{ kind: "unbind" }];
}

function phase(volume: PersistentVolume, p: "Available" | "Bound" | "Released"): VolumeAction[] {
  return volume.status?.phase === p ? [] : [{ kind: "phase", phase: p }];
}

/** Released once (a Failed volume stays Failed while reclaim is retried), then reclaimVolume. */
function release(o: VolumeObserved): VolumeAction[] {
  const current = o.volume.status?.phase;
  const actions: VolumeAction[] = current === "Released" || current === "Failed" ? [] : [{ kind: "phase", phase: "Released" }];
  return [...actions, ...reclaim(o)];
}

const failed = (reason: string, message: string): VolumeAction => ({ kind: "phase", phase: "Failed", message, event: { reason, message } });

function reclaim(o: VolumeObserved): VolumeAction[] {
  const { volume } = o;
  const name = volume.metadata?.name ?? "";
  switch (volume.spec?.persistentVolumeReclaimPolicy) {
    case "Retain":
      return [];
    case "Recycle":
      return [failed("VolumeFailedRecycle", "No recycler plugin found for the volume!")];
    case "Delete":
      return deleteVolume(o, name);
    default:
      return [failed("VolumeUnknownReclaimPolicy", "Volume has unrecognized PersistentVolumeReclaimPolicy")];
  }
}

/**
 * Volumes this provisioner made are deleted with their directory; those of another external
 * provisioner are left to it; a static volume has no deleter here, as upstream finds none.
 */
function deleteVolume(o: VolumeObserved, name: string): VolumeAction[] {
  const by = o.volume.metadata?.annotations?.[ann.provisionedBy];
  if (by !== undefined && by !== o.provisioner && !by.startsWith("kubernetes.io/")) return [];
  if (by !== o.provisioner) return [failed("VolumeFailedDelete", `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`)];
  const dir = o.volume.spec?.hostPath?.path ?? "";
  if (!isInside(o.volumesDir, dir)) {
    return [failed("VolumeFailedDelete", `refusing to delete ${JSON.stringify(dir)} of volume "${name}": not a directory ${o.provisioner} made under ${o.volumesDir}`)];
  }
  return [{ kind: "delete", dir }];
}
