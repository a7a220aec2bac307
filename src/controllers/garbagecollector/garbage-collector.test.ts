import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import type { KubeObject, OwnerReference, Stored } from "../../api/object.js";
import type { ResourceRef } from "../../api/options.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { GarbageCollector } from "./garbage-collector.js";

const ns = "default";

async function withCollector(fn: (c: TestCluster) => Promise<void>): Promise<void> {
  const cluster = await openTestCluster();
  const errors: unknown[] = [];
  const factory = new InformerFactory(cluster.client, { clock: cluster.clock, onError: (e) => errors.push(e) });
  const gc = new GarbageCollector({ client: cluster.client, factory, resources: cluster.resources, clock: cluster.clock, onError: (_k, e) => errors.push(e) });
  factory.start();
  assert.equal(await gc.start(), true);
  try {
    await fn(cluster);
    assert.deepEqual(errors, [], "no reconcile or informer failed");
  } finally {
    await gc.stop();
    factory.stop();
    await cluster.close();
  }
}

const ownerRef = (owner: Stored, opts: { block?: boolean; controller?: boolean } = {}): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid,
  ...(opts.controller ? { controller: true } : {}),
  ...(opts.block === undefined ? {} : { blockOwnerDeletion: opts.block }),
});

function configMap(name: string, owners: OwnerReference[] = [], finalizers: string[] = []): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns, ownerReferences: owners, finalizers }, data: {} };
}

async function getOrUndefined<T extends KubeObject>(client: Client, r: ResourceRef, name: string): Promise<Stored<T> | undefined> {
  try {
    return await client.get<T>(r, ns, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Moves virtual time in small steps (so back-offs can fire) until cond holds. */
async function eventually(c: TestCluster, cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await cond()) return;
    await c.clock.advance(50);
  }
  assert.fail(`never happened: ${what}`);
}

const gone = (c: TestCluster, r: ResourceRef, name: string) => async (): Promise<boolean> => (await getOrUndefined(c.client, r, name)) === undefined;

test("background: deleting an owner deletes its dependents of every kind", () =>
  withCollector(async (c) => {
    const owner = await c.client.create(refs.configMaps, configMap("owner"));
    await c.client.create(refs.configMaps, configMap("child-cm", [ownerRef(owner, { controller: true })]));
    const secret: Secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "child-secret", namespace: ns, ownerReferences: [ownerRef(owner)] } };
    await c.client.create(refs.secrets, secret);
    await c.client.create(refs.configMaps, configMap("unrelated"));
    await c.client.delete(refs.configMaps, ns, "owner", { propagationPolicy: "Background" });
    await eventually(c, gone(c, refs.configMaps, "child-cm"), "child-cm deleted");
    await eventually(c, gone(c, refs.secrets, "child-secret"), "child-secret deleted");
    assert.ok(await getOrUndefined(c.client, refs.configMaps, "unrelated"));
  }));

test("a dependent that keeps another owner only loses the reference to the one gone", () =>
  withCollector(async (c) => {
    const a = await c.client.create(refs.configMaps, configMap("owner-a"));
    const b = await c.client.create(refs.configMaps, configMap("owner-b"));
    await c.client.create(refs.configMaps, configMap("shared", [ownerRef(a), ownerRef(b)]));
    await c.client.delete(refs.configMaps, ns, "owner-a");
    await eventually(c, async () => (await getOrUndefined(c.client, refs.configMaps, "shared"))?.metadata.ownerReferences?.length === 1, "one reference left");
    const shared = await c.client.get(refs.configMaps, ns, "shared");
    assert.deepEqual(shared.metadata.ownerReferences?.map((r) => r.name), ["owner-b"]);
  }));

test("a dependent created for an owner that no longer exists (same name, other UID) is collected", () =>
  withCollector(async (c) => {
    const old = await c.client.create(refs.configMaps, configMap("owner"));
    await c.client.delete(refs.configMaps, ns, "owner");
    await c.client.create(refs.configMaps, configMap("owner"));
    await c.client.create(refs.configMaps, configMap("stale-child", [ownerRef(old)]));
    await eventually(c, gone(c, refs.configMaps, "stale-child"), "stale-child deleted");
    assert.ok(await getOrUndefined(c.client, refs.configMaps, "owner"), "the new owner stays");
  }));

