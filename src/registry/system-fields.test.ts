import assert from "node:assert/strict";
import { test } from "node:test";
import { applyGenerateName, generateName, keepSystemFields } from "./system-fields.js";

test("a generated name is the base plus 5 characters without vowels or look-alike digits", () => {
  for (let i = 0; i < 50; i++) assert.match(generateName("web-"), /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test("a long base is cut so the generated name fits 63 characters", () => {
  const name = generateName("a".repeat(70));
  assert.equal(name.length, 63);
  assert.ok(name.startsWith("a".repeat(58)));
});

test("an object with a name keeps it whatever its generateName", () => {
  const obj = { metadata: { name: "fixed", generateName: "web-" } };
  assert.equal(applyGenerateName(obj), false);
  assert.equal(obj.metadata.name, "fixed");
});

test("an update keeps uid, creation time, generation and deletion state from the stored object", () => {
  const old = {
    metadata: { uid: "u1", creationTimestamp: "2026-01-01T00:00:00Z", generation: 3, deletionTimestamp: "2026-01-02T00:00:00Z", deletionGracePeriodSeconds: 30 },
  };
  const next = { metadata: { creationTimestamp: "1999-01-01T00:00:00Z", generation: 9 } };
  keepSystemFields(next, old);
  assert.deepEqual(next.metadata, old.metadata);
});
