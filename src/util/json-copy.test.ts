import assert from "node:assert/strict";
import { test } from "node:test";
import { copyJson } from "./json-copy.js";

const cases: Array<[string, unknown]> = [
  ["scalars", [1, -0.5, "s", true, false, null]],
  ["a nested object", { metadata: { name: "a", labels: { app: "web" } }, spec: { containers: [{ name: "c", args: ["-x", "1"] }] } }],
  ["an undefined property is kept", { a: undefined, b: [undefined] }],
  ["empty containers", { a: {}, b: [], c: [[]] }],
  ["a key named __proto__ stays a key", JSON.parse('{"data":{"__proto__":{"x":"1"},"constructor":"c"}}')],
];

for (const [name, value] of cases) {
  test(`copyJson: ${name}: equal to structuredClone's copy, and shares nothing`, () => {
    const copy = copyJson(value);
    assert.deepStrictEqual(copy, structuredClone(value));
    assert.equal(JSON.stringify(copy), JSON.stringify(value));
    if (typeof value === "object" && value !== null) assert.notEqual(copy, value);
  });
}

test("copyJson: the copy of a frozen object can be changed, and the original is untouched", () => {
  const frozen = Object.freeze({ spec: Object.freeze({ replicas: 1 }) });
  const copy = copyJson(frozen) as { spec: { replicas: number } };
  copy.spec.replicas = 2;
  assert.equal(frozen.spec.replicas, 1);
  assert.equal(Object.getPrototypeOf(copyJson(JSON.parse('{"__proto__":{"polluted":true}}'))), Object.prototype);
});
