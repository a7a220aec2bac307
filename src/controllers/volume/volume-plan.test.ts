import assert from "node:assert/strict";
import { test } from "node:test";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { bindClaimToVolume, bindVolumeToClaim, claimWithStatus, unbindVolume, volumeWithPhase } from "./binding.js";
import { planVolume, type VolumeAction, type VolumeObserved } from "./volume-plan.js";
import { pv, pvc } from "./testing/fixtures.js";

const local = "tinykube.io/local";
const observe = (volume: VolumeObserved["volume"], claim?: PersistentVolumeClaim): VolumeObserved => ({ volume, claim, provisioner: local, volumesDir: "/data/volumes" });

function lines(actions: readonly VolumeAction[]): string[] {
  return actions.map((a) => {
    if (a.kind === "phase") return `phase ${a.phase}${a.event ? ` (${a.event.reason}: ${a.event.message})` : ""}`;
    if (a.kind === "syncClaim") return `syncClaim ${a.key}`;
    if (a.kind === "delete") return `delete ${a.dir}`;
    return a.kind;
  });
}

const data = pvc("data");
const boundData = pvc("data", { volumeName: "pvc-1", phase: "Bound" });

const cases: Array<{ name: string; observed: VolumeObserved; expect: string[] }> = [
  { name: "a new volume no claim names becomes Available", observed: observe(pv("pv-1", { phase: "Pending" })), expect: ["phase Available"] },
  { name: "an Available volume stays as it is", observed: observe(pv("pv-1")), expect: [] },
  {
    name: "a volume pre-bound by name only is Available until its claim binds",
    observed: observe(pv("pv-1", { phase: "Pending", claim: data, claimUid: "" })),
    expect: ["phase Available"],
  },
  { name: "a volume whose claim is bound to it is Bound", observed: observe(pv("pvc-1", { phase: "Pending", claim: boundData }), boundData), expect: ["phase Bound"] },
  {
    name: "a provisioned volume whose claim is not bound yet hands over to the claim's sync",
    observed: observe(pv("pvc-1", { phase: "Pending", claim: data }), data),
    expect: ["syncClaim default/data"],
  },
  {
    name: "a provisioned volume of a deleted claim is Released, then its directory and object deleted (Delete)",
    observed: observe(pv("pvc-1", { phase: "Bound", claim: data, reclaim: "Delete", provisionedBy: local, path: "/data/volumes/default-data-pvc-1" })),
    expect: ["phase Released", "delete /data/volumes/default-data-pvc-1"],
  },
  {
    name: "a retained volume of a deleted claim is Released and kept",
    observed: observe(pv("pvc-1", { phase: "Bound", claim: data, reclaim: "Retain", provisionedBy: local })),
    expect: ["phase Released"],
  },
  { name: "a Released retained volume is left alone", observed: observe(pv("pvc-1", { phase: "Released", claim: data, reclaim: "Retain" })), expect: [] },
  {
    name: "a volume of a claim deleted and re-created under the same name is released too",
    observed: observe(pv("pvc-1", { phase: "Bound", claim: data, claimUid: "old-uid", reclaim: "Retain" }), undefined),
    expect: ["phase Released"],
  },
  {
    name: "a static volume with Delete has no deleter here and fails as upstream's does",
    observed: observe(pv("static", { phase: "Bound", claim: data, reclaim: "Delete" })),
    expect: [
      "phase Released",
      'phase Failed (VolumeFailedDelete: error getting deleter volume plugin for volume "static": no deletable volume plugin matched)',
    ],
  },
  {
    name: "a volume of another external provisioner is left for it to delete",
    observed: observe(pv("ext", { phase: "Released", claim: data, reclaim: "Delete", provisionedBy: "example.com/nfs" })),
    expect: [],
  },
  {
    name: "a volume claiming to be ours but pointing outside the volumes directory is never deleted",
    observed: observe(pv("evil", { phase: "Released", claim: data, reclaim: "Delete", provisionedBy: local, path: "/etc" })),
    expect: [`phase Failed (VolumeFailedDelete: refusing to delete "/etc" of volume "evil": not a directory tinykube.io/local made under /data/volumes)`],
  },
  {
    name: "Recycle is not supported",
    observed: observe(pv("old", { phase: "Bound", claim: data, reclaim: "Recycle" })),
    expect: ["phase Released", "phase Failed (VolumeFailedRecycle: No recycler plugin found for the volume!)"],
  },
  {
    name: "a volume the controller bound to a claim that took another volume is unbound",
    observed: observe(pv("pv-1", { phase: "Bound", claim: boundData, boundByController: true }), boundData),
    expect: ["unbind"],
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(lines(planVolume(c.observed)), c.expect);
  });
}

test("binding a provisioned volume writes its phase, then the claim's spec and status, as upstream's bind()", () => {
  const claim = pvc("data", { className: "standard" });
  const volume = pv("pvc-u-data", { phase: "Pending", claim, size: "2Gi", modes: ["ReadWriteMany"], provisionedBy: local });
  assert.equal(bindVolumeToClaim(volume, claim), undefined, "a pre-bound volume needs no spec write and no bound-by-controller");
  const boundVolume = volumeWithPhase(volume, "Bound", { now: "2026-01-02T03:04:05Z" });
  assert.deepEqual(boundVolume?.status, { phase: "Bound", lastPhaseTransitionTime: "2026-01-02T03:04:05Z" });
  const claimSpec = bindClaimToVolume(claim, boundVolume!, { "volume.kubernetes.io/storage-provisioner": local });
  assert.equal(claimSpec?.spec?.volumeName, "pvc-u-data");
  assert.deepEqual(claimSpec?.metadata?.annotations, {
    "volume.kubernetes.io/storage-provisioner": local,
    "pv.kubernetes.io/bound-by-controller": "yes",
    "pv.kubernetes.io/bind-completed": "yes",
  });
  const claimStatus = claimWithStatus(claimSpec!, "Bound", boundVolume);
  assert.deepEqual(claimStatus?.status, { phase: "Bound", accessModes: ["ReadWriteMany"], capacity: { storage: "2Gi" } });
  assert.equal(claimWithStatus(claimStatus!, "Bound", boundVolume), undefined, "nothing left to write");
  assert.equal(bindClaimToVolume(claimStatus!, boundVolume!), undefined);
});

test("binding a static volume marks it bound by the controller", () => {
  const claim = pvc("data");
  const next = bindVolumeToClaim(pv("static"), claim);
  assert.equal(next?.metadata?.annotations?.["pv.kubernetes.io/bound-by-controller"], "yes");
  assert.equal(next?.spec?.claimRef?.uid, "u-data");
});

test("unbinding undoes a controller binding entirely and a user's pre-binding only by UID", () => {
  assert.equal(unbindVolume(pv("a", { claim: pvc("x"), boundByController: true })).spec?.claimRef, undefined);
  assert.equal(unbindVolume(pv("b", { claim: pvc("x") })).spec?.claimRef?.uid, "");
});
