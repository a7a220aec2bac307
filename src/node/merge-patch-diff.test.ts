import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonEqual, mergePatchDiff } from "./merge-patch-diff.js";

const cases: Array<[string, unknown, unknown, unknown]> = [
  ["equal values give no patch", { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }, undefined],
  ["a changed leaf is set", { phase: "Pending" }, { phase: "Running" }, { phase: "Running" }],
  ["a changed list is replaced whole", { l: [1, 2] }, { l: [1] }, { l: [1] }],
  ["a state changing from waiting to running nulls waiting", { state: { waiting: { reason: "X" } } }, { state: { running: { startedAt: "t" } } }, { state: { running: { startedAt: "t" }, waiting: null } }],
  ["a removed key is nulled", { reason: "r", phase: "Failed" }, { phase: "Failed" }, { reason: null }],
];

for (const [name, before, after, want] of cases) test(name, () => assert.deepEqual(mergePatchDiff(before, after), want));

test("jsonEqual ignores key order and undefined members but not list order", () => {
  assert.ok(jsonEqual({ a: 1, b: undefined }, { a: 1 }));
  assert.ok(!jsonEqual([1, 2], [2, 1]));
});
