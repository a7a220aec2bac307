import assert from "node:assert/strict";
import { test } from "node:test";
import type { SuccessPolicy } from "kubernetes-types/batch/v1.js";
import { parseIntervals } from "./intervals.js";
import { matchSuccessPolicy } from "./success-policy.js";

const cases: Array<{ name: string; policy: SuccessPolicy; succeeded: string; want: string | undefined }> = [
  { name: "all the named indexes succeeded", policy: { rules: [{ succeededIndexes: "0,2-3" }] }, succeeded: "0-3", want: "Matched rules at index 0" },
  { name: "one named index is missing", policy: { rules: [{ succeededIndexes: "0,2-3" }] }, succeeded: "0-2", want: undefined },
  { name: "a count among the named indexes", policy: { rules: [{ succeededIndexes: "1-4", succeededCount: 3 }] }, succeeded: "1,3,5,7", want: undefined },
  { name: "a count among the named indexes reached", policy: { rules: [{ succeededIndexes: "1-4", succeededCount: 2 }] }, succeeded: "1,3,5", want: "Matched rules at index 0" },
  { name: "a count of any indexes", policy: { rules: [{ succeededIndexes: "9" }, { succeededCount: 2 }] }, succeeded: "4,6", want: "Matched rules at index 1" },
  { name: "nothing succeeded yet", policy: { rules: [{ succeededCount: 0 }] }, succeeded: "", want: undefined },
];

for (const c of cases) {
  test(c.name, () => assert.equal(matchSuccessPolicy(c.policy, { completions: 10, succeeded: parseIntervals(c.succeeded, 10) }), c.want));
}
