import assert from "node:assert/strict";
import { test } from "node:test";
import { VirtualClock } from "../util/virtual-clock.js";
import { ItemExponentialFailureRateLimiter } from "./rate-limiter.js";
import { WorkQueue } from "./work-queue.js";

const start = Date.UTC(2026, 0, 1);

function newQueue(clock = new VirtualClock(start)): { clock: VirtualClock; queue: WorkQueue<string> } {
  return { clock, queue: new WorkQueue<string>({ clock }) };
}

/** Takes every item queued now, in order, marking each done. */
async function drainNow(queue: WorkQueue<string>): Promise<string[]> {
  const out: string[] = [];
  while (queue.len() > 0) {
    const item = (await queue.get())!;
    out.push(item);
    queue.done(item);
  }
  return out;
}

test("queue de-duplication: adding an item already queued keeps one entry in first-add order", async () => {
  const cases: Array<{ name: string; adds: string[]; expect: string[] }> = [
    { name: "distinct items keep their order", adds: ["a", "b", "c"], expect: ["a", "b", "c"] },
    { name: "a repeated item is queued once at its first place", adds: ["a", "b", "a", "a"], expect: ["a", "b"] },
    { name: "nothing added, nothing queued", adds: [], expect: [] },
  ];
  for (const c of cases) {
    const { queue } = newQueue();
    for (const a of c.adds) queue.add(a);
    assert.deepEqual(await drainNow(queue), c.expect, c.name);
    queue.shutDown();
  }
});

test("a key re-added while a worker holds it is not handed out twice, and runs again after done", async () => {
  const { queue } = newQueue();
  queue.add("a");
  const first = await queue.get();
  assert.equal(first, "a");
  queue.add("a");
  queue.add("a");
  assert.equal(queue.len(), 0, "not queued while in flight");
  const second = queue.get();
  let handed: string | undefined;
  void second.then((v) => { handed = v; });
  await new Promise((r) => setImmediate(r));
  assert.equal(handed, undefined, "no second worker gets it");
  queue.done("a");
  assert.equal(await second, "a");
  queue.done("a");
  assert.equal(queue.len(), 0, "ran once more, not twice");
  queue.shutDown();
});

test("a waiting get() receives the next item added", async () => {
  const { queue } = newQueue();
  const pending = queue.get();
  queue.add("x");
  assert.equal(await pending, "x");
  queue.done("x");
  queue.shutDown();
});

/** A worker that records each item it takes with the virtual time, until the queue shuts down. */
function recordingWorker(clock: VirtualClock, queue: WorkQueue<string>): { seen: string[]; stopped: Promise<void> } {
  const seen: string[] = [];
  const stopped = (async () => {
    for (;;) {
      const item = await queue.get();
      if (item === undefined) return;
      seen.push(`${item}@${clock.now() - start}`);
      queue.done(item);
    }
  })();
  return { seen, stopped };
}

test("addAfter queues the item only once its delay has passed on the clock, the earliest delay winning", async () => {
  const { clock, queue } = newQueue();
  const worker = recordingWorker(clock, queue);
  queue.addAfter("late", 1000);
  queue.addAfter("late", 5000);
  queue.addAfter("soon", 200);
  queue.addAfter("now", 0);
  await clock.advance(199);
  assert.deepEqual(worker.seen, ["now@0"]);
  await clock.advance(10_000);
  assert.deepEqual(worker.seen, ["now@0", "soon@200", "late@1000"], "the later delay of the same item was dropped");
  queue.shutDown();
  await worker.stopped;
});

test("addAfter with an earlier time replaces a later pending delay", async () => {
  const { clock, queue } = newQueue();
  const worker = recordingWorker(clock, queue);
  queue.addAfter("a", 5000);
  queue.addAfter("a", 100);
  await clock.advance(10_000);
  assert.deepEqual(worker.seen, ["a@100"]);
  queue.shutDown();
  await worker.stopped;
});

test("addRateLimited backs off per item until forget", async () => {
  const clock = new VirtualClock(start);
  const queue = new WorkQueue<string>({ clock, rateLimiter: new ItemExponentialFailureRateLimiter<string>(100, 10_000) });
  const worker = recordingWorker(clock, queue);
  const failAndWait = async (): Promise<void> => {
    queue.addRateLimited("a");
    await clock.advance(1000);
  };
  await failAndWait();
  await failAndWait();
  await failAndWait();
  assert.equal(queue.numRequeues("a"), 3);
  queue.forget("a");
  await failAndWait();
  assert.deepEqual(worker.seen, ["a@100", "a@1200", "a@2400", "a@3100"]);
  queue.shutDown();
  await worker.stopped;
});

test("shutDown wakes waiting getters, drops queued and delayed items, and ignores later adds", async () => {
  const { clock, queue } = newQueue();
  const waiting = queue.get();
  queue.shutDown();
  assert.equal(await waiting, undefined);

  const second = newQueue(clock).queue;
  second.add("a");
  second.addAfter("b", 100);
  second.shutDown();
  second.add("c");
  await clock.advance(1000);
  assert.equal(second.len(), 0);
  assert.equal(await second.get(), undefined);
});

test("drain resolves once the items handed out before shutDown are done", async () => {
  const { queue } = newQueue();
  queue.add("a");
  const item = (await queue.get())!;
  queue.shutDown();
  let drained = false;
  const draining = queue.drain().then(() => { drained = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(drained, false);
  queue.done(item);
  await draining;
  assert.equal(drained, true);
});

test("on a virtual clock, advance waits while an item is queued or in flight", async () => {
  const { clock, queue } = newQueue();
  const log: string[] = [];
  const worker = (async () => {
    for (;;) {
      const item = await queue.get();
      if (item === undefined) return;
      // Work that takes real time (several event-loop turns) but no virtual time.
      await new Promise((r) => setTimeout(r, 15));
      log.push(`${item} done at ${clock.now() - start}`);
      queue.done(item);
    }
  })();
  clock.setTimeout(() => queue.add("tick"), 100);
  clock.setTimeout(() => log.push(`next timer at ${clock.now() - start}`), 150);
  await clock.advance(1000);
  assert.deepEqual(log, ["tick done at 100", "next timer at 150"]);
  queue.shutDown();
  await worker;
});
