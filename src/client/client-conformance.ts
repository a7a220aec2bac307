// The behaviour every Client owes its callers, whatever carries the calls: run by the
// in-process client's tests now, and by the HTTP client's against a real server.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import type { Stored } from "../api/object.js";
import type { WatchEvent } from "../api/options.js";
import { refs } from "../api/refs.js";
import { type Status, StatusError } from "../api/status.js";
import type { Client } from "./client.js";

export interface ClientFixture {
  readonly client: Client;
  /** Forgets the store's history (for the 410 cases); absent where the server cannot be told to. */
  compact?(): Promise<void>;
  close(): Promise<void>;
}

export type OpenClientFixture = () => Promise<ClientFixture>;

const ns = "default";

function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, data };
}

async function expectError(p: Promise<unknown>, code: number, reason: string): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.reason, reason, err.message);
    return err;
  }
  assert.fail(`expected a ${code} ${reason}`);
}

/** Collects a watch's events; until() waits for a condition on them. */
async function collect(client: Client, resourceVersion: string, labelSelector?: string) {
  const events: Array<WatchEvent<Stored<ConfigMap>>> = [];
  let wake = (): void => {};
  const options = labelSelector === undefined ? { resourceVersion } : { resourceVersion, labelSelector };
  const handle = await client.watch<ConfigMap>(refs.configMaps, ns, options, (e) => {
    events.push(e);
    wake();
  });
  const until = async (cond: () => boolean): Promise<void> => {
    while (!cond()) await new Promise<void>((resolve) => (wake = resolve));
  };
  return { events, handle, until };
}

