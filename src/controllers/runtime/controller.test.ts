import assert from "node:assert/strict";
import { test } from "node:test";
import { ItemExponentialFailureRateLimiter } from "../../client/rate-limiter.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { Controller, type ReconcileResult } from "./controller.js";

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
