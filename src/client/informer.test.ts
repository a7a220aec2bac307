import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import type { Stored } from "../api/object.js";
import { refs } from "../api/refs.js";
import { apiErrors } from "../api/status.js";
import { Informer } from "./informer.js";
import { InformerFactory } from "./informer-factory.js";
import { FaultyClient } from "./testing/faulty-client.js";
import { openTestCluster, type TestCluster } from "./testing/test-cluster.js";

const ns = "default";

function configMap(name: string, data: Record<string, string> = {}): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data };
}

/** Records handler calls as short lines: "add a", "update a 1→2", "delete b (unknown)". */
function recorder(): { log: string[]; handler: Parameters<Informer<ConfigMap>["addEventHandler"]>[0] } {
  const log: string[] = [];
  const v = (o: Stored<ConfigMap>): string => o.data?.v ?? "-";
  return {
    log,
    handler: {
      onAdd: (o) => log.push(`add ${o.metadata.name}`),
      onUpdate: (old, o) => log.push(`update ${o.metadata.name} ${v(old)}→${v(o)}`),
      onDelete: (o, info) => log.push(`delete ${o.metadata.name}${info.finalStateUnknown ? " (unknown)" : ""}`),
    },
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

async function withCluster(fn: (c: TestCluster, client: FaultyClient) => Promise<void>): Promise<void> {
  const cluster = await openTestCluster();
  try {
    await fn(cluster, new FaultyClient(cluster.client));
  } finally {
    await cluster.close();
  }
}

test("an informer lists, syncs, then follows adds, updates and deletes in its cache and handlers", () =>
  withCluster(async ({ clock, client: real }, client) => {
    await real.create(refs.configMaps, configMap("a", { v: "1" }));
    const informer = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    assert.equal(informer.hasSynced(), false);
    informer.run();
    assert.equal(await informer.waitForSync(), true);
    assert.deepEqual(log, ["add a"]);

    await real.create(refs.configMaps, configMap("b", { v: "1" }));
    const a = await real.get<ConfigMap>(refs.configMaps, ns, "a");
    await real.update(refs.configMaps, { ...a, data: { v: "2" } });
    await real.delete(refs.configMaps, ns, "b");
    await until(() => log.length === 4, "three events");
    assert.deepEqual(log, ["add a", "add b", "update a 1→2", "delete b"]);
    assert.deepEqual(informer.lister.list().map((o) => o.metadata.name), ["a"]);
    assert.equal(informer.lister.get(ns, "a")?.data?.v, "2");
    assert.equal(client.calls.filter((c) => c === "list configmaps").length, 1, "one list, then only the watch");
    informer.stop();
  }));

test("a handler added after the sync is told of every cached object first", () =>
  withCluster(async ({ clock, client: real }, client) => {
    await real.create(refs.configMaps, configMap("a"));
    await real.create(refs.configMaps, configMap("b"));
    const informer = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns });
    informer.run();
    await informer.waitForSync();
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    assert.deepEqual(log.sort(), ["add a", "add b"]);
    informer.stop();
  }));

test("a watch that ends is resumed from the last resourceVersion, missing nothing and relisting nothing", () =>
  withCluster(async ({ clock, client: real }, client) => {
    const informer = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.run();
    await informer.waitForSync();
    client.cutWatches();
    await real.create(refs.configMaps, configMap("made-while-cut"));
    client.resume();
    await until(() => log.length === 1, "the event from the gap");
    assert.deepEqual(log, ["add made-while-cut"]);
    assert.equal(client.calls.filter((c) => c === "list configmaps").length, 1);
    informer.stop();
  }));

