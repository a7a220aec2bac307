import assert from "node:assert/strict";
import { test } from "node:test";
import { refs } from "../../api/refs.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { ItemExponentialFailureRateLimiter } from "../../client/rate-limiter.js";
import { openTestCluster } from "../../client/testing/test-cluster.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { Controller, type ReconcileResult } from "./controller.js";
import { controllerOwnerKeys, newControllerRef, ownKey } from "./owner-keys.js";

const start = Date.UTC(2026, 0, 1);

function newController(reconcile: (key: string) => Promise<ReconcileResult | void>, workers = 1): { clock: VirtualClock; controller: Controller } {
  const clock = new VirtualClock(start);
  const controller = new Controller({
    name: "test-controller",
    clock,
    workers,
    reconcile,
    rateLimiter: new ItemExponentialFailureRateLimiter<string>(100, 1000),
    onError: () => {},
  });
  return { clock, controller };
}

test("a failing key is retried with growing back-off, and success clears the back-off", async () => {
  const runs: number[] = [];
  let failuresLeft = 3;
  const { clock, controller } = newController(async () => {
    runs.push(clock.now() - start);
    if (failuresLeft-- > 0) throw new Error("not yet");
  });
  await controller.start();
  controller.enqueue("ns/a");
  await clock.advance(10_000);
  assert.deepEqual(runs, [0, 100, 300, 700]);
  assert.equal(controller.queue.numRequeues("ns/a"), 0);
  await controller.stop();
});

test("requeueAfter looks at the key again later on the clock", async () => {
  const runs: number[] = [];
  const { clock, controller } = newController(async () => {
    runs.push(clock.now() - start);
    return runs.length < 3 ? { requeueAfterMs: 60_000 } : undefined;
  });
  await controller.start();
  controller.enqueue("ns/cron");
  await clock.advance(10 * 60_000);
  assert.deepEqual(runs, [0, 60_000, 120_000]);
  await controller.stop();
});

test("with several workers a key is never reconciled twice at once, and an event during its reconcile runs it again after", async () => {
  const active = new Set<string>();
  const log: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => { release = r; });
  let overlap = false;
  const { controller } = newController(async (key) => {
    if (active.has(key)) overlap = true;
    active.add(key);
    log.push(key);
    if (key === "ns/a" && log.filter((k) => k === "ns/a").length === 1) await gate;
    active.delete(key);
  }, 4);
  await controller.start();
  controller.enqueue("ns/a");
  await new Promise((r) => setImmediate(r));
  controller.enqueue("ns/a");
  controller.enqueue("ns/a");
  controller.enqueue("ns/b");
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ["ns/a", "ns/b"], "b runs beside a; the second a waits");
  release();
  while (log.length < 3) await new Promise((r) => setImmediate(r));
  await controller.stop();
  assert.deepEqual(log, ["ns/a", "ns/b", "ns/a"]);
  assert.equal(overlap, false);
});

test("stop waits for reconciles in progress and starts no new ones", async () => {
  const log: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => { release = r; });
  const { controller } = newController(async (key) => {
    log.push(`start ${key}`);
    await gate;
    log.push(`end ${key}`);
  });
  await controller.start();
  controller.enqueue("a");
  controller.enqueue("b");
  await new Promise((r) => setImmediate(r));
  const stopping = controller.stop().then(() => log.push("stopped"));
  release();
  await stopping;
  assert.deepEqual(log, ["start a", "end a", "stopped"]);
});

test("informer events become owner keys: a dependent moving to another owner wakes both owners", async () => {
  const c = await openTestCluster();
  const factory = new InformerFactory(c.client, { clock: c.clock });
  const reconciled: string[] = [];
  const controller = new Controller({ name: "test", clock: c.clock, reconcile: async (key) => { reconciled.push(key); } });
  const owners = factory.informerFor(refs.secrets);
  const dependents = factory.informerFor(refs.configMaps);
  controller.watch(owners, ownKey);
  controller.watch(dependents, controllerOwnerKeys({ group: "", kind: "Secret", lister: owners.lister }));
  factory.start();
  assert.equal(await controller.start(), true);
  try {
    const a = await c.client.create(refs.secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "a", namespace: "default" } });
    const b = await c.client.create(refs.secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "b", namespace: "default" } });
    await c.clock.advance(1);
    reconciled.length = 0;
    const dep = await c.client.create(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "d", namespace: "default", ownerReferences: [newControllerRef(a)] } });
    await c.clock.advance(1);
    assert.deepEqual(reconciled, ["default/a"]);
    reconciled.length = 0;
    await c.client.update(refs.configMaps, { ...dep, metadata: { ...dep.metadata, ownerReferences: [newControllerRef(b)] } });
    await c.clock.advance(1);
    assert.deepEqual(reconciled.sort(), ["default/a", "default/b"]);
  } finally {
    await controller.stop();
    factory.stop();
    await c.close();
  }
});
