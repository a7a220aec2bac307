import assert from "node:assert/strict";
import { test } from "node:test";
import { sortedKeys } from "./sorted-keys.js";

const cases: Array<{ name: string; obj: object }> = [
  { name: "no keys", obj: {} },
  { name: "one key", obj: { a: 1 } },
  { name: "already sorted", obj: { a: 1, b: 2, c: 3 } },
  { name: "reversed", obj: { c: 1, b: 2, a: 3 } },
  { name: "upper case before lower case, by code unit", obj: { b: 1, B: 2, a: 3, A: 4, _: 5, "-": 6 } },
  { name: "prefixes before longer keys", obj: { "f:ab": 1, "f:a": 2, "f:": 3, f: 4 } },
  { name: "integer-like keys, which objects list first, sorted as strings", obj: { b: 1, 10: 2, 9: 3, 1: 4 } },
  { name: "non-ASCII keys by UTF-16 code unit", obj: { "\u00e9": 1, "\u{1f600}": 2, "\uffff": 3, z: 4 } },
  { name: "past the insertion sort limit", obj: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${(i * 37) % 60}`, i])) },
];

for (const c of cases) {
  test(`sortedKeys is Object.keys().sort(): ${c.name}`, () => {
    assert.deepEqual(sortedKeys(c.obj), Object.keys(c.obj).sort());
  });
}
