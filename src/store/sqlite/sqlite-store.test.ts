import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { VirtualClock } from "../../util/virtual-clock.js";
import { record } from "../conformance/harness.js";
import { runStoreConformance } from "../store-conformance.js";
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionMismatchError, StoreError } from "../store.js";
import { WatcherTooSlowError } from "../watch-queue.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { SqliteStoreOptions } from "./sqlite-store.js";

runStoreConformance("sqlite in memory", () => openSqliteStore(":memory:", { clock: new VirtualClock(0) }));
runStoreConformance("sqlite in memory, grouped commits", () =>
  openSqliteStore(":memory:", { clock: new VirtualClock(0), commits: "grouped" }),
);

const dir = mkdtempSync(join(tmpdir(), "tinykube-sqlite-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A store in a new file, and a way to open that file again. */
async function fileStore(options: SqliteStoreOptions = {}) {
  const file = join(dir, `store-${files++}.db`);
  const reopen = () => openSqliteStore(file, { clock: new VirtualClock(0), ...options });
  return { file, store: await reopen(), reopen };
}

function logRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], number>("SELECT COUNT(*) FROM log").pluck().get() ?? -1;
  } finally {
    db.close();
  }
}

describe("sqlite store on disk", () => {
  test("reopening keeps keys, revisions and the revision counter", async () => {
    const { store, reopen } = await fileStore();
    const a = await store.create("/k/a", "one");
    const a2 = await store.update("/k/a", "two", a);
    await store.create("/k/b", "b");
    await store.close();
    const again = await reopen();
    assert.deepEqual(await again.get("/k/a"), { key: "/k/a", value: "two", createRevision: a, modRevision: a2 });
    assert.equal(await again.currentRevision(), a2 + 1);
    assert.equal(await again.create("/k/c", "c"), a2 + 2);
    await again.close();
  });

  test("history survives reopening: lists at past revisions and watches from them still work", async () => {
    const { store, reopen } = await fileStore();
    const a = await store.create("/k/a", "one");
    const a2 = await store.update("/k/a", "two", a);
    await store.close();
    const again = await reopen();
    assert.deepEqual((await again.list("/k/", { revision: a })).items.map((i) => i.value), ["one"]);
    const replay = record(again, "/k/", 0);
    await replay.untilEvents(2);
    assert.deepEqual(replay.events.map((e) => [e.revision, e.value, e.prevValue]), [[a, "one", undefined], [a2, "two", "one"]]);
    replay.watch.stop();
    await again.close();
  });

  test("the compacted revision survives reopening, even when the last write was a delete", async () => {
    const { store, reopen } = await fileStore();
    const a = await store.create("/k/a", "one");
    const { revision } = await store.delete("/k/a", a);
    await store.compact(revision);
    await store.close();
    const again = await reopen();
    assert.equal(await again.compactedRevision(), revision);
    assert.equal(await again.currentRevision(), revision);
    assert.throws(() => again.watch("/k/", { afterRevision: a }, { onEvent: () => undefined }), CompactedError);
    await again.close();
  });

  test("compaction deletes the history rows no read can need and keeps each key's value", async () => {
    const { file, store } = await fileStore();
    let rev = await store.create("/k/a", "0");
    for (let i = 1; i <= 50; i++) rev = await store.update("/k/a", String(i), rev);
    const gone = await store.create("/k/gone", "x");
    await store.delete("/k/gone", gone);
    const kept = await store.create("/k/b", "b");
    await store.compact(kept);
    const later = await store.update("/k/a", "51", rev);
    await store.close();
    // Left: "/k/a"@rev (the value "/k/a"@later replaced), "/k/b"@kept, and "/k/a"@later.
    assert.equal(logRows(file), 3);
    const again = await openSqliteStore(file);
    assert.deepEqual((await again.list("/k/", { revision: kept })).items.map((i) => [i.key, i.value]), [["/k/a", "50"], ["/k/b", "b"]]);
    assert.equal((await again.get("/k/a"))?.modRevision, later);
    await again.close();
  });
});

describe("sqlite store compaction on the clock", () => {
  test("each tick compacts to the revision of the tick before, never within keepRevisions of the head", async () => {
    const clock = new VirtualClock(0);
    const store = await openSqliteStore(":memory:", { clock, compactionIntervalMs: 60_000, keepRevisions: 5 });
    const writeMany = async (n: number) => {
      for (let i = 0; i < n; i++) await store.create(`/k/${await store.currentRevision()}`, "v");
    };
    const steps: Array<{ writes: number; compacted: number }> = [
      { writes: 20, compacted: 0 }, // the first tick only records revision 20
      { writes: 20, compacted: 20 }, // the second compacts to what the first recorded
      { writes: 0, compacted: 35 }, // then to head minus keepRevisions, as nothing was written
      { writes: 2, compacted: 37 },
    ];
    for (const step of steps) {
      await writeMany(step.writes);
      await clock.advance(60_000);
      assert.equal(await store.compactedRevision(), step.compacted);
    }
    await store.close();
  });
});

