import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject, Stored } from "../api/object.js";
import { Indexer, indexNames } from "./indexer.js";
import { Lister } from "./lister.js";

interface Pod extends KubeObject {
  spec?: { nodeName?: string };
}

function pod(name: string, opts: { ns?: string; rv?: string; node?: string; owners?: Array<{ uid: string; controller?: boolean }>; labels?: Record<string, string> } = {}): Stored<Pod> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: opts.ns ?? "default",
      uid: `uid-${name}`,
      resourceVersion: opts.rv ?? "1",
      creationTimestamp: "2026-01-01T00:00:00Z",
      labels: opts.labels ?? {},
      ownerReferences: (opts.owners ?? []).map((o) => ({ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: o.uid, controller: o.controller })),
    },
    spec: opts.node ? { nodeName: opts.node } : {},
  };
}

const names = (objs: readonly KubeObject[]): string[] => objs.map((o) => o.metadata!.name!).sort();

test("the default indexes find objects by namespace, controller, any owner and node", () => {
  const indexer = new Indexer<Stored<Pod>>();
  indexer.upsert(pod("a", { ns: "x", node: "n1", owners: [{ uid: "sts", controller: true }] }));
  indexer.upsert(pod("b", { ns: "x", owners: [{ uid: "sts" }, { uid: "other", controller: true }] }));
  indexer.upsert(pod("c", { ns: "y", node: "n1" }));
  const cases: Array<{ name: string; index: string; value: string; expect: string[] }> = [
    { name: "namespace x holds a and b", index: indexNames.namespace, value: "x", expect: ["a", "b"] },
    { name: "only a is controlled by sts", index: indexNames.controllerUID, value: "sts", expect: ["a"] },
    { name: "a and b both have sts among their owners", index: indexNames.ownerUID, value: "sts", expect: ["a", "b"] },
    { name: "b is controlled by other", index: indexNames.controllerUID, value: "other", expect: ["b"] },
    { name: "a and c are bound to n1", index: indexNames.nodeName, value: "n1", expect: ["a", "c"] },
    { name: "an unknown value finds nothing", index: indexNames.namespace, value: "zzz", expect: [] },
  ];
  for (const c of cases) assert.deepEqual(names(indexer.byIndex(c.index, c.value)), c.expect, c.name);
});

test("updating an object moves it between index values and deleting removes it from all", () => {
  const indexer = new Indexer<Stored<Pod>>();
  indexer.upsert(pod("a", { node: "n1" }));
  indexer.upsert(pod("a", { node: "n2", rv: "2" }));
  assert.deepEqual(names(indexer.byIndex(indexNames.nodeName, "n1")), []);
  assert.deepEqual(names(indexer.byIndex(indexNames.nodeName, "n2")), ["a"]);
  indexer.delete("default/a");
  assert.deepEqual(names(indexer.byIndex(indexNames.nodeName, "n2")), []);
  assert.deepEqual(indexer.keys(), []);
});

test("cached objects are frozen deep, so a reader cannot change what others see", () => {
  const indexer = new Indexer<Stored<Pod>>();
  indexer.upsert(pod("a", { labels: { app: "web" } }));
  const cached = indexer.get("default/a")!;
  assert.throws(() => { cached.metadata.labels!.app = "changed"; }, TypeError);
  assert.throws(() => { cached.metadata.name = "b"; }, TypeError);
  const copy = structuredClone(cached);
  copy.metadata.labels!.app = "changed";
  assert.equal(indexer.get("default/a")!.metadata.labels!.app, "web");
});

test("replace reports what a relist added, changed and removed", () => {
  const indexer = new Indexer<Stored<Pod>>();
  indexer.upsert(pod("same", { rv: "5" }));
  indexer.upsert(pod("changed", { rv: "6" }));
  indexer.upsert(pod("gone", { rv: "7" }));
  const result = indexer.replace([pod("same", { rv: "5" }), pod("changed", { rv: "9" }), pod("new", { rv: "10" })]);
  assert.deepEqual(names(result.added), ["new"]);
  assert.deepEqual(result.updated.map((u) => [u.old.metadata.resourceVersion, u.obj.metadata.resourceVersion]), [["6", "9"]]);
  assert.deepEqual(names(result.deleted), ["gone"]);
  assert.deepEqual(indexer.keys().sort(), ["default/changed", "default/new", "default/same"]);
});

test("a custom index added later covers objects already cached", () => {
  const indexer = new Indexer<Stored<Pod>>();
  indexer.upsert(pod("a", { labels: { app: "web" } }));
  indexer.addIndexers({ app: (o) => (o.metadata?.labels?.app ? [o.metadata.labels.app] : []) });
  indexer.upsert(pod("b", { labels: { app: "web" } }));
  assert.deepEqual(names(indexer.byIndex("app", "web")), ["a", "b"]);
  assert.throws(() => indexer.byIndex("missing", "x"), /index missing does not exist/);
});

test("the lister gets by namespace and name and filters lists by namespace, labels and predicate", () => {
  const indexer = new Indexer<Stored<Pod>>();
  indexer.upsert(pod("a", { ns: "x", labels: { app: "web", tier: "1" } }));
  indexer.upsert(pod("b", { ns: "x", labels: { app: "db" } }));
  indexer.upsert(pod("c", { ns: "y", labels: { app: "web" } }));
  const lister = new Lister<Pod>(indexer);
  assert.equal(lister.get("x", "a")?.metadata.uid, "uid-a");
  assert.equal(lister.get("y", "a"), undefined);
  const cases: Array<{ name: string; filter: Parameters<Lister<Pod>["list"]>[0]; expect: string[] }> = [
    { name: "everything", filter: {}, expect: ["a", "b", "c"] },
    { name: "one namespace", filter: { namespace: "x" }, expect: ["a", "b"] },
    { name: "by label across namespaces", filter: { labels: { app: "web" } }, expect: ["a", "c"] },
    { name: "namespace and labels together", filter: { namespace: "x", labels: { app: "web", tier: "1" } }, expect: ["a"] },
    { name: "with a predicate", filter: { where: (o) => o.metadata.name !== "a" }, expect: ["b", "c"] },
  ];
  for (const c of cases) assert.deepEqual(names(lister.list(c.filter)), c.expect, c.name);
});

test("a cluster-scoped object is keyed by its name alone", () => {
  const indexer = new Indexer<Stored<Pod>>();
  const node: Stored<Pod> = { ...pod("n1"), kind: "Node", metadata: { ...pod("n1").metadata, namespace: undefined } };
  indexer.upsert(node);
  assert.equal(new Lister<Pod>(indexer).get(undefined, "n1")?.kind, "Node");
});
