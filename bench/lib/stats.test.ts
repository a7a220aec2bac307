import assert from "node:assert/strict";
import { test } from "node:test";
import { median, percentile, round, summarize } from "./stats.js";

const cases: Array<{ name: string; actual: () => number; expected: number }> = [
  { name: "the median of an odd count is the middle sample", actual: () => median([5, 1, 3]), expected: 3 },
  { name: "the median of an even count is the mean of the middle two", actual: () => median([4, 1, 3, 2]), expected: 2.5 },
  { name: "p99 of 1..100 is 99", actual: () => percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), expected: 99 },
  { name: "p99 of few samples is the largest", actual: () => percentile([3, 9, 1], 99), expected: 9 },
  { name: "p0 is the smallest sample", actual: () => percentile([3, 9, 1], 0), expected: 1 },
  { name: "round keeps three significant digits", actual: () => round(12345.678), expected: 12300 },
  { name: "round keeps small values readable", actual: () => round(0.0123456), expected: 0.0123 },
];

for (const c of cases) test(c.name, () => assert.equal(c.actual(), c.expected));

test("summaries of nothing are NaN, not zero", () => {
  assert.ok(Number.isNaN(summarize([]).median));
  assert.equal(summarize([]).count, 0);
});

test("summaries of 300,000 samples (a long run's latencies) give their min and max", () => {
  const samples = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_000);
  const s = summarize(samples);
  assert.equal(s.min, 0);
  assert.equal(s.max, 299_999);
  assert.equal(s.count, 300_000);
});
