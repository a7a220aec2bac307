import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusError } from "../../api/status.js";
import { applyPatch } from "./index.js";

// RFC 7386 appendix A, restricted to object documents (the only kind the API serves).
const cases: Array<{ name: string; doc: Record<string, unknown>; patch: unknown; expect: unknown }> = [
  { name: "a member is replaced", doc: { a: "b" }, patch: { a: "c" }, expect: { a: "c" } },
  { name: "a member is added", doc: { a: "b" }, patch: { b: "c" }, expect: { a: "b", b: "c" } },
  { name: "null removes a member", doc: { a: "b" }, patch: { a: null }, expect: {} },
  { name: "null removes only that member", doc: { a: "b", b: "c" }, patch: { a: null }, expect: { b: "c" } },
  { name: "a list is replaced by a scalar", doc: { a: ["b"] }, patch: { a: "c" }, expect: { a: "c" } },
  { name: "a scalar is replaced by a list", doc: { a: "c" }, patch: { a: ["b"] }, expect: { a: ["b"] } },
  { name: "objects merge recursively", doc: { a: { b: "c" } }, patch: { a: { b: "d", c: null } }, expect: { a: { b: "d" } } },
  { name: "lists are replaced whole", doc: { a: [{ b: "c" }] }, patch: { a: [1] }, expect: { a: [1] } },
  { name: "null members of the document stay", doc: { e: null }, patch: { a: 1 }, expect: { e: null, a: 1 } },
  { name: "nulls inside a new object are pruned", doc: {}, patch: { a: { bb: { ccc: null } } }, expect: { a: { bb: {} } } },
  {
    name: "kubectl scale's body sets spec.replicas",
    doc: { spec: { replicas: 1, selector: { matchLabels: { app: "web" } } } },
    patch: { spec: { replicas: 4 } },
    expect: { spec: { replicas: 4, selector: { matchLabels: { app: "web" } } } },
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(applyPatch(c.doc, c.patch, { type: "merge", apiVersion: "v1", kind: "ConfigMap" }), c.expect);
  });
}

const failures: Array<{ name: string; patch: unknown; code: number; message: RegExp }> = [
  { name: "a null body is 400, as evanphx/json-patch rejects it", patch: null, code: 400, message: /^Invalid JSON Patch$/ },
  { name: "a scalar body is 400", patch: "x", code: 400, message: /^Invalid JSON Patch$/ },
  { name: "a list body makes the object a list, which is 422", patch: ["c"], code: 422, message: /^ "" is invalid: patch: Invalid value: / },
];

for (const c of failures) {
  test(c.name, () => {
    assert.throws(
      () => applyPatch({ a: "b" }, c.patch, { type: "merge", apiVersion: "v1", kind: "ConfigMap" }),
      (err: unknown) => err instanceof StatusError && err.code === c.code && c.message.test(err.message),
    );
  });
}
