import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { controllerRef } from "../../api/object.js";
import { compareQuantity, tryParseQuantity } from "../../util/quantity.js";
import { matchesAnyTerm } from "./node-affinity.js";
import { type NodeStatus, reasons, unresolvable } from "./node-status.js";

/** Annotations the scheduler and the PV controller talk through (component-helpers/storage/volume). */
export const annotations = {
  selectedNode: "volume.kubernetes.io/selected-node",
  bindCompleted: "pv.kubernetes.io/bind-completed",
  boundByController: "pv.kubernetes.io/bound-by-controller",
  betaStorageClass: "volume.beta.kubernetes.io/storage-class",
} as const;

/** What VolumeBinding reads: claims, volumes and classes, from caches. */
export interface VolumeView {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  storageClass(name: string): StorageClass | undefined;
  /** Every PV (candidates for delayed binding are filtered from these). */
  volumes(): readonly PersistentVolume[];
}

export interface PodClaims {
  readonly bound: readonly PersistentVolumeClaim[];
  /** Unbound claims of a WaitForFirstConsumer class: bound or provisioned once a node is chosen. */
  readonly delayed: readonly PersistentVolumeClaim[];
}

/** What binding a pod's delayed claims on a chosen node takes (upstream's PodVolumes). */
export interface PodVolumes {
  /** Static PVs to pre-bind to claims (pv.spec.claimRef written by the scheduler). */
  readonly staticBindings: ReadonlyArray<{ readonly volume: PersistentVolume; readonly claim: PersistentVolumeClaim }>;
  /** Claims to annotate with the selected node, so that their provisioner provisions. */
  readonly provisions: readonly PersistentVolumeClaim[];
}

export type PreFilterResult = { readonly kind: "skip" } | { readonly kind: "rejected"; readonly message: string } | { readonly kind: "claims"; readonly claims: PodClaims };

export function claimClassName(claim: PersistentVolumeClaim): string {
  return claim.metadata?.annotations?.[annotations.betaStorageClass] ?? claim.spec?.storageClassName ?? "";
}

function volumeClassName(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.[annotations.betaStorageClass] ?? pv.spec?.storageClassName ?? "";
}

/** The claims a pod's volumes name: persistentVolumeClaim and generic ephemeral ("<pod>-<volume>"). */
export function podClaimNames(pod: Pod): Array<{ name: string; ephemeral: boolean }> {
  const out: Array<{ name: string; ephemeral: boolean }> = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${pod.metadata?.name ?? ""}-${v.name}`, ephemeral: true });
  }
  return out;
}

function isFullyBound(claim: PersistentVolumeClaim): boolean {
  return !!claim.spec?.volumeName && claim.metadata?.annotations?.[annotations.bindCompleted] !== undefined;
}

/** Class missing or not WaitForFirstConsumer: the claim binds at once (IsDelayBindingMode). */
function isDelayBinding(claim: PersistentVolumeClaim, view: VolumeView): boolean {
  const name = claimClassName(claim);
  return name !== "" && view.storageClass(name)?.volumeBindingMode === "WaitForFirstConsumer";
}

/** podHasPVCs' checks, in upstream's words, then the claims sorted into bound and delayed. */
export function preFilterVolumes(pod: Pod, view: VolumeView): PreFilterResult {
  const names = podClaimNames(pod);
  if (names.length === 0) return { kind: "skip" };
  const namespace = pod.metadata?.namespace ?? "";
  const claims: PersistentVolumeClaim[] = [];
  for (const { name, ephemeral } of names) {
    const claim = view.claim(namespace, name);
    const problem = claimProblem(pod, claim, { name, ephemeral });
    if (problem) return { kind: "rejected", message: problem };
    claims.push(claim!);
  }
  const bound: PersistentVolumeClaim[] = [];
  const delayed: PersistentVolumeClaim[] = [];
  for (const claim of claims) {
    if (isFullyBound(claim)) bound.push(claim);
    else if (isDelayBinding(claim, view) && !claim.spec?.volumeName) delayed.push(claim);
    else return { kind: "rejected", message: "pod has unbound immediate PersistentVolumeClaims" };
  }
  return { kind: "claims", claims: { bound, delayed } };
}

function claimProblem(pod: Pod, claim: PersistentVolumeClaim | undefined, ref: { name: string; ephemeral: boolean }): string | undefined {
  if (!claim) {
    return ref.ephemeral
      ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${ref.name}"`
      : `persistentvolumeclaim "${ref.name}" not found`;
  }
  if (claim.status?.phase === "Lost") {
    return `persistentvolumeclaim "${ref.name}" bound to non-existent persistentvolume "${claim.spec?.volumeName ?? ""}"`;
  }
  if (claim.metadata?.deletionTimestamp) return `persistentvolumeclaim "${ref.name}" is being deleted`;
  if (ref.ephemeral && controllerRef(claim)?.uid !== pod.metadata?.uid) {
    return `PVC ${claim.metadata?.namespace ?? ""}/${ref.name} was not created for pod ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""} (pod is not owner)`;
  }
  return undefined;
}

