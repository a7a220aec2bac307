import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Stored } from "../api/object.js";
import type { WatchEvent, WatchOptions } from "../api/options.js";
import type { ResourceRef } from "../api/options.js";
import type { Status } from "../api/status.js";
import { expectStatus } from "./testing/expect-status.js";
import { type TestCluster, testCluster, widget, widgetsV1, widgetsV1beta1 } from "./testing/fixtures.js";
import { bookmarkIntervalMs } from "./watch.js";

/** Collects a watch's events; until() awaits a condition on them. */
async function collect(c: TestCluster, options: WatchOptions, target: { ref?: ResourceRef; namespace?: string } = {}) {
  const events: Array<WatchEvent<Stored>> = [];
  let wake: () => void = () => {};
  const watch = await c.registry.watch(target.ref ?? widgetsV1, target.namespace ?? "default", options, (e) => {
    events.push(e);
    wake();
  });
  const until = async (cond: (events: Array<WatchEvent<Stored>>) => boolean): Promise<void> => {
    while (!cond(events)) await new Promise<void>((resolve) => (wake = resolve));
  };
  return { events, watch, until };
}

const summary = (events: Array<WatchEvent<Stored>>): string[] => events.map((e) => `${e.type} ${e.object.metadata?.name ?? ""}`);

async function listRv(c: TestCluster): Promise<string> {
  return (await c.registry.list(widgetsV1, "default")).metadata.resourceVersion;
}

