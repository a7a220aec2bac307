import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CompactedError } from "../store.js";
import type { WatchEvent } from "../store.js";
import { range, record, revisionsOf, withStore } from "./harness.js";
import type { OpenFreshStore } from "./harness.js";

export function watchCases(openFresh: OpenFreshStore): void {
  describe("watch", () => {
    test("delivers puts and deletes in order with values, previous values and their revisions, and createRevision", () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const recording = record(store, "/w/", start);
        const r1 = await store.create("/w/a", "one");
        const r2 = await store.update("/w/a", "two", r1);
        const r3 = await store.delete("/w/a");
        await recording.untilEvents(3);
        const expected: WatchEvent[] = [
          { type: "put", key: "/w/a", revision: r1, value: "one", createRevision: r1 },
          { type: "put", key: "/w/a", revision: r2, value: "two", prevValue: "one", prevRevision: r1, createRevision: r1 },
          { type: "delete", key: "/w/a", revision: r3.revision, prevValue: "two", prevRevision: r2, createRevision: r1 },
        ];
        assert.deepEqual(recording.events, expected);
        recording.watch.stop();
      }));

    test("a watch from a past revision replays history after it, then follows live writes", () =>
      withStore(openFresh, async (store) => {
        const first = await store.create("/w/a", "one");
        const second = await store.update("/w/a", "two", first);
        await store.create("/w/b", "b");
        const recording = record(store, "/w/", first);
        const live = await store.delete("/w/a", second);
        await recording.untilEvents(3);
        assert.deepEqual(revisionsOf(recording.events), range(second, live.revision));
        assert.deepEqual(recording.events[0], {
          type: "put", key: "/w/a", revision: second, value: "two", prevValue: "one", prevRevision: first, createRevision: first,
        });
        recording.watch.stop();
      }));

    test('a watch on "/w/a/" sees neither "/w/ab/x" nor "/w/b"', () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const recording = record(store, "/w/a/", start);
        await store.create("/w/ab/x", "no");
        await store.create("/w/b", "no");
        const wanted = await store.create("/w/a/x", "yes");
        await recording.untilEvents(1);
        await store.create("/w/a/y", "yes");
        await recording.untilEvents(2);
        assert.deepEqual(recording.events.map((e) => [e.key, e.revision]), [["/w/a/x", wanted], ["/w/a/y", wanted + 1]]);
        recording.watch.stop();
      }));

    test("catch-up and live writes racing deliver every event exactly once, in order", () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const total = 3000;
        let watched: ReturnType<typeof record> | undefined;
        for (let i = 0; i < total; i++) {
          await store.create(`/race/${i}`, String(i));
          // Start watching from the beginning once lots of history exists, while writes go on;
          // yielding to the event loop now and then lets the catch-up run between writes.
          if (i === 1500) watched = record(store, "/race/", start);
          if (i % 7 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        }
        assert.ok(watched);
        await watched.untilEvents(total);
        assert.deepEqual(watched.errors, []);
        assert.deepEqual(revisionsOf(watched.events), range(start + 1, start + total));
        watched.watch.stop();
      }));

    test("a watch from a revision ahead of the store delivers only the writes after it", () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const recording = record(store, "/f/", start + 2);
        await store.create("/f/1", "skipped");
        await store.create("/f/2", "skipped");
        const third = await store.create("/f/3", "seen");
        await recording.untilEvents(1);
        await store.create("/f/4", "seen");
        await recording.untilEvents(2);
        assert.deepEqual(revisionsOf(recording.events), [third, third + 1]);
        recording.watch.stop();
      }));

    test("several watchers on overlapping prefixes each get their own complete stream", () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const all = record(store, "/m/", start);
        const some = record(store, "/m/x/", start);
        const writes = Array.from({ length: 50 }, (_, i) => store.create(i % 2 ? `/m/x/${i}` : `/m/y/${i}`, "v"));
        const revisions = await Promise.all(writes);
        await all.untilEvents(50);
        await some.untilEvents(25);
        assert.deepEqual(revisionsOf(all.events), [...revisions].sort((a, b) => a - b));
        assert.deepEqual(revisionsOf(some.events), revisions.filter((_, i) => i % 2).sort((a, b) => a - b));
        all.watch.stop();
        some.watch.stop();
      }));

    test("no event is delivered after stop returns", () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const stopped = record(store, "/s/", start);
        const witness = record(store, "/s/", start);
        const writes = Array.from({ length: 20 }, (_, i) => store.create(`/s/${i}`, "v"));
        stopped.watch.stop();
        const stoppedAt = stopped.events.length;
        await Promise.all(writes);
        await store.create("/s/after", "v");
        await witness.untilEvents(21);
        assert.equal(stopped.events.length, stoppedAt);
        witness.watch.stop();
      }));

    test("a watch from a compacted revision throws CompactedError at once", () =>
      withStore(openFresh, async (store) => {
        const first = await store.create("/c/a", "one");
        const second = await store.update("/c/a", "two", first);
        await store.update("/c/a", "three", second);
        await store.compact(second);
        assert.equal(await store.compactedRevision(), second);
        assert.throws(() => store.watch("/c/", { afterRevision: first }, { onEvent: () => undefined }), CompactedError);
      }));

    test("a watch from the compaction revision still gets every later event with its previous value", () =>
      withStore(openFresh, async (store) => {
        const a = await store.create("/c/a", "a1");
        const b = await store.create("/c/b", "b1");
        const kept = await store.update("/c/a", "a2", a);
        const later = await store.update("/c/b", "b2", b);
        const last = await store.delete("/c/a");
        await store.compact(kept);
        const recording = record(store, "/c/", kept);
        await recording.untilEvents(2);
        assert.deepEqual(recording.events, [
          { type: "put", key: "/c/b", revision: later, value: "b2", prevValue: "b1", prevRevision: b, createRevision: b },
          { type: "delete", key: "/c/a", revision: last.revision, prevValue: "a2", prevRevision: kept, createRevision: a },
        ]);
        recording.watch.stop();
      }));
  });
}