describe("sqlite store watchers", () => {
  test("a watcher whose queue fills up gets the events it had room for, then WatcherTooSlowError", async () => {
    const store = await openSqliteStore(":memory:", { clock: new VirtualClock(0), watchQueueLimit: 10 });
    const recording = record(store, "/k/", 0);
    // Issued without awaiting, so all fifty commit before the watcher is given any.
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/k/${i}`, "v")));
    await recording.until((r) => r.errors.length > 0);
    assert.deepEqual(recording.events.map((e) => e.revision), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(recording.errors[0] instanceof WatcherTooSlowError);
    await store.create("/k/late", "v");
    assert.equal(recording.events.length, 10);
    await store.close();
  });

  test("a watcher still catching up when history is compacted past it gets CompactedError after what it read", async () => {
    const store = await openSqliteStore(":memory:", { clock: new VirtualClock(0) });
    for (let i = 0; i < 2500; i++) await store.create(`/k/${i}`, "v");
    const recording = record(store, "/k/", 0);
    // The first chunk of the catch-up (1000 events) is read at once; the rest is not yet.
    const compaction = store.compact(2000);
    await recording.until((r) => r.errors.length > 0);
    await compaction;
    assert.deepEqual(recording.events.map((e) => e.revision), Array.from({ length: 1000 }, (_, i) => i + 1));
    assert.ok(recording.errors[0] instanceof CompactedError);
    await store.close();
  });

  test("closing the store stops its watches, and calls on a closed store fail with StoreError", async () => {
    const store = await openSqliteStore(":memory:", { clock: new VirtualClock(0) });
    const recording = record(store, "/k/", 0);
    const pending = store.create("/k/a", "v");
    await store.close();
    await pending;
    assert.deepEqual(recording.events, []);
    await assert.rejects(store.get("/k/a"), StoreError);
    assert.throws(() => store.watch("/k/", { afterRevision: 0 }, { onEvent: () => undefined }), StoreError);
  });
});

describe("sqlite store with grouped commits", () => {
  test("writes issued in one turn take consecutive revisions in the order issued, and watchers see that order", async () => {
    const { store } = await fileStore({ commits: "grouped" });
    const recording = record(store, "/k/", 0);
    const revisions = await Promise.all(["a", "b", "c", "d"].map((k) => store.create(`/k/${k}`, k)));
    assert.deepEqual(revisions, [1, 2, 3, 4]);
    await recording.untilEvents(4);
    assert.deepEqual(recording.events.map((e) => [e.key, e.revision]), [["/k/a", 1], ["/k/b", 2], ["/k/c", 3], ["/k/d", 4]]);
    await store.close();
  });

  test("a write whose check fails fails alone, and later writes of its group see the earlier ones", async () => {
    const { store } = await fileStore({ commits: "grouped" });
    await store.create("/k/old", "v");
    const results = await Promise.allSettled([
      store.create("/k/a", "1"),
      store.update("/k/old", "x", 99),
      store.create("/k/a", "again"),
      store.update("/k/a", "2", 2),
      store.delete("/k/missing"),
      store.delete("/k/old", 1),
    ]);
    const outcome = results.map((r) => (r.status === "fulfilled" ? r.value : r.reason.constructor));
    assert.deepEqual(outcome.slice(0, 5), [2, RevisionMismatchError, KeyExistsError, 3, KeyNotFoundError]);
    assert.equal((results[5] as PromiseFulfilledResult<{ revision: number }>).value.revision, 4);
    assert.equal(await store.currentRevision(), 4);
    assert.deepEqual(await store.get("/k/a"), { key: "/k/a", value: "2", createRevision: 2, modRevision: 3 });
    assert.equal(await store.get("/k/old"), undefined);
    await store.close();
  });

  test("a write is acknowledged only once it is committed in the file", async () => {
    const { store, file } = await fileStore({ commits: "grouped" });
    const pending = store.create("/k/a", "v");
    assert.equal(logRows(file), 0);
    assert.equal(await pending, 1);
    assert.equal(logRows(file), 1);
    await store.close();
  });

  test("closing the store commits the writes already issued", async () => {
    const { store, reopen } = await fileStore({ commits: "grouped" });
    const pending = [store.create("/k/a", "v"), store.create("/k/b", "v")];
    await store.close();
    assert.deepEqual(await Promise.all(pending), [1, 2]);
    const again = await reopen();
    assert.equal(await again.count("/k/"), 2);
    await again.close();
  });
});
