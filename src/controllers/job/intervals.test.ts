import assert from "node:assert/strict";
import { test } from "node:test";
import { formatIntervals, hasIndex, mergeIntervals, parseIntervals, totalIndexes, withIndexes } from "./intervals.js";

const cases: Array<{ name: string; text: string; completions: number; formatted: string; total: number }> = [
  { name: "runs of three or more are written first-last", text: "1,3-5,7", completions: 10, formatted: "1,3-5,7", total: 5 },
  { name: "two consecutive indexes are written apart", text: "3-4", completions: 10, formatted: "3,4", total: 2 },
  { name: "adjacent runs are joined", text: "0,1,2-3", completions: 10, formatted: "0-3", total: 4 },
  { name: "indexes at or past completions are dropped (after a scale down)", text: "1,4-9", completions: 6, formatted: "1,4,5", total: 3 },
  { name: "a corrupted part is skipped", text: "1,x,3", completions: 10, formatted: "1,3", total: 2 },
  { name: "the empty list is empty", text: "", completions: 10, formatted: "", total: 0 },
];

for (const c of cases) {
  test(`parse and format: ${c.name}`, () => {
    const parsed = parseIntervals(c.text, c.completions);
    assert.equal(formatIntervals(parsed), c.formatted);
    assert.equal(totalIndexes(parsed), c.total);
  });
}

test("adding indexes merges them into the runs they touch", () => {
  assert.equal(formatIntervals(withIndexes(parseIntervals("0-2,6", 10), [3, 5, 8])), "0-3,5,6,8");
  assert.equal(formatIntervals(withIndexes([], [4, 4, 4])), "4");
});

test("merging two lists keeps them ordered and joined", () => {
  assert.equal(formatIntervals(mergeIntervals(parseIntervals("0,5-7", 10), parseIntervals("1-3,8", 10))), "0-3,5-8");
});

test("membership is found by binary search over the runs", () => {
  const iv = parseIntervals("1,3-5,9", 10);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 9, 10].map((i) => hasIndex(iv, i)), [false, true, false, true, true, true, false, true, false]);
  assert.equal(hasIndex(undefined, 1), false);
});
