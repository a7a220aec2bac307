import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusError } from "../../api/status.js";
import { applyPatch, patchErrorDetail } from "./index.js";

const doc = { metadata: { name: "web", labels: { app: "web" } }, spec: { replicas: 1, args: ["a", "b", "c"] } };

const applies: Array<{ name: string; patch: unknown; expect: unknown }> = [
  {
    name: "add sets a new member",
    patch: [{ op: "add", path: "/metadata/labels/tier", value: "front" }],
    expect: { ...doc, metadata: { name: "web", labels: { app: "web", tier: "front" } } },
  },
  {
    name: "add overwrites an existing member",
    patch: [{ op: "add", path: "/spec/replicas", value: 3 }],
    expect: { ...doc, spec: { replicas: 3, args: ["a", "b", "c"] } },
  },
  {
    name: "add at an index inserts before it",
    patch: [{ op: "add", path: "/spec/args/1", value: "x" }],
    expect: { ...doc, spec: { replicas: 1, args: ["a", "x", "b", "c"] } },
  },
  {
    name: "add at - appends",
    patch: [{ op: "add", path: "/spec/args/-", value: "d" }],
    expect: { ...doc, spec: { replicas: 1, args: ["a", "b", "c", "d"] } },
  },
  {
    name: "a negative index counts from the end, as evanphx/json-patch allows",
    patch: [{ op: "remove", path: "/spec/args/-1" }],
    expect: { ...doc, spec: { replicas: 1, args: ["a", "b"] } },
  },
  {
    name: "remove deletes a member",
    patch: [{ op: "remove", path: "/metadata/labels/app" }],
    expect: { ...doc, metadata: { name: "web", labels: {} } },
  },
  {
    name: "replace changes a list item",
    patch: [{ op: "replace", path: "/spec/args/0", value: "z" }],
    expect: { ...doc, spec: { replicas: 1, args: ["z", "b", "c"] } },
  },
  {
    name: "move takes the value from one path to another",
    patch: [{ op: "move", from: "/metadata/labels/app", path: "/metadata/labels/name" }],
    expect: { ...doc, metadata: { name: "web", labels: { name: "web" } } },
  },
  {
    name: "copy duplicates a value",
    patch: [{ op: "copy", from: "/metadata/labels", path: "/spec/labels" }],
    expect: { ...doc, spec: { ...doc.spec, labels: { app: "web" } } },
  },
  {
    name: "a passing test lets the following operations apply",
    patch: [{ op: "test", path: "/spec/replicas", value: 1 }, { op: "replace", path: "/spec/replicas", value: 2 }],
    expect: { ...doc, spec: { replicas: 2, args: ["a", "b", "c"] } },
  },
  {
    name: "testing a missing member against null passes",
    patch: [{ op: "test", path: "/spec/paused", value: null }],
    expect: doc,
  },
  {
    name: "~1 and ~0 escape / and ~ in a member name",
    patch: [{ op: "add", path: "/metadata/labels/example.com~1a~0b", value: "v" }],
    expect: { ...doc, metadata: { name: "web", labels: { app: "web", "example.com/a~b": "v" } } },
  },
  { name: "a null body changes nothing", patch: null, expect: doc },
  { name: "an empty list changes nothing", patch: [], expect: doc },
];

for (const c of applies) {
  test(c.name, () => {
    const before = structuredClone(doc);
    assert.deepEqual(applyPatch(doc, c.patch, { type: "json", apiVersion: "apps/v1", kind: "StatefulSet" }), c.expect);
    assert.deepEqual(doc, before, "the current object is not changed");
  });
}

const rejected = "the server rejected our request due to an error in our request";

const failures: Array<{ name: string; patch: unknown; code: number; message: string; detail?: RegExp }> = [
  {
    name: "a failing test fails the whole patch with 422",
    patch: [{ op: "replace", path: "/spec/replicas", value: 5 }, { op: "test", path: "/spec/replicas", value: 1 }],
    code: 422, message: rejected, detail: /testing value \/spec\/replicas failed/,
  },
  { name: "removing a missing member is 422", patch: [{ op: "remove", path: "/spec/paused" }], code: 422, message: rejected, detail: /nonexistent key/ },
  { name: "replacing a missing member is 422", patch: [{ op: "replace", path: "/spec/paused", value: true }], code: 422, message: rejected, detail: /missing key/ },
  { name: "adding under a missing parent is 422", patch: [{ op: "add", path: "/status/x/y", value: 1 }], code: 422, message: rejected, detail: /missing path/ },
  { name: "an index past the end is 422", patch: [{ op: "add", path: "/spec/args/9", value: "x" }], code: 422, message: rejected, detail: /invalid index/ },
  { name: "the root is not addressable", patch: [{ op: "replace", path: "", value: {} }], code: 422, message: rejected, detail: /missing path/ },
  { name: "an unknown op is 422", patch: [{ op: "frobnicate", path: "/spec" }], code: 422, message: rejected, detail: /Unexpected kind: frobnicate/ },
  {
    name: "a body that is not a list is 400 with Go's decoding error",
    patch: { op: "add" }, code: 400, message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
  },
  {
    name: "an operation that is not an object is 400",
    patch: [1], code: 400, message: "json: cannot unmarshal number into Go value of type jsonpatch.Operation",
  },
  {
    name: "more than 10000 operations is 413",
    patch: Array.from({ length: 10001 }, () => ({ op: "test", path: "/spec/replicas", value: 1 })),
    code: 413, message: "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
  },
];

for (const c of failures) {
  test(c.name, () => {
    assert.throws(
      () => applyPatch(doc, c.patch, { type: "json", apiVersion: "apps/v1", kind: "StatefulSet" }),
      (err: unknown) => {
        assert.ok(err instanceof StatusError);
        assert.equal(err.code, c.code);
        assert.equal(err.status.message, c.message);
        if (c.code === 422) assert.equal(err.status.reason, "Invalid");
        if (c.detail) assert.match(patchErrorDetail(err) ?? "", c.detail);
        return true;
      },
    );
  });
}