/** CheckNodeAffinity: a PV's required node affinity against the node's labels (only its labels). */
export function volumeFitsNode(pv: PersistentVolume, node: Node): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  const labelsOnly: Node = { metadata: { labels: node.metadata?.labels ?? {} } };
  return matchesAnyTerm(required.nodeSelectorTerms ?? [], labelsOnly);
}

const storageOf = (list: Readonly<Record<string, unknown>> | undefined) => tryParseQuantity(list?.["storage"] ?? "0") ?? tryParseQuantity("0")!;

/** FindMatchingVolume on the scheduler path: the smallest Available PV of the class that fits. */
function findMatchingVolume(claim: PersistentVolumeClaim, candidates: readonly PersistentVolume[], node: Node, chosen: ReadonlySet<string>): PersistentVolume | undefined {
  const requested = storageOf(claim.spec?.resources?.requests);
  const modes = claim.spec?.accessModes ?? [];
  let best: PersistentVolume | undefined;
  for (const pv of candidates) {
    const name = pv.metadata?.name ?? "";
    if (chosen.has(name) || pv.metadata?.deletionTimestamp) continue;
    const ref = pv.spec?.claimRef;
    const preBound = !!ref && ref.name === claim.metadata?.name && ref.namespace === claim.metadata?.namespace && (!ref.uid || ref.uid === claim.metadata?.uid);
    if (ref && !preBound) continue;
    if (compareQuantity(storageOf(pv.spec?.capacity), requested) < 0) continue;
    if ((pv.spec?.volumeMode ?? "Filesystem") !== (claim.spec?.volumeMode ?? "Filesystem")) continue;
    const fits = volumeFitsNode(pv, node);
    if (preBound) return fits ? pv : undefined;
    if (pv.status?.phase !== "Available" || !fits) continue;
    if (!modes.every((m) => (pv.spec?.accessModes ?? []).includes(m))) continue;
    if (!best || compareQuantity(storageOf(best.spec?.capacity), storageOf(pv.spec?.capacity)) > 0) best = pv;
  }
  return best;
}

/** Whether a class's provisioner could make a volume for the node (checkVolumeProvisions). */
function canProvision(claim: PersistentVolumeClaim, node: Node, view: VolumeView): boolean {
  const cls = view.storageClass(claimClassName(claim));
  if (!cls || !cls.provisioner || cls.provisioner === "kubernetes.io/no-provisioner") return false;
  const topologies = cls.allowedTopologies ?? [];
  if (topologies.length === 0) return true;
  const labels = node.metadata?.labels ?? {};
  return topologies.some((t) => (t.matchLabelExpressions ?? []).every((e) => labels[e.key] !== undefined && e.values.includes(labels[e.key]!)));
}

export type VolumeFilterResult = { readonly fits: true; readonly volumes: PodVolumes } | { readonly fits: false; readonly status: NodeStatus };

/** VolumeBinding's Filter (FindPodVolumes) for one node. */
export function filterVolumes(claims: PodClaims, node: Node, view: VolumeView): VolumeFilterResult {
  let boundSatisfied = true;
  let boundFound = true;
  for (const claim of claims.bound) {
    const pv = view.volume(claim.spec?.volumeName ?? "");
    if (!pv) boundFound = false;
    else if (!volumeFitsNode(pv, node)) boundSatisfied = false;
  }
  const delayed = matchDelayed(claims.delayed, node, view);
  const failures: string[] = [];
  if (!boundSatisfied) failures.push(reasons.volumeNodeConflict);
  if (!delayed) failures.push(reasons.volumeBindConflict);
  if (!boundFound) failures.push(reasons.volumePVNotExist);
  if (failures.length > 0 || !delayed) return { fits: false, status: unresolvable("VolumeBinding", ...failures) };
  return { fits: true, volumes: delayed };
}

function byRequestedSize(a: PersistentVolumeClaim, b: PersistentVolumeClaim): number {
  return compareQuantity(storageOf(a.spec?.resources?.requests), storageOf(b.spec?.resources?.requests));
}

/** Static matches for the delayed claims, smallest request first, and provisioning for the rest. */
function matchDelayed(delayed: readonly PersistentVolumeClaim[], node: Node, view: VolumeView): PodVolumes | undefined {
  const staticBindings: Array<{ volume: PersistentVolume; claim: PersistentVolumeClaim }> = [];
  const provisions: PersistentVolumeClaim[] = [];
  const chosen = new Set<string>();
  for (const claim of [...delayed].sort(byRequestedSize)) {
    const selected = claim.metadata?.annotations?.[annotations.selectedNode];
    if (selected !== undefined) {
      if (selected !== node.metadata?.name) return undefined;
      provisions.push(claim);
      continue;
    }
    const cls = claimClassName(claim);
    const pv = findMatchingVolume(claim, view.volumes().filter((v) => volumeClassName(v) === cls), node, chosen);
    if (pv) {
      chosen.add(pv.metadata?.name ?? "");
      staticBindings.push({ volume: pv, claim });
    } else if (canProvision(claim, node, view)) {
      provisions.push(claim);
    } else {
      return undefined;
    }
  }
  return { staticBindings, provisions };
}

export function needsVolumeBinding(v: PodVolumes | undefined): v is PodVolumes {
  return !!v && (v.staticBindings.length > 0 || v.provisions.length > 0);
}
