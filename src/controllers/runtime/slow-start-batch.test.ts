import assert from "node:assert/strict";
import { test } from "node:test";
import { slowStartBatch } from "./slow-start-batch.js";

test("slow start runs batches of 1, 2, 4… and stops after the first batch with a failure", async () => {
  const cases: Array<{ name: string; count: number; failAt: number[]; expect: { batches: number[][]; successes: number; attempted: number; failed: boolean } }> = [
    { name: "nothing to do makes no call", count: 0, failAt: [], expect: { batches: [], successes: 0, attempted: 0, failed: false } },
    { name: "seven calls run as 1, 2, 4", count: 7, failAt: [], expect: { batches: [[0], [1, 2], [3, 4, 5, 6]], successes: 7, attempted: 7, failed: false } },
    { name: "five calls run as 1, 2, 2", count: 5, failAt: [], expect: { batches: [[0], [1, 2], [3, 4]], successes: 5, attempted: 5, failed: false } },
    { name: "a first call that fails costs one request", count: 10, failAt: [0], expect: { batches: [[0]], successes: 0, attempted: 1, failed: true } },
    { name: "a failure in the second batch lets its sibling finish and stops there", count: 10, failAt: [2], expect: { batches: [[0], [1, 2]], successes: 2, attempted: 3, failed: true } },
  ];
  for (const c of cases) {
    // A call starting while none is in flight opens a new batch; calls of one batch overlap.
    const batches: number[][] = [];
    let inFlight = 0;
    const result = await slowStartBatch(c.count, async (i) => {
      if (inFlight === 0) batches.push([]);
      batches.at(-1)!.push(i);
      inFlight++;
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (c.failAt.includes(i)) throw new Error(`call ${i} failed`);
    });
    assert.deepEqual(batches, c.expect.batches, c.name);
    assert.equal(result.successes, c.expect.successes, c.name);
    assert.equal(result.attempted, c.expect.attempted, c.name);
    assert.equal(result.error !== undefined, c.expect.failed, c.name);
  }
});
