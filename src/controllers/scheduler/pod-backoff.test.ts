import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDuration, PodBackoff } from "./pod-backoff.js";

const room = ["NodeResourcesFit", "NodePorts"] as const;

test("back-off: 1 s doubling to 10 s with the attempts", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(backoffDuration), [1000, 2000, 4000, 8000, 10_000, 10_000]);
});

test("an event takes a failed pod it may help once; the next passes it by until the pod fails again", () => {
  const b = new PodBackoff();
  b.attempted("ns/a");
  b.failed("ns/a", 0, new Set(["NodeResourcesFit"]));
  assert.deepEqual(b.takeWaitingOn(room), ["ns/a"]);
  assert.deepEqual(b.takeWaitingOn(room), [], "already sent back to the queue");
  assert.ok(b.isWaiting("ns/a"), "still waiting for its attempt");
  b.attempted("ns/a");
  b.failed("ns/a", 2000, new Set(["NodeResourcesFit"]));
  assert.deepEqual(b.takeWaitingOn(room), ["ns/a"]);
});

test("an event takes only the pods rejected by its plugins; any event takes an error, and every failure 'all'", () => {
  const b = new PodBackoff();
  b.failed("ns/fit", 0, new Set(["NodeResourcesFit"]));
  b.failed("ns/affinity", 0, new Set(["NodeAffinity"]));
  b.failed("ns/error", 0, "error");
  assert.deepEqual(b.takeWaitingOn(room).sort(), ["ns/error", "ns/fit"]);
  assert.deepEqual(b.takeWaitingOn("all"), ["ns/affinity"]);
});

test("a forgotten pod (bound or deleted) is never taken", () => {
  const b = new PodBackoff();
  b.failed("ns/a", 0, new Set(["NodeResourcesFit"]));
  b.forget("ns/a");
  assert.deepEqual(b.takeWaitingOn("all"), []);
  assert.equal(b.remaining("ns/a", 0), 0);
});
