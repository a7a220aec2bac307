import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KeyValue, Store, Watch, WatchHandler, WatchOptions } from "../store/store.js";
import { createRegistry } from "./generic-registry.js";
import type { Registry } from "./registry.js";
import { reportingWrites } from "./reporting-store.js";
import { expectStatus } from "./testing/expect-status.js";
import { namespaces, testCluster, widget, widgetsV1, type TestCluster } from "./testing/fixtures.js";

const namespaceKey = (name: string): string => `/registry/core/namespaces/${name}`;

/** A second API server on the same store: its writes reach the first only through the store. */
function otherServer(c: TestCluster): Registry {
  return createRegistry({ store: c.store, resources: c.table, clock: c.clock });
}

/** Deletes a namespace outright: Terminating, then its finalizer removed through finalize. */
async function deleteNamespace(registry: Registry, name: string): Promise<void> {
  const { object } = await registry.delete(namespaces, undefined, name);
  await registry.update(namespaces, undefined, name, { ...object, spec: { finalizers: [] } }, { subresource: "finalize" });
}

const terminating = { code: 403, reason: "Forbidden", message: /because it is being terminated/ };

describe("namespace lifecycle on create, from the namespace cache", () => {
  test("a namespace this registry marks Terminating refuses the next create at once, however late its watch", async () => {
    const c = await testCluster();
    // as over the network from etcd: the watch hands events over only after the writer went on
    const registry = createRegistry({ store: lateWatch(c.store), resources: c.table, clock: c.clock });
    await registry.create(namespaces, undefined, { metadata: { name: "going" } });
    await registry.create(widgetsV1, "going", widget("a"));
    await registry.delete(namespaces, undefined, "going");
    await expectStatus(registry.create(widgetsV1, "going", widget("b")), terminating);
  });

  test("a namespace another API server marks Terminating is refused once its write is stored", async () => {
    const c = await testCluster();
    await c.registry.create(namespaces, undefined, { metadata: { name: "going" } });
    await c.registry.create(widgetsV1, "going", widget("a"));
    await otherServer(c).delete(namespaces, undefined, "going");
    await expectStatus(c.registry.create(widgetsV1, "going", widget("b")), terminating);
  });

  test("a namespace deleted outright is NotFound for creates, and found again once recreated", async () => {
    const c = await testCluster();
    const other = otherServer(c);
    await c.registry.create(namespaces, undefined, { metadata: { name: "gone" } });
    await c.registry.create(widgetsV1, "gone", widget("a"));
    await deleteNamespace(other, "gone");
    await expectStatus(c.registry.create(widgetsV1, "gone", widget("b")), { code: 404, reason: "NotFound", message: 'namespaces "gone" not found' });
    await other.create(namespaces, undefined, { metadata: { name: "gone" } });
    const w = await c.registry.create(widgetsV1, "gone", widget("b"));
    assert.equal(w.metadata.namespace, "gone");
  });

  test("a namespace another API server creates is found by a read of the store", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    await otherServer(c).create(namespaces, undefined, { metadata: { name: "new" } });
    const w = await c.registry.create(widgetsV1, "new", widget("a"));
    assert.equal(w.metadata.namespace, "new");
  });

  test("creates in a namespace already seen read no namespace from the store", async () => {
    const c = await testCluster();
    const reads: string[] = [];
    const registry = createRegistry({ store: recordingGets(c.store, reads), resources: c.table, clock: c.clock });
    for (const name of ["a", "b", "c"]) await registry.create(widgetsV1, "default", widget(name));
    assert.deepEqual(reads.filter((k) => k === namespaceKey("default")), [namespaceKey("default")]);
  });

  test("after its watch fails the cache forgets what it knew and watches again", async () => {
    // every watcher may hold one event: two namespace writes in one step overflow the cache's
    const c = await testCluster([], { watchQueueLimit: 1 });
    const other = otherServer(c);
    await c.registry.create(namespaces, undefined, { metadata: { name: "going" } });
    await c.registry.create(widgetsV1, "going", widget("a"));
    await Promise.all([other.create(namespaces, undefined, { metadata: { name: "x" } }), other.create(namespaces, undefined, { metadata: { name: "y" } })]);
    await other.delete(namespaces, undefined, "going");
    await expectStatus(c.registry.create(widgetsV1, "going", widget("b")), terminating);
  });

  test("a store whose watch cannot start is read at every create", async () => {
    const c = await testCluster();
    const registry = createRegistry({ store: failingWatch(c.store), resources: c.table, clock: c.clock });
    await registry.create(namespaces, undefined, { metadata: { name: "going" } });
    await registry.create(widgetsV1, "going", widget("a"));
    await otherServer(c).delete(namespaces, undefined, "going");
    await expectStatus(registry.create(widgetsV1, "going", widget("b")), terminating);
  });

  test("a namespace name no key can hold is a 400 before any lookup", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.create(widgetsV1, "a%2f", widget("a")), { code: 400, reason: "BadRequest", message: /^Name parameter invalid: "a%2f": may not contain '%'$/ });
  });
});

describe("reportingWrites", () => {
  test("reports writes under its prefix as the store takes them, and only those", async () => {
    const c = await testCluster();
    const seen: Array<{ key: string; revision: number; value?: string }> = [];
    const store = reportingWrites(c.store, { prefix: "/a/", onWrite: (w) => seen.push(w) });
    const r1 = await store.create("/a/x", "1");
    await store.create("/b/x", "2");
    const r2 = await store.update("/a/x", "3", r1);
    const { revision: r3 } = await store.delete("/a/x");
    assert.deepEqual(seen, [
      { key: "/a/x", revision: r1, value: "1" },
      { key: "/a/x", revision: r2, value: "3" },
      { key: "/a/x", revision: r3 },
    ]);
  });

  test("a write the store refuses is not reported", async () => {
    const c = await testCluster();
    const seen: string[] = [];
    const store = reportingWrites(c.store, { prefix: "/a/", onWrite: (w) => seen.push(w.key) });
    await store.create("/a/x", "1");
    await assert.rejects(store.create("/a/x", "2"));
    await assert.rejects(store.update("/a/x", "2", 999));
    assert.deepEqual(seen, ["/a/x"]);
  });
});

/** store, its watch refusing to start (as an etcd that cannot be reached might). */
function failingWatch(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "watch") {
        return (): Watch => {
          throw new Error("watch refused");
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** store, its watch events handed over on a later turn of the event loop. */
function lateWatch(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "watch") {
        return (prefix: string, options: WatchOptions, handler: WatchHandler): Watch =>
          target.watch(prefix, options, {
            onEvent: (e) => setImmediate(() => handler.onEvent(e)),
            onError: (err) => setImmediate(() => handler.onError?.(err)),
          });
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** store, recording the key of every get. */
function recordingGets(store: Store, reads: string[]): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "get") {
        return (key: string): Promise<KeyValue | undefined> => {
          reads.push(key);
          return target.get(key);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