describe("watch", () => {
  test("from a list's resourceVersion: ADDED, MODIFIED, DELETED in order", async () => {
    const c = await testCluster();
    const w = await collect(c, { resourceVersion: await listRv(c) });
    await c.registry.create(widgetsV1, "default", widget("a"));
    await c.registry.patch(widgetsV1, "default", "a", "merge", { metadata: { labels: { x: "1" } } });
    await c.registry.delete(widgetsV1, "default", "a");
    await w.until((e) => e.length === 3);
    assert.deepEqual(summary(w.events), ["ADDED a", "MODIFIED a", "DELETED a"]);
    const rvs = w.events.map((e) => Number(e.object.metadata.resourceVersion));
    assert.deepEqual([...rvs].sort((x, y) => x - y), rvs);
    w.watch.stop();
    await w.watch.done;
  });

  test('resourceVersion "" first sends the current state as ADDED', async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    await c.registry.create(widgetsV1, "default", widget("b"));
    const w = await collect(c, {});
    await c.registry.create(widgetsV1, "default", widget("c"));
    await w.until((e) => e.length === 3);
    assert.deepEqual(summary(w.events), ["ADDED a", "ADDED b", "ADDED c"]);
    w.watch.stop();
  });

  test("events come in the requested version", async () => {
    const c = await testCluster();
    const w = await collect(c, { resourceVersion: await listRv(c) }, { ref: widgetsV1beta1 });
    await c.registry.create(widgetsV1, "default", widget("a", { replicas: 4 }));
    await w.until((e) => e.length === 1);
    assert.equal(w.events[0]!.object.apiVersion, "example.com/v1beta1");
    assert.deepEqual((w.events[0]!.object as unknown as { spec: unknown }).spec, { size: 4 });
    w.watch.stop();
  });

  test("an object that stops matching the selector is DELETED, one that starts matching ADDED", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a", {}, { labels: { app: "web" } }));
    const w = await collect(c, { resourceVersion: await listRv(c), labelSelector: "app=web" });
    const moved = await c.registry.patch(widgetsV1, "default", "a", "merge", { metadata: { labels: { app: "db" } } });
    await c.registry.patch(widgetsV1, "default", "a", "merge", { metadata: { labels: { app: "web" } } });
    await w.until((e) => e.length === 2);
    assert.deepEqual(summary(w.events), ["DELETED a", "ADDED a"]);
    // upstream sends the previous object on such a DELETED, at the event's resourceVersion
    assert.deepEqual(w.events[0]!.object.metadata.labels, { app: "web" });
    assert.equal(w.events[0]!.object.metadata.resourceVersion, moved.object.metadata.resourceVersion);
    w.watch.stop();
  });

  test("a field selector filters watch events too", async () => {
    const c = await testCluster();
    const w = await collect(c, { resourceVersion: await listRv(c), fieldSelector: "metadata.name=b" });
    await c.registry.create(widgetsV1, "default", widget("a"));
    await c.registry.create(widgetsV1, "default", widget("b"));
    await w.until((e) => e.length === 1);
    assert.deepEqual(summary(w.events), ["ADDED b"]);
    w.watch.stop();
  });

  test("timeoutSeconds ends the watch on the clock", async () => {
    const c = await testCluster();
    const w = await collect(c, { resourceVersion: await listRv(c), timeoutSeconds: 30 });
    let ended = false;
    void w.watch.done.then(() => (ended = true));
    await c.clock.advance(29_000);
    assert.equal(ended, false);
    await c.clock.advance(1_000);
    await w.watch.done;
    await c.registry.create(widgetsV1, "default", widget("late"));
    await c.clock.quiet();
    assert.deepEqual(w.events, []);
  });

  test("allowWatchBookmarks sends a BOOKMARK with the last revision every interval", async () => {
    const c = await testCluster();
    const w = await collect(c, { resourceVersion: await listRv(c), allowWatchBookmarks: true });
    const created = await c.registry.create(widgetsV1, "default", widget("a"));
    await w.until((e) => e.length === 1);
    await c.clock.advance(bookmarkIntervalMs);
    await w.until((e) => e.length === 2);
    const bookmark = w.events[1]!;
    assert.equal(bookmark.type, "BOOKMARK");
    assert.deepEqual(bookmark.object, { apiVersion: "example.com/v1", kind: "Widget", metadata: { resourceVersion: created.metadata.resourceVersion } });
    w.watch.stop();
  });

  test("sendInitialEvents ends the initial state with an annotated BOOKMARK", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    const w = await collect(c, { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersion: "" });
    assert.deepEqual(summary(w.events), ["ADDED a", "BOOKMARK "]);
    assert.deepEqual(w.events[1]!.object.metadata.annotations, { "k8s.io/initial-events-end": "true" });
    w.watch.stop();
  });

  test("a compacted resourceVersion is a 410 at once", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    const head = await c.store.currentRevision();
    await c.store.compact(head);
    await expectStatus(c.registry.watch(widgetsV1, "default", { resourceVersion: "2" }, () => {}), {
      code: 410,
      reason: "Expired",
      message: `too old resource version: 2 (${head})`,
    });
  });

  test("a watcher that falls behind gets an ERROR 410 and ends", async () => {
    const c = await testCluster([], { watchQueueLimit: 2 });
    const w = await collect(c, { resourceVersion: await listRv(c) });
    const value = (name: string): string => JSON.stringify(widget(name, {}, { namespace: "default", uid: name, creationTimestamp: "2026-01-01T00:00:00Z" }));
    // writes straight to the store, in one synchronous burst, outrun the watcher's queue
    await Promise.all(["a", "b", "c", "d", "e"].map((n) => c.store.create(`/registry/example.com/widgets/default/${n}`, value(n))));
    await w.watch.done;
    const last = w.events[w.events.length - 1]!;
    assert.equal(last.type, "ERROR");
    const status = last.object as unknown as Status;
    assert.equal(status.code, 410);
    assert.equal(status.reason, "Expired");
  });

  test("watchers of one resource share each decoded object (read-only)", async () => {
    const c = await testCluster();
    const rv = await listRv(c);
    const one = await collect(c, { resourceVersion: rv });
    const two = await collect(c, { resourceVersion: rv });
    await c.registry.create(widgetsV1, "default", widget("a"));
    await one.until((e) => e.length === 1);
    await two.until((e) => e.length === 1);
    assert.equal(one.events[0]!.object, two.events[0]!.object);
    one.watch.stop();
    two.watch.stop();
  });

  test("a watch of one namespace sees nothing of another", async () => {
    const c = await testCluster();
    const w = await collect(c, { resourceVersion: await listRv(c) }, { namespace: "kube-system" });
    await c.registry.create(widgetsV1, "default", widget("a"));
    await c.registry.create(widgetsV1, "kube-system", widget("b"));
    await w.until((e) => e.length === 1);
    assert.deepEqual(summary(w.events), ["ADDED b"]);
    w.watch.stop();
  });
});
