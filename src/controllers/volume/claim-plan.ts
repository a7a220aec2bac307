import type { Node, PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { findBestMatchForClaim } from "./find-matching-volume.js";
import { provisionedVolume, volumeDirectory } from "./provisioned-volume.js";
import { ann, claimClass, claimHasClass, isVolumeBoundToClaim, noProvisioner, volumeUnfitReason } from "./volume-helpers.js";

/** Which provisioner this controller is, and which others it knows run elsewhere. */
export interface ProvisionerConfig {
  /** "tinykube.io/local": the provisioner of the standard class and the stand-in for all others. */
  readonly name: string;
  /** Provisioners known to run against this cluster: their classes are left to them. */
  readonly external: readonly string[];
  /** <data-dir>/volumes */
  readonly volumesDir: string;
}

export interface ClaimObserved {
  readonly claim: PersistentVolumeClaim;
  readonly volumes: readonly PersistentVolume[];
  /** The claim's class, undefined when it names none or one that does not exist. */
  readonly storageClass: StorageClass | undefined;
  readonly defaultClass: StorageClass | undefined;
  /** Names of the not yet scheduled pods using the claim. */
  readonly waitingPods: readonly string[];
  /** The node named by the claim's selected-node annotation, if it exists. */
  readonly selectedNode: Node | undefined;
  readonly provisioner: ProvisionerConfig;
}

/** Who says an event: the PV controller, or the provisioner. */
export type EventSource = "controller" | "provisioner";

export type ClaimAction =
  | { readonly kind: "event"; readonly from: EventSource; readonly type: "Normal" | "Warning"; readonly reason: string; readonly message: string }
  /** Retroactive default class assignment: update the claim, and look again on its update. */
  | { readonly kind: "assignClass"; readonly className: string }
  /** volume.kubernetes.io/storage-provisioner (and the beta one), written with the binding when there is one. */
  | { readonly kind: "setProvisioner"; readonly provisioner: string }
  /** Remove the selected-node annotation so the scheduler picks again (rescheduleProvisioning). */
  | { readonly kind: "reschedule" }
  | { readonly kind: "provision"; readonly volume: PersistentVolume; readonly dir: string; readonly className: string }
  /** bind(): the volume of this name, observed or provisioned in this pass. */
  | { readonly kind: "bind"; readonly volumeName: string }
  | { readonly kind: "phase"; readonly phase: "Pending" | "Lost" };

export interface ClaimPlan {
  readonly actions: readonly ClaimAction[];
  /** Upstream resyncs claims every 15 s; a claim still waiting is looked at again then. */
  readonly requeueAfterMs?: number;
}

export const claimResyncMs = 15_000;

const controllerEvent = (type: "Normal" | "Warning", reason: string, message: string): ClaimAction => ({ kind: "event", from: "controller", type, reason, message });
const pending: ClaimAction = { kind: "phase", phase: "Pending" };

/** syncClaim: an unbound claim is matched, provisioned or waits; a bound one is kept consistent. */
export function planClaim(o: ClaimObserved): ClaimPlan {
  if (o.claim.metadata?.annotations?.[ann.bindCompleted] === undefined) return planUnbound(o);
  return { actions: planBound(o) };
}

function planUnbound(o: ClaimObserved): ClaimPlan {
  const { claim } = o;
  if (claim.spec?.volumeName) return { actions: planRequestedVolume(o, claim.spec.volumeName) };
  const delayBinding = o.storageClass?.volumeBindingMode === "WaitForFirstConsumer";
  const match = findBestMatchForClaim(claim, o.volumes, delayBinding);
  if (match) return { actions: [{ kind: "bind", volumeName: match.metadata?.name ?? "" }] };
  if (!claimHasClass(claim) && o.defaultClass) return { actions: [{ kind: "assignClass", className: o.defaultClass.metadata?.name ?? "" }] };
  const selected = claim.metadata?.annotations?.[ann.selectedNode];
  if (delayBinding && !selected) return { actions: [waitingEvent(o.waitingPods), pending], requeueAfterMs: claimResyncMs };
  if (claimClass(claim) === "") {
    const message = "no persistent volumes available for this claim and no storage class is set";
    return { actions: [controllerEvent("Normal", "FailedBinding", message), pending], requeueAfterMs: claimResyncMs };
  }
  return planProvisioning(o);
}

/** emitEventForUnboundDelayBindingClaim. */
function waitingEvent(pods: readonly string[]): ClaimAction {
  if (pods.length === 0) return controllerEvent("Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
  const message = pods.length > 1 ? `waiting for pods ${pods.join(",")} to be scheduled` : `waiting for pod ${pods[0]} to be scheduled`;
  return controllerEvent("Normal", "WaitForPodScheduled", message);
}

function externalProvisioningMessage(provisioner: string): string {
  return (
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' ` +
    "or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."
  );
}

/**
 * provisionClaim: the class's provisioner is asked (annotation + ExternalProvisioning event, as
 * upstream's PV controller does), then, unless that provisioner is known to run elsewhere, this
 * controller provisions a local directory itself: for its own class, for classes naming a
 * provisioner nobody runs here, and for classes that do not exist at all.
 */
function planProvisioning(o: ClaimObserved): ClaimPlan {
  const { claim, storageClass, provisioner } = o;
  const className = claimClass(claim);
  const namespacedName = `${claim.metadata?.namespace ?? ""}/${claim.metadata?.name ?? ""}`;
  const actions: ClaimAction[] = [];
  if (!storageClass) {
    const message = `storageclass.storage.k8s.io "${className}" not found; provisioning a local directory with ${provisioner.name} instead`;
    actions.push(controllerEvent("Warning", "StorageClassNotFound", message), { kind: "setProvisioner", provisioner: provisioner.name });
  } else {
    const wanted = storageClass.provisioner;
    if (wanted === noProvisioner) {
      return { actions: [controllerEvent("Warning", "ProvisioningFailed", `no volume plugin matched name: ${noProvisioner}`), pending], requeueAfterMs: claimResyncMs };
    }
    actions.push({ kind: "setProvisioner", provisioner: wanted }, controllerEvent("Normal", "ExternalProvisioning", externalProvisioningMessage(wanted)));
    if (provisioner.external.includes(wanted)) return { actions: [...actions, pending], requeueAfterMs: claimResyncMs };
    const standIn = wanted !== provisioner.name;
    const message = standIn
      ? `no provisioner '${wanted}' runs here: ${provisioner.name} is provisioning a local directory for claim "${namespacedName}"`
      : `External provisioner is provisioning volume for claim "${namespacedName}"`;
    actions.push({ kind: "event", from: "provisioner", type: "Normal", reason: "Provisioning", message });
  }
  const selected = claim.metadata?.annotations?.[ann.selectedNode];
  if (selected !== undefined && !o.selectedNode) {
    const message = `failed to get target node: node "${selected}" not found`;
    return { actions: [...actions, { kind: "event", from: "provisioner", type: "Warning", reason: "ProvisioningFailed", message }, { kind: "reschedule" }] };
  }
  const dir = volumeDirectory(provisioner.volumesDir, claim);
  if (!dir) {
    const message = `failed to provision volume with StorageClass "${className}": the claim's names do not make a directory under ${provisioner.volumesDir}`;
    return { actions: [...actions, { kind: "event", from: "provisioner", type: "Warning", reason: "ProvisioningFailed", message }, pending] };
  }
  const volume = provisionedVolume({ claim, storageClass, provisioner: provisioner.name, dir, node: o.selectedNode });
  const volumeName = volume.metadata?.name ?? "";
  actions.push(
    { kind: "provision", volume, dir, className },
    { kind: "event", from: "provisioner", type: "Normal", reason: "ProvisioningSucceeded", message: `Successfully provisioned volume ${volumeName}` },
    { kind: "bind", volumeName },
  );
  return { actions };
}

/** The claim names its volume (pre-bound by the user, or by the scheduler's binding). */
function planRequestedVolume(o: ClaimObserved, volumeName: string): ClaimAction[] {
  const pv = o.volumes.find((v) => v.metadata?.name === volumeName);
  if (!pv) return [pending];
  if (!pv.spec?.claimRef) {
    const unfit = volumeUnfitReason(pv, o.claim);
    if (unfit) return [controllerEvent("Warning", "VolumeMismatch", `Cannot bind to requested volume "${volumeName}": ${unfit}`), pending];
    return [{ kind: "bind", volumeName }];
  }
  if (isVolumeBoundToClaim(pv, o.claim)) return [{ kind: "bind", volumeName }];
  return [controllerEvent("Warning", "FailedBinding", `volume "${volumeName}" already bound to a different claim.`), pending];
}

/** syncBoundClaim: keep the binding, or mark the claim Lost (once, with its event). */
function planBound(o: ClaimObserved): ClaimAction[] {
  const { claim } = o;
  const lost = (reason: string, message: string): ClaimAction[] =>
    claim.status?.phase === "Lost" ? [] : [{ kind: "phase", phase: "Lost" }, controllerEvent("Warning", reason, message)];
  const volumeName = claim.spec?.volumeName;
  if (!volumeName) return lost("ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
  const pv = o.volumes.find((v) => v.metadata?.name === volumeName);
  if (!pv) return lost("ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
  if (!pv.spec?.claimRef || pv.spec.claimRef.uid === claim.metadata?.uid) return [{ kind: "bind", volumeName }];
  return lost("ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
}
