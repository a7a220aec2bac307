import assert from "node:assert/strict";
import { test } from "node:test";
import { VirtualClock } from "../../util/virtual-clock.js";
import { JobMemory } from "./job-memory.js";

test("a Job cached at a version before our status write is stale until the informer delivers the write", () => {
  const memory = new JobMemory(new VirtualClock(0));
  memory.statusWritten("ns/pi", "120");
  assert.equal(memory.staleJob("ns/pi", "119"), true);
  memory.jobObserved("ns/pi", "119");
  assert.equal(memory.staleJob("ns/pi", "119"), true);
  memory.jobObserved("ns/pi", "120");
  assert.equal(memory.staleJob("ns/pi", "120"), false);
});

test("a later version (someone else's write after ours) also ends the wait", () => {
  const memory = new JobMemory(new VirtualClock(0));
  memory.statusWritten("ns/pi", "120");
  assert.equal(memory.staleJob("ns/pi", "125"), false);
  assert.equal(memory.staleJob("ns/pi", "119"), false);
});

test("an unseen write stops holding the Job back after the expectations timeout", async () => {
  const clock = new VirtualClock(0);
  const memory = new JobMemory(clock);
  memory.statusWritten("ns/pi", "120");
  await clock.advance(5 * 60_000);
  assert.equal(memory.staleJob("ns/pi", "119"), true);
  await clock.advance(1);
  assert.equal(memory.staleJob("ns/pi", "119"), false);
});

test("finalizer removals are expected by pod UID until observed, and forgotten with the Job", () => {
  const memory = new JobMemory(new VirtualClock(0));
  memory.expectFinalizersRemoved("ns/pi", ["a", "b"]);
  memory.finalizerRemovalObserved("ns/pi", "a");
  assert.deepEqual([...memory.expectedRemovedFinalizers("ns/pi")], ["b"]);
  memory.forget("ns/pi");
  assert.deepEqual([...memory.expectedRemovedFinalizers("ns/pi")], []);
});