export function runClientConformance(name: string, open: OpenClientFixture): void {
  describe(`Client conformance: ${name}`, () => {
    const withClient = (fn: (f: ClientFixture) => Promise<void>) => async () => {
      const f = await open();
      try {
        await fn(f);
      } finally {
        await f.close();
      }
    };

    test("create stores the object with uid, resourceVersion and creationTimestamp; get reads it back", withClient(async ({ client }) => {
      const created = await client.create(refs.configMaps, configMap("a", { k: "v" }));
      assert.ok(created.metadata.uid);
      assert.ok(created.metadata.resourceVersion);
      assert.ok(created.metadata.creationTimestamp);
      assert.deepEqual(await client.get(refs.configMaps, ns, "a"), created);
    }));

    test("the caller's object is not changed by a call, and what comes back is the caller's to change", withClient(async ({ client }) => {
      const body = configMap("a", { k: "v" });
      const before = structuredClone(body);
      const created = await client.create(refs.configMaps, body);
      assert.deepEqual(body, before);
      created.data = { changed: "yes" };
      assert.deepEqual((await client.get<ConfigMap>(refs.configMaps, ns, "a")).data, { k: "v" });
    }));

    test("creating an existing name is 409 AlreadyExists", withClient(async ({ client }) => {
      await client.create(refs.configMaps, configMap("a"));
      const err = await expectError(client.create(refs.configMaps, configMap("a")), 409, "AlreadyExists");
      assert.equal(err.message, 'configmaps "a" already exists');
    }));

    test("getting a missing object is 404 NotFound", withClient(async ({ client }) => {
      const err = await expectError(client.get(refs.configMaps, ns, "missing"), 404, "NotFound");
      assert.equal(err.message, 'configmaps "missing" not found');
    }));

    test("an invalid object is 422 Invalid with one cause per field error", withClient(async ({ client }) => {
      const err = await expectError(client.create(refs.configMaps, configMap("a", { "a b": "v" })), 422, "Invalid");
      assert.deepEqual(err.status.details?.causes?.map((c) => c.field), ["data[a b]"]);
    }));

    test("update with a stale resourceVersion is 409 Conflict", withClient(async ({ client }) => {
      const created = await client.create(refs.configMaps, configMap("a", { k: "1" }));
      const updated = await client.update(refs.configMaps, { ...created, data: { k: "2" } });
      assert.notEqual(updated.metadata.resourceVersion, created.metadata.resourceVersion);
      await expectError(client.update(refs.configMaps, { ...created, data: { k: "3" } }), 409, "Conflict");
    }));

    test("a merge patch changes only what it names", withClient(async ({ client }) => {
      await client.create(refs.configMaps, configMap("a", { k: "1", j: "2" }));
      const patched = await client.patch<ConfigMap>(refs.configMaps, ns, "a", "merge", { data: { k: "9" } });
      assert.deepEqual(patched.data, { k: "9", j: "2" });
    }));

    test("delete removes the object; a second delete is 404", withClient(async ({ client }) => {
      await client.create(refs.configMaps, configMap("a"));
      const result = await client.delete(refs.configMaps, ns, "a");
      assert.equal(result.deleted, true);
      await expectError(client.get(refs.configMaps, ns, "a"), 404, "NotFound");
      await expectError(client.delete(refs.configMaps, ns, "a"), 404, "NotFound");
    }));

    test("dryRun create answers the object and stores nothing", withClient(async ({ client }) => {
      await client.create(refs.configMaps, configMap("a"), { dryRun: true });
      await expectError(client.get(refs.configMaps, ns, "a"), 404, "NotFound");
    }));

    test("list filters by label selector and reports a resourceVersion", withClient(async ({ client }) => {
      await client.create(refs.configMaps, configMap("a", {}, { app: "web" }));
      await client.create(refs.configMaps, configMap("b", {}, { app: "db" }));
      const list = await client.list<ConfigMap>(refs.configMaps, ns, { labelSelector: "app=web" });
      assert.deepEqual(list.items.map((i) => i.metadata.name), ["a"]);
      assert.ok(Number(list.metadata.resourceVersion) > 0);
    }));

    test("list pages with limit and continue", withClient(async ({ client }) => {
      for (const n of ["a", "b", "c"]) await client.create(refs.configMaps, configMap(n));
      const first = await client.list(refs.configMaps, ns, { limit: 2 });
      assert.equal(first.items.length, 2);
      const rest = await client.list(refs.configMaps, ns, { limit: 2, continue: first.metadata.continue! });
      assert.deepEqual([...first.items, ...rest.items].map((i) => i.metadata.name), ["a", "b", "c"]);
      assert.equal(rest.metadata.continue ?? "", "");
    }));

    test("a watch from a list's resourceVersion sees ADDED, MODIFIED, DELETED in order, then stops", withClient(async ({ client }) => {
      const rv = (await client.list(refs.configMaps, ns)).metadata.resourceVersion;
      const w = await collect(client, rv);
      await client.create(refs.configMaps, configMap("a", { k: "1" }));
      await client.patch(refs.configMaps, ns, "a", "merge", { data: { k: "2" } });
      await client.delete(refs.configMaps, ns, "a");
      await w.until(() => w.events.length >= 3);
      assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata.name}`), ["ADDED a", "MODIFIED a", "DELETED a"]);
      assert.deepEqual(w.events[1]!.object.data, { k: "2" });
      w.handle.stop();
      await w.handle.done;
    }));

    test("a watch with a selector sees an object leave as DELETED and come back as ADDED", withClient(async ({ client }) => {
      await client.create(refs.configMaps, configMap("a", {}, { app: "web" }));
      const rv = (await client.list(refs.configMaps, ns)).metadata.resourceVersion;
      const w = await collect(client, rv, "app=web");
      await client.patch(refs.configMaps, ns, "a", "merge", { metadata: { labels: { app: "db" } } });
      await client.patch(refs.configMaps, ns, "a", "merge", { metadata: { labels: { app: "web" } } });
      await w.until(() => w.events.length >= 2);
      assert.deepEqual(w.events.map((e) => e.type), ["DELETED", "ADDED"]);
      w.handle.stop();
    }));

    test("after stop no event is delivered and done settles", withClient(async ({ client }) => {
      const rv = (await client.list(refs.configMaps, ns)).metadata.resourceVersion;
      const w = await collect(client, rv);
      w.handle.stop();
      await w.handle.done;
      await client.create(refs.configMaps, configMap("late"));
      await client.get(refs.configMaps, ns, "late");
      assert.deepEqual(w.events, []);
    }));

    test("no watcher can change the objects another is given: they are its own, or frozen", withClient(async ({ client }) => {
      const rv = (await client.list(refs.configMaps, ns)).metadata.resourceVersion;
      const one = await collect(client, rv);
      const two = await collect(client, rv);
      await client.create(refs.configMaps, configMap("a", { k: "1" }));
      await one.until(() => one.events.length >= 1);
      const given = one.events[0]!.object;
      if (Object.isFrozen(given)) {
        assert.throws(() => (given.data = { k: "mutated" }), TypeError);
        assert.throws(() => (given.data!.k = "mutated"), TypeError);
      } else {
        given.data = { k: "mutated" };
      }
      await two.until(() => two.events.length >= 1);
      assert.deepEqual(two.events[0]!.object.data, { k: "1" });
      one.handle.stop();
      two.handle.stop();
    }));

    test("the object a delete returns is the caller's own to change, gone or kept by a finalizer", withClient(async ({ client }) => {
      const rv = (await client.list(refs.configMaps, ns)).metadata.resourceVersion;
      const w = await collect(client, rv);
      await client.create(refs.configMaps, configMap("gone", { k: "1" }));
      await client.create(refs.configMaps, { ...configMap("held", { k: "1" }), metadata: { name: "held", namespace: ns, finalizers: ["example.com/hold"] } });
      // the watcher has the objects as stored: what a delete reads may be those very objects
      await w.until(() => w.events.length >= 2);
      const gone = await client.delete<ConfigMap>(refs.configMaps, ns, "gone");
      const held = await client.delete<ConfigMap>(refs.configMaps, ns, "held");
      assert.deepEqual([gone.deleted, held.deleted], [true, false]);
      gone.object.data = { k: "mutated" };
      held.object.data!.k = "mutated";
      await w.until(() => w.events.length >= 4);
      assert.deepEqual(w.events.map((e) => [e.type, e.object.data]), [["ADDED", { k: "1" }], ["ADDED", { k: "1" }], ["DELETED", { k: "1" }], ["MODIFIED", { k: "1" }]]);
      await client.patch(refs.configMaps, ns, "held", "merge", { metadata: { finalizers: null } });
      w.handle.stop();
    }));

    test("a watch from a compacted resourceVersion is a 410: thrown at once or an ERROR event that ends it", withClient(async (f) => {
      if (!f.compact) return;
      const { client } = f;
      const rv = (await client.list(refs.configMaps, ns)).metadata.resourceVersion;
      await client.create(refs.configMaps, configMap("a"));
      await client.create(refs.configMaps, configMap("b"));
      await f.compact();
      let w: Awaited<ReturnType<typeof collect>>;
      try {
        w = await collect(client, rv);
      } catch (err) {
        assert.ok(err instanceof StatusError && err.code === 410, String(err));
        return;
      }
      await w.handle.done;
      const last = w.events[w.events.length - 1]!;
      assert.equal(last.type, "ERROR");
      assert.equal((last.object as unknown as Status).code, 410);
    }));
  });
}
