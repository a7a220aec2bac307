import assert from "node:assert/strict";
import { test } from "node:test";
import { podCreateBody, podLikeValue, podLikeValueByStringify } from "./values.js";

test("podLikeValue pieced from its template is the JSON of the pod, for every kind of index", () => {
  for (const i of [0, 1, 9, 255, 256, 65_535, 99_999, 123_456_789]) {
    const value = podLikeValue(i);
    assert.equal(value, podLikeValueByStringify(i), `index ${i}`);
    const pod = JSON.parse(value) as { metadata: { name: string; uid: string }; status: { podIP: string } };
    assert.equal(pod.metadata.name, `web-${i}`);
    assert.equal(pod.metadata.uid.length, 36);
  }
  assert.notEqual(podLikeValue(1), podLikeValue(2));
});

test("podCreateBody is pod i without what the server sets, a new object each time", () => {
  const body = podCreateBody(7) as { metadata: Record<string, unknown>; spec: unknown; status?: unknown };
  assert.equal(body.metadata["name"], "web-7");
  assert.deepEqual(Object.keys(body.metadata).filter((k) => k === "uid" || k === "creationTimestamp"), []);
  assert.equal(body.status, undefined);
  assert.notEqual(podCreateBody(7), podCreateBody(7));
  const stored = JSON.parse(podLikeValue(7)) as { spec: unknown };
  assert.deepEqual(body.spec, stored.spec);
});
