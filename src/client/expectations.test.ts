import assert from "node:assert/strict";
import { test } from "node:test";
import { VirtualClock } from "../util/virtual-clock.js";
import { ControllerExpectations, expectationsTimeoutMs, UIDTrackingExpectations } from "./expectations.js";

const start = Date.UTC(2026, 0, 1);

type Step =
  | { expectCreations: number }
  | { expectDeletions: number }
  | { raise: { add?: number; del?: number } }
  | "creationObserved"
  | "deletionObserved"
  | "delete"
  | { advanceMs: number };

test("expectations are satisfied only once every expected create and delete is observed, or they expire", async () => {
  const cases: Array<{ name: string; steps: Step[]; satisfied: boolean }> = [
    { name: "an owner with no expectations may sync", steps: [], satisfied: true },
    { name: "two creates expected, none seen: wait", steps: [{ expectCreations: 2 }], satisfied: false },
    { name: "two creates expected, one seen: wait", steps: [{ expectCreations: 2 }, "creationObserved"], satisfied: false },
    { name: "two creates expected, both seen: sync", steps: [{ expectCreations: 2 }, "creationObserved", "creationObserved"], satisfied: true },
    { name: "a create seen more often than expected still counts as fulfilled", steps: [{ expectCreations: 1 }, "creationObserved", "creationObserved"], satisfied: true },
    { name: "deletions expected and observed: sync", steps: [{ expectDeletions: 1 }, "deletionObserved"], satisfied: true },
    { name: "a delete observed does not fulfil expected creates", steps: [{ expectCreations: 1 }, "deletionObserved"], satisfied: false },
    { name: "raising adds to what is still expected", steps: [{ expectCreations: 1 }, { raise: { add: 1 } }, "creationObserved"], satisfied: false },
    { name: "raising with no expectations recorded does nothing", steps: [{ raise: { add: 3 } }], satisfied: true },
    { name: "observing with no expectations recorded does nothing", steps: ["creationObserved", { expectCreations: 1 }], satisfied: false },
    { name: "unfulfilled expectations still hold at exactly 5 minutes", steps: [{ expectCreations: 1 }, { advanceMs: expectationsTimeoutMs }], satisfied: false },
    { name: "unfulfilled expectations expire after 5 minutes on the clock", steps: [{ expectCreations: 1 }, { advanceMs: expectationsTimeoutMs + 1 }], satisfied: true },
    { name: "setting expectations again restarts the expiry", steps: [{ expectCreations: 1 }, { advanceMs: 4 * 60_000 }, { expectCreations: 1 }, { advanceMs: 2 * 60_000 }], satisfied: false },
    { name: "deleting an owner's expectations lets it sync", steps: [{ expectCreations: 3 }, "delete"], satisfied: true },
  ];
  for (const c of cases) {
    const clock = new VirtualClock(start);
    const e = new ControllerExpectations(clock);
    for (const s of c.steps) {
      if (s === "creationObserved") e.creationObserved("ns/web");
      else if (s === "deletionObserved") e.deletionObserved("ns/web");
      else if (s === "delete") e.delete("ns/web");
      else if ("expectCreations" in s) e.expectCreations("ns/web", s.expectCreations);
      else if ("expectDeletions" in s) e.expectDeletions("ns/web", s.expectDeletions);
      else if ("raise" in s) e.raise("ns/web", s.raise);
      else await clock.advance(s.advanceMs);
    }
    assert.equal(e.satisfied("ns/web"), c.satisfied, c.name);
  }
});

test("expectations of one owner do not affect another", () => {
  const e = new ControllerExpectations(new VirtualClock(start));
  e.expectCreations("ns/a", 1);
  assert.equal(e.satisfied("ns/a"), false);
  assert.equal(e.satisfied("ns/b"), true);
  e.creationObserved("ns/b");
  assert.equal(e.satisfied("ns/a"), false);
});

test("UID tracking counts a deletion once, and only for objects the owner deleted", () => {
  const cases: Array<{ name: string; expect: string[]; observed: string[]; satisfied: boolean; pending: string[] }> = [
    { name: "both expected deletions seen", expect: ["ns/web-1", "ns/web-2"], observed: ["ns/web-2", "ns/web-1"], satisfied: true, pending: [] },
    { name: "the same deletion seen twice counts once", expect: ["ns/web-1", "ns/web-2"], observed: ["ns/web-1", "ns/web-1"], satisfied: false, pending: ["ns/web-2"] },
    { name: "a deletion the owner did not ask for does not count", expect: ["ns/web-1"], observed: ["ns/other"], satisfied: false, pending: ["ns/web-1"] },
    { name: "duplicate keys in the request are expected once", expect: ["ns/web-1", "ns/web-1"], observed: ["ns/web-1"], satisfied: true, pending: [] },
  ];
  for (const c of cases) {
    const e = new UIDTrackingExpectations(new VirtualClock(start));
    e.expectDeletionsOf("ns/web", c.expect);
    for (const o of c.observed) e.deletionOfObserved("ns/web", o);
    assert.equal(e.satisfied("ns/web"), c.satisfied, c.name);
    assert.deepEqual([...e.pendingDeletions("ns/web")], c.pending, c.name);
  }
});

test("deleting UID-tracked expectations forgets the pending keys too", () => {
  const e = new UIDTrackingExpectations(new VirtualClock(start));
  e.expectDeletionsOf("ns/web", ["ns/web-1"]);
  e.delete("ns/web");
  assert.equal(e.satisfied("ns/web"), true);
  assert.deepEqual([...e.pendingDeletions("ns/web")], []);
});
