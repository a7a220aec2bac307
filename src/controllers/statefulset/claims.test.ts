// Claims and the retention policy: which owners a claim should have (upstream's table for
// isClaimOwnerUpToDate and updateClaimOwnerRefForSetAndPod), stale claims, claim contents.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { OwnerReference } from "../../api/object.js";
import { claimOwnerRefs, claimsForPod, isClaimOwnerUpToDate, type RetentionPolicyType, staleClaim } from "./claims.js";
import { makeClaims, makeSet } from "./testing/fixtures.js";

const podRef = (uid = "uid-pod"): OwnerReference => ({ apiVersion: "v1", kind: "Pod", name: "", uid, controller: true, blockOwnerDeletion: true });

interface Row {
  name: string;
  whenScaled: RetentionPolicyType;
  whenDeleted: RetentionPolicyType;
  /** The pod's ordinal against replicas 2: 1 stays, 2 is condemned. */
  ordinal: 1 | 2;
  needsPodRef: boolean;
  needsSetRef: boolean;
}

const rows: Row[] = [
  { name: "Retain on both: no owner", whenScaled: "Retain", whenDeleted: "Retain", ordinal: 1, needsPodRef: false, needsSetRef: false },
  { name: "Retain on both, even for a condemned pod", whenScaled: "Retain", whenDeleted: "Retain", ordinal: 2, needsPodRef: false, needsSetRef: false },
  { name: "Delete with the set: owned by the set", whenScaled: "Retain", whenDeleted: "Delete", ordinal: 1, needsPodRef: false, needsSetRef: true },
  { name: "Delete on scale-down, pod remains: no owner", whenScaled: "Delete", whenDeleted: "Retain", ordinal: 1, needsPodRef: false, needsSetRef: false },
  { name: "Delete on scale-down, pod condemned: owned by the pod", whenScaled: "Delete", whenDeleted: "Retain", ordinal: 2, needsPodRef: true, needsSetRef: false },
  { name: "Delete on both, pod remains: owned by the set", whenScaled: "Delete", whenDeleted: "Delete", ordinal: 1, needsPodRef: false, needsSetRef: true },
  { name: "Delete on both, pod condemned: owned by the pod only", whenScaled: "Delete", whenDeleted: "Delete", ordinal: 2, needsPodRef: true, needsSetRef: false },
];

for (const row of rows) {
  test(`${row.name}: up to date exactly when the claim has those owners, and brought to them`, () => {
    const set = makeSet({ replicas: 2, whenScaled: row.whenScaled, whenDeleted: row.whenDeleted });
    const pod = { name: `web-${row.ordinal}`, uid: "uid-pod" };
    const setRef: OwnerReference = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "uid-web", controller: true, blockOwnerDeletion: true };
    const other: OwnerReference = { apiVersion: "v1", kind: "ConfigMap", name: "other", uid: "uid-other" };
    for (const hasPodRef of [false, true]) {
      for (const hasSetRef of [false, true]) {
        const refs = [other, ...(hasPodRef ? [{ ...podRef(), name: pod.name }] : []), ...(hasSetRef ? [setRef] : [])];
        const claim: PersistentVolumeClaim = { metadata: { name: `www-web-${row.ordinal}`, ownerReferences: refs } };
        const want = hasPodRef === row.needsPodRef && hasSetRef === row.needsSetRef;
        assert.equal(isClaimOwnerUpToDate(claim, set, pod), want, `pod ref ${hasPodRef}, set ref ${hasSetRef}`);
        const fixed = claimOwnerRefs(claim, set, pod);
        assert.equal(fixed.some((r) => r.uid === "uid-pod"), row.needsPodRef);
        assert.equal(fixed.some((r) => r.uid === "uid-web"), row.needsSetRef);
        assert.ok(fixed.some((r) => r.uid === "uid-other"), "other owners are kept");
        assert.ok(isClaimOwnerUpToDate({ metadata: { ownerReferences: fixed } }, set, pod));
      }
    }
  });
}

test("a claim another controller manages is left alone: our references are dropped, none added", () => {
  const set = makeSet({ whenDeleted: "Delete" });
  const foreign: OwnerReference = { apiVersion: "example.com/v1", kind: "Keeper", name: "k", uid: "uid-k", controller: true };
  const claim: PersistentVolumeClaim = { metadata: { ownerReferences: [foreign] } };
  assert.ok(isClaimOwnerUpToDate(claim, set, { name: "web-0", uid: "uid-pod" }));
  const withOurs: PersistentVolumeClaim = { metadata: { ownerReferences: [foreign, { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "uid-web", controller: true }] } };
  assert.ok(!isClaimOwnerUpToDate(withOurs, set, { name: "web-0", uid: "uid-pod" }));
  assert.deepEqual(claimOwnerRefs(withOurs, set, { name: "web-0", uid: "uid-pod" }), [foreign]);
});

test("a claim left by an earlier set of the same name is not touched", () => {
  const set = makeSet({ whenDeleted: "Delete" });
  const claim: PersistentVolumeClaim = { metadata: { ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "uid-earlier", controller: true }] } };
  assert.ok(isClaimOwnerUpToDate(claim, set, { name: "web-0", uid: "uid-pod" }));
});

test("a claim is its template named for the pod, with the selector's labels added", () => {
  const set = makeSet();
  set.spec!.volumeClaimTemplates![0]!.metadata!.labels = { tier: "data" };
  const claim = claimsForPod(set, 4).get("www");
  assert.equal(claim?.metadata?.name, "www-web-4");
  assert.equal(claim?.metadata?.namespace, "default");
  assert.deepEqual(claim?.metadata?.labels, { tier: "data", app: "web" });
  assert.deepEqual(claim?.spec?.accessModes, ["ReadWriteOnce"]);
  assert.equal(claim?.status, undefined);
});

test("under whenScaled Delete a claim owned by an earlier pod of the name is stale; under Retain never", () => {
  const deleting = makeSet({ whenScaled: "Delete" });
  const claims = makeClaims(deleting, [0]);
  const c = claims.get("www-web-0")!;
  claims.set("www-web-0", { ...c, metadata: { ...c.metadata, ownerReferences: [{ ...podRef("uid-before"), name: "web-0" }] } });
  assert.equal(staleClaim(deleting, { name: "web-0" }, claims), "www-web-0");
  assert.equal(staleClaim(deleting, { name: "web-0", uid: "uid-before" }, claims), undefined);
  assert.equal(staleClaim(makeSet(), { name: "web-0" }, claims), undefined);
});
