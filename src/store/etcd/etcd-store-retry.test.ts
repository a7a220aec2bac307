import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { KeyExistsError, RevisionMismatchError } from "../store.js";
import { openEtcdStore } from "./etcd-store.js";
import type { EtcdStore } from "./etcd-store.js";
import { startBreakingProxy } from "./testing/breaking-proxy.js";
import type { BreakingProxy } from "./testing/breaking-proxy.js";
import { startEtcdCluster } from "./testing/etcd-cluster.js";
import type { EtcdCluster } from "./testing/etcd-cluster.js";

let cluster: EtcdCluster;
let proxy: BreakingProxy;
/** A store on the real member alone: another writer. */
let other: EtcdStore;
const opened: EtcdStore[] = [];
let namespaces = 0;

before(async () => {
  cluster = await startEtcdCluster({ members: 1 });
  proxy = await startBreakingProxy(cluster.endpoints[0]!, ["/etcdserverpb.KV/Txn"]);
  other = await openEtcdStore({ hosts: cluster.endpoints, namespace: "/retry" });
});
after(async () => {
  await Promise.all([other, ...opened].map((s) => s.close()));
  await proxy.close();
  await cluster.stop();
});

/**
 * A store whose calls take two members in turn: the proxy, which lets reads through and breaks
 * off each Txn after the real member applied it, then the real member. Opening reads the head
 * through the proxy; so the first write goes to the real member and the second through the
 * proxy, broken off and tried again on the real member, where it meets itself.
 */
async function storeBehindProxy(): Promise<EtcdStore> {
  const store = await openEtcdStore({ hosts: [proxy.endpoint, cluster.endpoints[0]!], namespace: "/retry" });
  opened.push(store);
  return store;
}

/** Runs second, checking that it was the call the proxy broke off. */
async function brokenOff<T>(second: () => Promise<T>): Promise<T> {
  const before = proxy.broken;
  try {
    return await second();
  } finally {
    assert.equal(proxy.broken - before, 1, "the write went through the proxy and was broken off");
  }
}

describe("etcd store: a write broken off after it landed, tried again", () => {
  test("a create reports its own revision, not that the key exists", async () => {
    const store = await storeBehindProxy();
    const k = `/c/${namespaces++}`;
    await store.create(`${k}/first`, "through the real member");
    const revision = await brokenOff(() => store.create(`${k}/second`, "through the proxy"));
    const kv = await other.get(`${k}/second`);
    assert.deepEqual([kv?.value, kv?.modRevision, kv?.createRevision], ["through the proxy", revision, revision]);
  });

  test("an update reports its own revision, not a mismatch", async () => {
    const store = await storeBehindProxy();
    const k = `/u/${namespaces++}`;
    const created = await store.create(k, "v0");
    const revision = await brokenOff(() => store.update(k, "v1", created));
    const kv = await other.get(k);
    assert.deepEqual([kv?.value, kv?.modRevision], ["v1", revision]);
  });

  test("a create of a key that holds another write's value still fails", async () => {
    const store = await storeBehindProxy();
    const k = `/taken/${namespaces++}`;
    await store.create(k, "someone else's");
    await brokenOff(() => assert.rejects(store.create(k, "mine"), KeyExistsError));
    assert.equal((await other.get(k))?.value, "someone else's");
  });

  test("an update from a revision another writer has since replaced still fails", async () => {
    const store = await storeBehindProxy();
    const k = `/stale/${namespaces++}`;
    const created = await store.create(k, "v0");
    await other.update(k, "theirs", created);
    await brokenOff(() => assert.rejects(store.update(k, "mine", created), RevisionMismatchError));
    assert.equal((await other.get(k))?.value, "theirs");
  });
});
