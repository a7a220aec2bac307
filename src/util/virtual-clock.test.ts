import assert from "node:assert/strict";
import { test } from "node:test";
import { VirtualClock } from "./virtual-clock.js";

const start = Date.UTC(2026, 0, 1);

test("time stands still until advanced", async () => {
  const clock = new VirtualClock(start);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(clock.now(), start);
  await clock.advance(1500);
  assert.equal(clock.now(), start + 1500);
});

test("timers fire in due order, equal due times in creation order, each at its own instant", async () => {
  const clock = new VirtualClock(start);
  const fired: Array<[string, number]> = [];
  clock.setTimeout(() => fired.push(["c", clock.now() - start]), 300);
  clock.setTimeout(() => fired.push(["a", clock.now() - start]), 100);
  clock.setTimeout(() => fired.push(["b", clock.now() - start]), 100);
  await clock.advance(1000);
  assert.deepEqual(fired, [["a", 100], ["b", 100], ["c", 300]]);
});

test("a cancelled timer never fires and timers past the target wait", async () => {
  const clock = new VirtualClock(start);
  let fired = 0;
  clock.setTimeout(() => fired++, 50).cancel();
  clock.setTimeout(() => fired++, 5000);
  await clock.advance(1000);
  assert.equal(fired, 0);
  assert.equal(clock.pendingTimers(), 1);
  await clock.advance(4000);
  assert.equal(fired, 1);
});

test("timers set by a firing timer within the window fire in the same advance", async () => {
  const clock = new VirtualClock(start);
  const ticks: number[] = [];
  const tick = (): void => {
    ticks.push(clock.now() - start);
    clock.setTimeout(tick, 60_000);
  };
  clock.setTimeout(tick, 60_000);
  await clock.advance(5 * 60_000);
  assert.deepEqual(ticks, [60_000, 120_000, 180_000, 240_000, 300_000]);
});

test("advance waits for busy work started by a timer before moving to the next timer", async () => {
  const clock = new VirtualClock(start);
  const log: string[] = [];
  clock.setTimeout(() => {
    const release = clock.busy();
    setTimeout(() => {
      log.push(`work done at ${clock.now() - start}`);
      release();
    }, 20);
  }, 10);
  clock.setTimeout(() => log.push(`second timer at ${clock.now() - start}`), 20);
  await clock.advance(100);
  assert.deepEqual(log, ["work done at 10", "second timer at 20"]);
});

test("sleep resolves when the clock passes its due time", async () => {
  const clock = new VirtualClock(start);
  let woke = false;
  const sleeping = clock.sleep(2000).then(() => { woke = true; });
  await clock.advance(1999);
  assert.equal(woke, false);
  await clock.advance(1);
  await sleeping;
  assert.equal(woke, true);
});
