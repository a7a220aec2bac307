import assert from "node:assert/strict";
import { test } from "node:test";
import { rfc3339 } from "../util/clock.js";
import { applyGenerateName, generateName, keepSystemFields, writeTime } from "./system-fields.js";

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

test("the write time of each instant is its RFC 3339 second, whatever instant came before", () => {
  const t = Date.UTC(2026, 0, 2, 3, 4, 5, 250);
  // two clocks in one process (a virtual one far behind) take turns
  for (const now of [t, t + 749, t + 750, t - 86_400_000, t - 86_400_000 + 999, t, t + 1]) {
    assert.equal(writeTime(now), rfc3339(now), `at ${new Date(now).toISOString()}`);
  }
});
