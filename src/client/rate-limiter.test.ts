import assert from "node:assert/strict";
import { test } from "node:test";
import { VirtualClock } from "../util/virtual-clock.js";
import { BucketRateLimiter, defaultControllerRateLimiter, ItemExponentialFailureRateLimiter } from "./rate-limiter.js";

const start = Date.UTC(2026, 0, 1);

test("per-item back-off doubles from the base and stops at the cap", () => {
  const cases: Array<{ name: string; base: number; max: number; failures: number; expect: number[] }> = [
    { name: "5 ms doubling", base: 5, max: 1_000_000, failures: 5, expect: [5, 10, 20, 40, 80] },
    { name: "capped at max", base: 5, max: 30, failures: 5, expect: [5, 10, 20, 30, 30] },
    { name: "base above max gives max", base: 100, max: 50, failures: 2, expect: [50, 50] },
  ];
  for (const c of cases) {
    const limiter = new ItemExponentialFailureRateLimiter<string>(c.base, c.max);
    const got = Array.from({ length: c.failures }, () => limiter.when("a"));
    assert.deepEqual(got, c.expect, c.name);
    assert.equal(limiter.numRequeues("a"), c.failures, c.name);
  }
});

test("the per-item back-off never overflows after many failures", () => {
  const limiter = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
  let last = 0;
  for (let i = 0; i < 2000; i++) last = limiter.when("a");
  assert.equal(last, 1_000_000);
});

test("items back off independently and forget resets one item only", () => {
  const limiter = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
  limiter.when("a");
  limiter.when("a");
  assert.equal(limiter.when("b"), 5);
  limiter.forget("a");
  assert.equal(limiter.numRequeues("a"), 0);
  assert.equal(limiter.when("a"), 5);
  assert.equal(limiter.when("b"), 10);
});

test("the bucket lets a burst through, then spaces retries at its rate", async () => {
  const clock = new VirtualClock(start);
  const bucket = new BucketRateLimiter<string>({ qps: 10, burst: 3, clock });
  assert.deepEqual([bucket.when("a"), bucket.when("b"), bucket.when("c")], [0, 0, 0]);
  assert.ok(Math.abs(bucket.when("d") - 100) < 1e-6);
  assert.ok(Math.abs(bucket.when("e") - 200) < 1e-6);
  await clock.advance(1000);
  // 10 tokens refilled, minus the 2 borrowed, capped at the burst of 3.
  assert.deepEqual([bucket.when("f"), bucket.when("g"), bucket.when("h")], [0, 0, 0]);
});

test("the default controller limiter is the larger of per-item back-off and the overall bucket", () => {
  const clock = new VirtualClock(start);
  const limiter = defaultControllerRateLimiter<string>(clock);
  assert.equal(limiter.when("a"), 5);
  assert.equal(limiter.when("a"), 10);
  // 98 more distinct failures drain the 100-token bucket; the next waits for a token (100 ms at 10/s).
  for (let i = 0; i < 98; i++) limiter.when(`x${i}`);
  assert.ok(Math.abs(limiter.when("b") - 100) < 1e-6);
  assert.equal(limiter.numRequeues("a"), 2);
  limiter.forget("a");
  assert.equal(limiter.numRequeues("a"), 0);
});

test("the namespace controller's limiter caps per-item back-off at 60 s", () => {
  const clock = new VirtualClock(start);
  const limiter = defaultControllerRateLimiter<string>(clock, { maxDelayMs: 60_000 });
  let last = 0;
  for (let i = 0; i < 30; i++) last = limiter.when("ns");
  assert.equal(last, 60_000);
});
