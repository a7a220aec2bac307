import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject, OwnerReference, Stored } from "../../api/object.js";
import { Indexer } from "../../client/indexer.js";
import { Lister } from "../../client/lister.js";
import { controllerOwnerKeys, groupOf, newControllerRef, resolveControllerRef, splitKey } from "./owner-keys.js";

const sts = (name: string, uid: string, namespace = "default"): Stored => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name, namespace, uid, resourceVersion: "1", creationTimestamp: "2026-01-01T00:00:00Z" },
});

const pod = (refs: OwnerReference[], namespace = "default"): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-0", namespace, ownerReferences: refs } });

const ref = (over: Partial<OwnerReference> = {}): OwnerReference => ({ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "u1", controller: true, ...over });

test("a dependent's controller reference resolves to its owner only when kind, namespace and UID all match", () => {
  const indexer = new Indexer<Stored>();
  indexer.upsert(sts("web", "u1"));
  indexer.upsert(sts("web", "u9", "other"));
  const owner = { group: "apps", kind: "StatefulSet", lister: new Lister(indexer) };
  const cases: Array<{ name: string; dependent: KubeObject; expect: string[] }> = [
    { name: "the controller reference of the right kind and UID", dependent: pod([ref()]), expect: ["default/web"] },
    { name: "an owner re-created under the same name (other UID) is not the owner", dependent: pod([ref({ uid: "old" })]), expect: [] },
    { name: "a reference that is not the controller is ignored", dependent: pod([ref({ controller: false })]), expect: [] },
    { name: "another kind of the same name is not the owner", dependent: pod([ref({ kind: "ReplicaSet" })]), expect: [] },
    { name: "the same kind name in another group is not the owner", dependent: pod([ref({ apiVersion: "example.com/v1" })]), expect: [] },
    { name: "the owner is looked up in the dependent's namespace", dependent: pod([ref({ uid: "u9" })], "other"), expect: ["other/web"] },
    { name: "no owner references at all", dependent: pod([]), expect: [] },
  ];
  for (const c of cases) assert.deepEqual(controllerOwnerKeys(owner)(c.dependent), c.expect, c.name);
  assert.equal(resolveControllerRef(pod([ref()]), owner)?.metadata.uid, "u1");
});

test("keys and references helpers", () => {
  assert.equal(groupOf("apps/v1"), "apps");
  assert.equal(groupOf("v1"), "");
  assert.deepEqual(splitKey("default/web"), { namespace: "default", name: "web" });
  assert.deepEqual(splitKey("node-1"), { namespace: undefined, name: "node-1" });
  assert.deepEqual(newControllerRef(sts("web", "u1")), { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "u1", controller: true, blockOwnerDeletion: true });
});
