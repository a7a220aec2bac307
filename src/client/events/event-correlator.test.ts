import assert from "node:assert/strict";
import { test } from "node:test";
import type { Event } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { type Correlation, EventCorrelator, EventNamer } from "./event-correlator.js";

const start = Date.UTC(2026, 0, 1);

function event(clock: VirtualClock, opts: { reason?: string; message?: string; object?: string } = {}): Event {
  const t = rfc3339(clock.now());
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${opts.object ?? "web"}.x${clock.now()}`, namespace: "default" },
    involvedObject: { kind: "StatefulSet", namespace: "default", name: opts.object ?? "web", uid: "u1", apiVersion: "apps/v1", resourceVersion: "1" },
    reason: opts.reason ?? "SuccessfulCreate",
    message: opts.message ?? "create Pod web-0 in StatefulSet web successful",
    source: { component: "statefulset-controller" },
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    type: "Normal",
    reportingComponent: "statefulset-controller",
    reportingInstance: "",
  };
}

/** Correlates and, like the recorder after a successful write, records the server's answer. */
function send(c: EventCorrelator, e: Event, rv: number): Correlation {
  const r = c.correlate(e);
  if (!r.skip) c.updateState({ ...r.event, metadata: { ...r.event.metadata, resourceVersion: String(rv) } });
  return r;
}

test("an identical event becomes a patch of the first one: count, lastTimestamp and message", async () => {
  const clock = new VirtualClock(start);
  const c = new EventCorrelator(clock, new EventNamer());
  const first = send(c, event(clock), 10);
  assert.equal(first.skip, false);
  assert.equal(first.skip === false && first.patch, undefined);
  const firstName = first.skip ? "" : first.event.metadata!.name;
  await clock.advance(30_000);
  const second = send(c, event(clock), 11);
  assert.ok(!second.skip);
  assert.equal(second.event.metadata!.name, firstName, "the repeat keeps the first event's name");
  assert.equal(second.event.count, 2);
  assert.equal(second.event.firstTimestamp, rfc3339(start));
  assert.deepEqual(second.patch, { count: 2, lastTimestamp: rfc3339(start + 30_000), message: "create Pod web-0 in StatefulSet web successful" });
  const third = send(c, event(clock), 12);
  assert.ok(!third.skip);
  assert.equal(third.patch?.count, 3);
});

test("events differing in reason, message or object are not counted together", () => {
  const clock = new VirtualClock(start);
  const cases: Array<{ name: string; second: Parameters<typeof event>[1] }> = [
    { name: "another reason", second: { reason: "SuccessfulDelete" } },
    { name: "another message", second: { message: "create Pod web-1 in StatefulSet web successful" } },
    { name: "another object", second: { object: "db" } },
  ];
  for (const k of cases) {
    const c = new EventCorrelator(clock, new EventNamer());
    send(c, event(clock), 1);
    const r = send(c, event(clock, k.second), 2);
    assert.ok(!r.skip, k.name);
    assert.equal(r.patch, undefined, k.name);
    assert.equal(r.event.count, 1, k.name);
  }
});

test("the tenth distinct message of one reason within 10 minutes is combined, and later ones count on it", () => {
  const clock = new VirtualClock(start);
  const c = new EventCorrelator(clock, new EventNamer());
  for (let i = 0; i < 9; i++) {
    const r = send(c, event(clock, { message: `create Pod web-${i}` }), i);
    assert.ok(!r.skip && r.event.message === `create Pod web-${i}`);
  }
  const tenth = send(c, event(clock, { message: "create Pod web-9" }), 100);
  assert.ok(!tenth.skip);
  assert.equal(tenth.event.message, "(combined from similar events): create Pod web-9");
  assert.equal(tenth.event.count, 1);
  const eleventh = send(c, event(clock, { message: "create Pod web-10" }), 101);
  assert.ok(!eleventh.skip);
  assert.equal(eleventh.event.metadata!.name, tenth.event.metadata!.name);
  assert.deepEqual(eleventh.patch, { count: 2, lastTimestamp: rfc3339(start), message: "(combined from similar events): create Pod web-10" });
});

test("similar events more than 10 minutes apart start a fresh aggregation", async () => {
  const clock = new VirtualClock(start);
  const c = new EventCorrelator(clock, new EventNamer());
  for (let i = 0; i < 9; i++) send(c, event(clock, { message: `m${i}` }), i);
  await clock.advance(600_001);
  const r = send(c, event(clock, { message: "m9" }), 50);
  assert.ok(!r.skip);
  assert.equal(r.event.message, "m9");
});

test("a source may send 25 events about one object, then one every 5 minutes", async () => {
  const clock = new VirtualClock(start);
  const c = new EventCorrelator(clock, new EventNamer());
  const sent = (): boolean => !send(c, event(clock), 1).skip;
  const burst = Array.from({ length: 30 }, sent);
  assert.equal(burst.filter(Boolean).length, 25);
  assert.deepEqual(burst.slice(24), [true, false, false, false, false, false]);
  await clock.advance(299_000);
  assert.equal(sent(), false);
  await clock.advance(1_000);
  assert.equal(sent(), true);
  assert.equal(sent(), false);
  assert.equal(!send(c, event(clock, { object: "other" }), 1).skip, true, "another object has its own budget");
});

test("event names are the object name and a unique hexadecimal nanosecond stamp", () => {
  const namer = new EventNamer();
  const a = namer.name("web-0", start);
  const b = namer.name("web-0", start);
  assert.match(a, /^web-0\.[0-9a-f]{16}$/);
  assert.notEqual(a, b);
  assert.equal(BigInt(`0x${a.split(".")[1]}`) / 1_000_000n, BigInt(start));
});
