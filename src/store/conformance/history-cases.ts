import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CompactedError } from "../store.js";
import type { KeyValue, Store, WatchEvent } from "../store.js";
import { record, withStore } from "./harness.js";
import type { OpenFreshStore } from "./harness.js";

/** What the keyspace under "/h/" must be, written alongside the store. */
interface Model {
  live: Map<string, KeyValue>;
  /** The sorted keyspace after each revision. */
  snapshots: Map<number, KeyValue[]>;
  /** The event each revision must produce. */
  events: Map<number, WatchEvent>;
}

export function historyCases(openFresh: OpenFreshStore): void {
  describe("history", () => {
    test("after random writes and compactions, every kept revision lists and replays exactly as a model says", () =>
      withStore(openFresh, async (store) => {
        const start = await store.currentRevision();
        const model: Model = { live: new Map(), snapshots: new Map([[start, []]]), events: new Map() };
        const random = seededRandom(42);
        let compacted = start;
        for (let round = 0; round < 4; round++) {
          for (let step = 0; step < 100; step++) await randomWrite(store, model, random);
          const head = await store.currentRevision();
          compacted = compacted + Math.floor(random() * (head - compacted));
          await store.compact(compacted);
          await checkHistory(store, model, { compacted, head });
        }
      }));
  });
}

async function randomWrite(store: Store, model: Model, random: () => number): Promise<void> {
  const key = `/h/${Math.floor(random() * 12)}`;
  const current = model.live.get(key);
  const value = `${key}=${random().toString(36).slice(2, 8)}`;
  let event: WatchEvent;
  if (!current) {
    const revision = await store.create(key, value);
    model.live.set(key, { key, value, createRevision: revision, modRevision: revision });
    event = { type: "put", key, revision, value, createRevision: revision };
  } else if (random() < 0.7) {
    const revision = await store.update(key, value, current.modRevision);
    model.live.set(key, { ...current, value, modRevision: revision });
    event = { type: "put", key, revision, value, prevValue: current.value, prevRevision: current.modRevision, createRevision: current.createRevision };
  } else {
    const { revision } = await store.delete(key, current.modRevision);
    model.live.delete(key);
    event = { type: "delete", key, revision, prevValue: current.value, prevRevision: current.modRevision, createRevision: current.createRevision };
  }
  model.events.set(event.revision, event);
  model.snapshots.set(event.revision, [...model.live.values()].sort((a, b) => (a.key < b.key ? -1 : 1)));
}

async function checkHistory(store: Store, model: Model, at: { compacted: number; head: number }): Promise<void> {
  assert.equal(await store.compactedRevision(), at.compacted);
  for (const [revision, snapshot] of model.snapshots) {
    if (revision === 0) continue; // revision 0 in ListOptions means "the current one"
    if (revision < at.compacted) {
      await assert.rejects(store.list("/h/", { revision }), CompactedError, `list at compacted revision ${revision}`);
      continue;
    }
    const whole = await store.list("/h/", { revision });
    assert.deepEqual(whole.items, snapshot, `list at revision ${revision}`);
    const firstPage = await store.list("/h/", { revision, limit: 3 });
    assert.deepEqual(firstPage.items, snapshot.slice(0, 3), `first page at revision ${revision}`);
  }
  const replay = record(store, "/h/", at.compacted);
  await replay.untilEvents(at.head - at.compacted);
  const expected = [...model.events.values()].filter((e) => e.revision > at.compacted);
  assert.deepEqual(replay.events, expected);
  replay.watch.stop();
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
