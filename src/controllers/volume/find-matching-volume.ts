import type { PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { labelSelectorFromSpec } from "../../util/labels.js";
import { compareQuantity } from "../../util/quantity.js";
import { claimClass, isVolumeBoundToClaim, requestedStorage, volumeClass, volumeModeMismatch, volumeStorage } from "./volume-helpers.js";

const modeKey = (modes: readonly string[] | undefined): string => [...new Set(modes ?? [])].sort().join(",");

/**
 * upstream's index of volumes by access modes: the claim is matched against the groups of
 * volumes whose mode set contains every mode it asks for, fewest modes first, so a claim for
 * RWO takes an RWO volume before an RWO+ROX one.
 */
function candidateGroups(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[]): PersistentVolume[][] {
  const wanted = claim.spec?.accessModes ?? [];
  const groups = new Map<string, PersistentVolume[]>();
  for (const pv of volumes) {
    const key = modeKey(pv.spec?.accessModes);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(pv);
  }
  return [...groups.entries()]
    .filter(([key]) => wanted.every((m) => key.split(",").includes(m)))
    .sort(([a], [b]) => a.split(",").length - b.split(",").length)
    .map(([, group]) => group);
}

/**
 * FindMatchingVolume on the PV controller path (no node): a volume pre-bound to the claim, else
 * the smallest Available volume of the claim's class, selector and size. With delayed binding
 * only pre-bound volumes count: the scheduler picks the others.
 */
function findInGroup(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], delayBinding: boolean): PersistentVolume | undefined {
  const requested = requestedStorage(claim);
  const selector = claim.spec?.selector ? labelSelectorFromSpec(claim.spec.selector) : undefined;
  const wantedClass = claimClass(claim);
  let smallest: PersistentVolume | undefined;
  for (const pv of volumes) {
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, claim)) continue;
    if (compareQuantity(volumeStorage(pv), requested) < 0) continue;
    if (volumeModeMismatch(claim, pv) || pv.metadata?.deletionTimestamp) continue;
    if (isVolumeBoundToClaim(pv, claim)) return pv;
    if (delayBinding) continue;
    if (pv.status?.phase !== "Available") continue;
    if (selector && !selector.matches(pv.metadata?.labels)) continue;
    if (volumeClass(pv) !== wantedClass) continue;
    if (!smallest || compareQuantity(volumeStorage(smallest), volumeStorage(pv)) > 0) smallest = pv;
  }
  return smallest;
}

/** findBestMatchForClaim: the first group with a match wins. */
export function findBestMatchForClaim(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], delayBinding: boolean): PersistentVolume | undefined {
  for (const group of candidateGroups(claim, volumes)) {
    const found = findInGroup(claim, group, delayBinding);
    if (found) return found;
  }
  return undefined;
}
