import assert from "node:assert/strict";
import { test } from "node:test";
import { FieldSet, fieldElement, formatPath, keyElement, valueElement } from "./field-set.js";

const f = fieldElement;

test("FieldsV1 marks a node that is also a member with a dot, and round-trips", () => {
  const set = FieldSet.of([
    [f("metadata"), f("labels")],
    [f("metadata"), f("labels"), f("app")],
    [f("spec"), f("replicas")],
    [f("spec"), f("containers"), keyElement({ name: "a" })],
    [f("spec"), f("containers"), keyElement({ name: "a" }), f("image")],
  ]);
  const json = {
    "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
    "f:spec": { "f:containers": { 'k:{"name":"a"}': { ".": {}, "f:image": {} } }, "f:replicas": {} },
  };
  assert.deepEqual(set.toFieldsV1(), json);
  assert.deepEqual(FieldSet.fromFieldsV1(json).toFieldsV1(), json);
});

const ops: Array<{ name: string; run: () => FieldSet; expect: string[] }> = [
  {
    name: "union holds the members of both",
    run: () => FieldSet.of([[f("a")]]).union(FieldSet.of([[f("b"), f("c")]])),
    expect: [".a", ".b.c"],
  },
  {
    name: "difference removes members level by level, not what lies below them",
    run: () => FieldSet.of([[f("a")], [f("a"), f("x")], [f("b")]]).difference(FieldSet.of([[f("a")]])),
    expect: [".b", ".a.x"],
  },
  {
    name: "recursive difference also removes what lies below the other's members",
    run: () => FieldSet.of([[f("status"), f("replicas")], [f("spec"), f("replicas")]]).recursiveDifference(FieldSet.of([[f("status")]])),
    expect: [".spec.replicas"],
  },
  {
    name: "intersection keeps the shared members",
    run: () => FieldSet.of([[f("a")], [f("b"), f("c")]]).intersection(FieldSet.of([[f("b"), f("c")], [f("d")]])),
    expect: [".b.c"],
  },
];

for (const c of ops) {
  test(c.name, () => {
    assert.deepEqual(c.run().paths().map(formatPath), c.expect);
  });
}

test("paths print as upstream prints conflict paths", () => {
  assert.equal(formatPath([f("spec"), f("template"), f("spec"), f("containers"), keyElement({ name: "nginx" }), f("image")]), '.spec.template.spec.containers[name="nginx"].image');
  assert.equal(formatPath([f("spec"), f("ports"), keyElement({ protocol: "TCP", port: 80 })]), '.spec.ports[port=80,protocol="TCP"]');
  assert.equal(formatPath([f("metadata"), f("finalizers"), valueElement("a/b")]), '.metadata.finalizers[="a/b"]');
});

test("key elements sort their fields by name", () => {
  assert.equal(keyElement({ protocol: "TCP", containerPort: 80 }), 'k:{"containerPort":80,"protocol":"TCP"}');
});

test("difference and intersection give the set itself when they keep all of it, a new set when not", () => {
  const set = FieldSet.of([["f:data", "f:a"], ["f:data", "f:b"], ["f:metadata"]]);
  assert.equal(set.difference(FieldSet.of([["f:spec", "f:x"], ["f:data", "f:c"]])), set);
  assert.equal(set.intersection(set), set);
  const less = set.difference(FieldSet.of([["f:data", "f:b"]]));
  assert.notEqual(less, set);
  assert.deepEqual(less.toFieldsV1(), { "f:data": { "f:a": {} }, "f:metadata": {} });
  assert.deepEqual(set.toFieldsV1(), { "f:data": { "f:a": {}, "f:b": {} }, "f:metadata": {} }, "the operand is unchanged");
});