test("after compaction the informer relists and delivers the difference as adds, updates and deletes", () =>
  withCluster(async ({ clock, client: real, compact }, client) => {
    await real.create(refs.configMaps, configMap("same", { v: "1" }));
    await real.create(refs.configMaps, configMap("changed", { v: "1" }));
    await real.create(refs.configMaps, configMap("removed", { v: "1" }));
    const informer = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns });
    const { log, handler } = recorder();
    informer.run();
    await informer.waitForSync();
    informer.addEventHandler(handler);
    log.length = 0;

    client.cutWatches();
    const changed = await real.get<ConfigMap>(refs.configMaps, ns, "changed");
    await real.update(refs.configMaps, { ...changed, data: { v: "2" } });
    await real.delete(refs.configMaps, ns, "removed");
    await real.create(refs.configMaps, configMap("added", { v: "1" }));
    await compact();
    client.resume();

    await until(() => log.length === 3, "the relist's difference");
    assert.deepEqual(log.sort(), ["add added", "delete removed (unknown)", "update changed 1→2"]);
    assert.equal(client.calls.filter((c) => c === "list configmaps").length, 2, "relisted once");
    assert.deepEqual(informer.lister.list().map((o) => o.metadata.name).sort(), ["added", "changed", "same"]);
    await real.create(refs.configMaps, configMap("after"));
    await until(() => log.length === 4, "watching again after the relist");
    informer.stop();
  }));

test("an ERROR event with a 410 Status makes the informer relist", () =>
  withCluster(async ({ clock, client: real }, client) => {
    const informer = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns });
    informer.run();
    await informer.waitForSync();
    await until(() => client.openWatches() === 1, "the watch");
    client.injectError(apiErrors.resourceExpired("too old resource version: 1 (5)").status);
    await until(() => client.calls.filter((c) => c === "list configmaps").length === 2, "a second list");
    await real.create(refs.configMaps, configMap("x"));
    await until(() => informer.lister.get(ns, "x") !== undefined, "x through the new watch");
    informer.stop();
  }));

test("a failed list is retried after the reflector's back-off on the clock", () =>
  withCluster(async ({ clock }, client) => {
    const errors: unknown[] = [];
    client.failNext("list", new Error("connection refused"), new Error("connection refused"));
    const informer = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns, onError: (e) => errors.push(e) });
    informer.run();
    await until(() => errors.length === 1, "the first failure");
    await clock.advance(799);
    assert.equal(informer.hasSynced(), false);
    await clock.advance(1);
    await until(() => errors.length === 2, "the second failure");
    await clock.advance(1600);
    assert.equal(await informer.waitForSync(), true);
    assert.equal(client.calls.filter((c) => c === "list configmaps").length, 3);
    informer.stop();
  }));

test("stop ends the watch, calls no handler afterwards and wakes waitForSync with false", () =>
  withCluster(async ({ clock, client: real }, client) => {
    const informer = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.run();
    await informer.waitForSync();
    informer.stop();
    await until(() => client.openWatches() === 0, "the watch to close");
    await real.create(refs.configMaps, configMap("late"));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(log, []);

    const never = new Informer<ConfigMap>(client, refs.configMaps, { clock, namespace: ns });
    client.failNext("list", new Error("down"));
    never.run();
    const waiting = never.waitForSync();
    never.stop();
    assert.equal(await waiting, false);
  }));

test("the factory shares one informer, so one list and one watch, per resource", () =>
  withCluster(async ({ clock, client: real }, client) => {
    await real.create(refs.configMaps, configMap("a"));
    const factory = new InformerFactory(client, { clock });
    const first = factory.informerFor<ConfigMap>(refs.configMaps);
    const second = factory.informerFor<ConfigMap>(refs.configMaps);
    assert.equal(first, second);
    factory.start();
    const late = factory.informerFor(refs.namespaces);
    assert.equal(await factory.waitForSync(), true);
    assert.ok(late.hasSynced(), "an informer asked for after start starts too");
    assert.deepEqual(client.calls.filter((c) => c.startsWith("list")).sort(), ["list configmaps", "list namespaces"]);
    await until(() => client.openWatches() === 2, "two watches");
    factory.stop();
  }));