test("a dependent whose owner kind is not served is left alone", () =>
  withCollector(async (c) => {
    const ref: OwnerReference = { apiVersion: "example.com/v1", kind: "Widget", name: "w", uid: "1234" };
    await c.client.create(refs.configMaps, configMap("widget-child", [ref]));
    await c.clock.advance(1000);
    assert.ok(await getOrUndefined(c.client, refs.configMaps, "widget-child"));
  }));

test("orphan: dependents lose the owner's reference and stay, then the owner goes", () =>
  withCollector(async (c) => {
    const owner = await c.client.create(refs.configMaps, configMap("owner"));
    const other = await c.client.create(refs.configMaps, configMap("other-owner"));
    await c.client.create(refs.configMaps, configMap("child-1", [ownerRef(owner, { controller: true })]));
    await c.client.create(refs.configMaps, configMap("child-2", [ownerRef(owner), ownerRef(other)]));
    const result = await c.client.delete(refs.configMaps, ns, "owner", { propagationPolicy: "Orphan" });
    assert.equal(result.deleted, false, "the orphan finalizer holds the owner at first");
    await eventually(c, gone(c, refs.configMaps, "owner"), "owner deleted");
    const child1 = await c.client.get(refs.configMaps, ns, "child-1");
    const child2 = await c.client.get(refs.configMaps, ns, "child-2");
    assert.equal(child1.metadata.ownerReferences, undefined);
    assert.deepEqual(child2.metadata.ownerReferences?.map((r) => r.name), ["other-owner"]);
  }));

test("foreground: the owner stays until its blocking dependents are gone, non-blocking ones go too", () =>
  withCollector(async (c) => {
    const hold = "example.com/hold";
    const owner = await c.client.create(refs.configMaps, configMap("owner"));
    await c.client.create(refs.configMaps, configMap("blocking", [ownerRef(owner, { block: true })], [hold]));
    await c.client.create(refs.configMaps, configMap("non-blocking", [ownerRef(owner, { block: false })]));
    await c.client.delete(refs.configMaps, ns, "owner", { propagationPolicy: "Foreground" });
    await eventually(c, gone(c, refs.configMaps, "non-blocking"), "non-blocking deleted");
    await eventually(c, async () => !!(await getOrUndefined(c.client, refs.configMaps, "blocking"))?.metadata.deletionTimestamp, "blocking being deleted");
    await c.clock.advance(1000);
    const waiting = await getOrUndefined(c.client, refs.configMaps, "owner");
    assert.ok(waiting, "the owner waits for its blocking dependent");
    assert.deepEqual(waiting.metadata.finalizers, ["foregroundDeletion"]);

    const blocking = await c.client.get(refs.configMaps, ns, "blocking");
    await c.client.update(refs.configMaps, { ...blocking, metadata: { ...blocking.metadata, finalizers: [] } });
    await eventually(c, gone(c, refs.configMaps, "blocking"), "blocking deleted");
    await eventually(c, gone(c, refs.configMaps, "owner"), "owner deleted after its dependents");
  }));

test("foreground cascades through a chain: grandchildren go before children, children before the owner", () =>
  withCollector(async (c) => {
    const order: string[] = [];
    const watch = await c.client.watch(refs.configMaps, ns, { resourceVersion: "0" }, (e) => {
      if (e.type === "DELETED") order.push((e.object as Stored).metadata.name);
    });
    const owner = await c.client.create(refs.configMaps, configMap("owner"));
    const child = await c.client.create(refs.configMaps, configMap("child", [ownerRef(owner, { block: true })]));
    await c.client.create(refs.configMaps, configMap("grandchild", [ownerRef(child, { block: true })]));
    await c.client.delete(refs.configMaps, ns, "owner", { propagationPolicy: "Foreground" });
    await eventually(c, gone(c, refs.configMaps, "owner"), "owner deleted");
    assert.deepEqual(order, ["grandchild", "child", "owner"]);
    watch.stop();
  }));

test("pods of a deleted Job-like owner are collected, an unscheduled pod going at once", () =>
  withCollector(async (c) => {
    const owner = await c.client.create(refs.configMaps, configMap("owner"));
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "worker", namespace: ns, ownerReferences: [ownerRef(owner, { controller: true, block: true })] },
      spec: { containers: [{ name: "main", image: "busybox", command: ["sleep", "10"] }] },
    };
    await c.client.create(refs.pods, pod);
    await c.client.delete(refs.configMaps, ns, "owner");
    await eventually(c, gone(c, refs.pods, "worker"), "the pod deleted");
  }));
