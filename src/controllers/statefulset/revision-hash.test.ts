// Revision names as upstream computes them: FNV-1 of the revision data and the collision count,
// checked against revisions upstream's own tests record.
import assert from "node:assert/strict";
import { test } from "node:test";
import { controllerRevisionName, fnv32, hashRevision, safeEncodeString } from "./revision-hash.js";

// pkg/controller/statefulset/testdata/compatibility_revision_1.33.0.json and …_1.34.0.json.
const upstream133 =
  '{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},"creationTimestamp":null,"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}';
const upstream134 = upstream133.replace('"creationTimestamp":null,', "");

const cases = [
  { name: "upstream's 1.33 revision of a set with collisionCount 0 is test-c77f6d978", raw: upstream133, collisions: 0, want: "c77f6d978" },
  { name: "upstream's 1.34 revision (no creationTimestamp) is test-776999688b", raw: upstream134, collisions: 0, want: "776999688b" },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(hashRevision(c.raw, c.collisions), c.want);
  });
}

test("a raised collision count changes the hash", () => {
  assert.notEqual(hashRevision(upstream133, 1), hashRevision(upstream133, 0));
  assert.notEqual(hashRevision(upstream133, 0), hashRevision(upstream133, undefined));
});

test("FNV-1 32 matches Go's hash/fnv New32 on known inputs", () => {
  const enc = new TextEncoder();
  assert.equal(fnv32(enc.encode("")), 0x811c9dc5);
  assert.equal(fnv32(enc.encode("a")), 0x050c5d7e);
  assert.equal(fnv32(enc.encode("foobar")), 0x31f0b262);
});

test("SafeEncodeString maps digits to letters and digits no word can be spelled with", () => {
  assert.equal(safeEncodeString("0123456789"), "456789bcdf");
});

test("revision names are the set's name and the hash, the name cut to 223 characters", () => {
  assert.equal(controllerRevisionName("web", "abc"), "web-abc");
  assert.equal(controllerRevisionName("x".repeat(300), "h").length, 225);
});
