import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { VirtualClock } from "../../util/virtual-clock.js";
import { range, record, revisionsOf } from "../conformance/harness.js";
import { CompactedError, StoreError } from "../store.js";
import { openEtcdStore } from "./etcd-store.js";
import type { EtcdStore, EtcdStoreOptions } from "./etcd-store.js";
import { startEtcdCluster } from "./testing/etcd-cluster.js";
import type { EtcdCluster } from "./testing/etcd-cluster.js";

let cluster: EtcdCluster;
let namespaces = 0;
const opened: EtcdStore[] = [];

before(async () => void (cluster = await startEtcdCluster({ members: 3 })));
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await cluster.stop();
});

async function open(options: Partial<EtcdStoreOptions> & { namespace: string }): Promise<EtcdStore> {
  const store = await openEtcdStore({ hosts: cluster.endpoints, clock: new VirtualClock(0), ...options });
  opened.push(store);
  return store;
}

/** Resolves once check returns true, trying again after each turn of the event loop. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("etcd store on a three-member cluster", () => {
  test("two stores on one namespace see each other's writes, in lists and in watches", async () => {
    const namespace = `/shared-${namespaces++}`;
    const [a, b] = [await open({ namespace }), await open({ namespace })];
    const start = await a.currentRevision();
    const watched = record(b, "/k/", start);
    const first = await a.create("/k/1", "one");
    const second = await b.update("/k/1", "two", first);
    await watched.untilEvents(2);
    assert.deepEqual(revisionsOf(watched.events), [first, second]);
    assert.deepEqual((await a.get("/k/1"))?.value, "two");
    watched.watch.stop();
  });

  test("a compaction through one store is known to another: a past list fails with the compacted revision, a new store knows it from the start", async () => {
    const namespace = `/compacted-${namespaces++}`;
    const [a, b] = [await open({ namespace }), await open({ namespace })];
    const old = await a.create("/k/1", "one");
    const kept = await a.update("/k/1", "two", old);
    await a.compact(kept);
    await assert.rejects(b.list("/k/", { revision: old }), (error: unknown) => {
      assert.ok(error instanceof CompactedError);
      assert.deepEqual([error.requested, error.compacted], [old, kept]);
      return true;
    });
    assert.equal(await b.compactedRevision(), kept);
    const late = await open({ namespace });
    assert.equal(await late.compactedRevision(), kept);
    assert.throws(() => late.watch("/k/", { afterRevision: old }, { onEvent: () => undefined }), CompactedError);
  });

  test("a watch from before a compaction made elsewhere ends with CompactedError", async () => {
    const namespace = `/late-watch-${namespaces++}`;
    const [a, b] = [await open({ namespace }), await open({ namespace })];
    const old = await a.create("/k/1", "one");
    const kept = await a.update("/k/1", "two", old);
    const stale = await b.compactedRevision();
    await a.compact(kept);
    assert.ok(stale < old, "b must not know of the compaction yet");
    const watched = record(b, "/k/", old - 1);
    await watched.until((r) => r.errors.length > 0);
    assert.ok(watched.errors[0] instanceof CompactedError);
    assert.equal(await b.compactedRevision(), kept);
  });

  test("the periodic compactor compacts, every 5 minutes of the clock, up to the head seen at the tick before", async () => {
    const clock = new VirtualClock(0);
    const store = await open({ namespace: `/periodic-${namespaces++}`, clock, keepRevisions: 0 });
    const compacted = await store.compactedRevision();
    let last = 0;
    for (let i = 0; i < 5; i++) last = await store.create(`/k/${i}`, "v");
    await store.currentRevision();
    await clock.advance(5 * 60 * 1000);
    assert.equal(await store.compactedRevision(), compacted, "the first tick only notes the head");
    await clock.advance(5 * 60 * 1000);
    await eventually(async () => (await store.compactedRevision()) >= last, "the second tick's compaction");
    await assert.rejects(store.list("/k/", { revision: last - 1 }), CompactedError);
  });

  test("a list and a watch catching up on more than gRPC's default 4 MB message size get everything", async () => {
    const store = await open({ namespace: `/big-${namespaces++}` });
    const start = await store.currentRevision();
    const value = "x".repeat(20_000);
    const count = 400;
    for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => store.create(`/k/${String(i + j).padStart(4, "0")}`, value)));
    const listed = await store.list("/k/");
    assert.equal(listed.items.length, count);
    const watched = record(store, "/k/", start);
    await watched.untilEvents(count);
    assert.deepEqual(watched.errors, []);
    assert.equal(watched.events.length, count);
    watched.watch.stop();
  });

  test("a watch goes on when the member its stream is on (the raft leader) is killed: every event once, in order", async () => {
    // Calls and streams take the members in turn: opening reads the head (first member), the
    // test reads it again (second), then the watch stream opens on the third, the leader.
    const leader = await cluster.leader();
    const others = cluster.endpoints.filter((e) => e !== leader.endpoint);
    const store = await open({ namespace: `/failover-${namespaces++}`, hosts: [...others, leader.endpoint] });
    const start = await store.currentRevision();
    const watched = record(store, "/k/", start);
    assert.equal(store.watchMember, `http://${leader.endpoint}`);
    const revisions: number[] = [];
    for (let i = 0; i < 20; i++) revisions.push(await store.create(`/k/${i}`, "before"));
    await watched.untilEvents(20);
    await leader.kill();
    for (let i = 20; i < 40; i++) revisions.push(await store.create(`/k/${i}`, "after"));
    await watched.untilEvents(40);
    assert.deepEqual(watched.errors, []);
    assert.deepEqual(revisionsOf(watched.events), revisions);
    assert.deepEqual(revisions, range(revisions[0]!, revisions[0]! + 39));
    watched.watch.stop();
  });

  test("with no member left, a call fails with a StoreError instead of hanging", async () => {
    const store = await open({ namespace: `/gone-${namespaces++}` });
    await Promise.all(cluster.members.map((m) => m.kill()));
    await assert.rejects(store.get("/k/1"), StoreError);
  });
});
