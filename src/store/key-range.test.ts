import assert from "node:assert/strict";
import { test } from "node:test";
import { prefixEnd } from "./key-range.js";

const cases: Array<{ name: string; prefix: string; end: string }> = [
  { name: "a folder prefix ends just after its trailing slash", prefix: "/a/b/", end: "/a/b0" },
  { name: "a plain prefix ends at its last character plus one", prefix: "/a/b", end: "/a/c" },
  { name: "a trailing U+FFFF cannot be incremented and is dropped", prefix: "a\uffff", end: "b" },
  { name: "the empty prefix ends above every key", prefix: "", end: "\u{10FFFF}" },
];

for (const c of cases) test(c.name, () => assert.equal(prefixEnd(c.prefix), c.end));

test("every key starting with the prefix sorts below its end, and the next sibling does not", () => {
  const end = prefixEnd("/registry/pods/");
  for (const key of ["/registry/pods/", "/registry/pods/default/web-0", "/registry/pods/\u00ff\u{1F680}"]) assert.ok(key < end, key);
  assert.ok(!("/registry/pods0" < end));
});
