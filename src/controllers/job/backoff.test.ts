import assert from "node:assert/strict";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import { finishedTime, nextBackoffRecord, noBackoff, remainingBackoffMs } from "./backoff.js";

const t = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString().replace(".000", "");
const at = (s: number) => Date.parse(t(s));

function finishedAt(s: number): Pod {
  return { metadata: { creationTimestamp: t(0) }, status: { containerStatuses: [{ name: "c", image: "", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: t(s) } } }] } };
}

test("the delay doubles from 10 s per failure and stops at the cap", () => {
  const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => remainingBackoffMs({ failuresAfterLastSuccess: n, lastFailureTime: 0 }, 0));
  assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
});

test("time passed since the last failure is taken off, never below 0", () => {
  const two = { failuresAfterLastSuccess: 2, lastFailureTime: 0 };
  assert.equal(remainingBackoffMs(two, 15_000), 5_000);
  assert.equal(remainingBackoffMs(two, 25_000), 0);
  assert.equal(remainingBackoffMs(noBackoff, 0), 0);
});

test("failures add up; a later success resets the count to the failures after it", () => {
  const two = nextBackoffRecord(noBackoff, { succeeded: [], failed: [finishedAt(5), finishedAt(3)] });
  assert.deepEqual(two, { failuresAfterLastSuccess: 2, lastFailureTime: at(5) });
  const reset = nextBackoffRecord(two, { succeeded: [finishedAt(10)], failed: [finishedAt(8), finishedAt(12)] });
  assert.deepEqual(reset, { failuresAfterLastSuccess: 1, lastFailureTime: at(12) });
  assert.deepEqual(nextBackoffRecord(two, { succeeded: [finishedAt(10)], failed: [] }), { failuresAfterLastSuccess: 0 });
});

test("a pod's finish time comes from its containers, then Ready=False, then deletion less grace", () => {
  assert.equal(finishedTime(finishedAt(7)), at(7));
  assert.equal(finishedTime({ metadata: { creationTimestamp: t(0) }, status: { conditions: [{ type: "Ready", status: "False", lastTransitionTime: t(4) }] } }), at(4));
  assert.equal(finishedTime({ metadata: { creationTimestamp: t(0), deletionTimestamp: t(40), deletionGracePeriodSeconds: 30 } }), at(10));
  assert.equal(finishedTime({ metadata: { creationTimestamp: t(2) } }), at(2));
});
