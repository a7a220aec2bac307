// The runtime's write helpers against the in-process cluster: expectations, UID preconditions and
// retries on 409.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConfigMap, Namespace } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { apiErrors, isConflict } from "../../api/status.js";
import { ControllerExpectations, UIDTrackingExpectations } from "../../client/expectations.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { FaultyClient } from "../../client/testing/faulty-client.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { deleteWithUid } from "./delete-with-uid.js";
import { createAllExpected, deleteExpected } from "./expected-writes.js";
import { updateStatusWithRetry, updateWithRetry } from "./retry-on-conflict.js";
import { trackExpectations } from "./track-expectations.js";

const ns = "default";
const cm = (name: string, data: Record<string, string> = {}): ConfigMap => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data });

async function withCluster(fn: (c: TestCluster, client: FaultyClient) => Promise<void>): Promise<void> {
  const c = await openTestCluster();
  try {
    await fn(c, new FaultyClient(c.client));
  } finally {
    await c.close();
  }
}

test("an update from a stale view gets a 409, re-reads and re-applies its change on the latest object", () =>
  withCluster(async (c, client) => {
    const stale = await c.client.create(refs.configMaps, cm("a", { first: "1" }));
    const latest = await c.client.update(refs.configMaps, { ...stale, data: { first: "1", other: "writer" } });
    const written = await updateWithRetry<ConfigMap>({ client, ref: refs.configMaps, object: stale }, (obj) => {
      obj.data = { ...obj.data, mine: "yes" };
      return obj;
    }, { fromCache: true });
    assert.deepEqual(written?.data, { first: "1", other: "writer", mine: "yes" });
    assert.notEqual(written?.metadata.resourceVersion, latest.metadata.resourceVersion);
    assert.deepEqual(client.calls, ["update configmaps", "get configmaps", "update configmaps"]);
  }));

test("an update with nothing to change writes nothing; one on a gone or re-created object writes nothing and says so", () =>
  withCluster(async (c, client) => {
    const a = await c.client.create(refs.configMaps, cm("a"));
    const at = { client, ref: refs.configMaps, object: a };
    assert.equal((await updateWithRetry(at, () => undefined))?.metadata.uid, a.metadata.uid);
    await c.client.delete(refs.configMaps, ns, "a");
    assert.equal(await updateWithRetry(at, (o) => o), undefined, "gone");
    await c.client.create(refs.configMaps, cm("a"));
    assert.equal(await updateWithRetry(at, (o) => o), undefined, "re-created");
    assert.deepEqual(client.calls.filter((x) => x.startsWith("update")), []);
  }));

test("retries on conflict stop after five attempts", () =>
  withCluster(async (c, client) => {
    const a = await c.client.create(refs.configMaps, cm("a"));
    const conflict = (): Error => apiErrors.conflict({ group: "", resource: "configmaps" }, "a", "the object has been modified");
    client.failNext("update", conflict(), conflict(), conflict(), conflict(), conflict());
    await assert.rejects(updateWithRetry({ client, ref: refs.configMaps, object: a }, (o) => o), (err) => isConflict(err));
    assert.equal(client.calls.filter((x) => x === "update configmaps").length, 5);
  }));

test("a status update goes through the status subresource", () =>
  withCluster(async (c) => {
    const created = await c.client.create<Namespace>(refs.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    const conditions = [{ type: "NamespaceContentRemaining", status: "False", reason: "ContentRemoved", message: "All content successfully removed" }];
    const written = await updateStatusWithRetry<Namespace>({ client: c.client, ref: refs.namespaces, object: created }, { ...created.status, conditions });
    assert.deepEqual(written?.status?.conditions, conditions);
  }));

test("a delete with the UID precondition removes that object, refuses a re-created one, and treats gone as done", () =>
  withCluster(async (c) => {
    const first = await c.client.create(refs.configMaps, cm("a"));
    const at = { client: c.client, ref: refs.configMaps, object: first };
    assert.equal((await deleteWithUid(at))?.deleted, true);
    assert.equal(await deleteWithUid(at), undefined);
    await c.client.create(refs.configMaps, cm("a"));
    await assert.rejects(deleteWithUid(at), (err) => isConflict(err));
    assert.ok(await c.client.get(refs.configMaps, ns, "a"), "the new object stays");
  }));

test("creates under expectations: failed and skipped creates are un-expected at once", () =>
  withCluster(async (c, client) => {
    const expectations = new ControllerExpectations(c.clock);
    // The first batch (1) succeeds, the second (2) has one failure: the remaining 4 are skipped.
    client.failNth("create", 3, apiErrors.forbidden({ group: "", resource: "configmaps" }, "c-2", "exceeded quota"));
    const objs = Array.from({ length: 7 }, (_, i) => cm(`c-${i}`));
    const result = await createAllExpected({ client, ref: refs.configMaps }, objs, { expectations, key: "default/owner" });
    assert.equal(result.created.length, 2);
    assert.ok(result.error);
    assert.deepEqual(expectations.get("default/owner")?.add, 2, "only the two real creates remain expected");
    expectations.creationObserved("default/owner");
    expectations.creationObserved("default/owner");
    assert.equal(expectations.satisfied("default/owner"), true);
  }));

test("a failed delete under UID-tracked expectations stops expecting that object", () =>
  withCluster(async (c, client) => {
    const expectations = new UIDTrackingExpectations(c.clock);
    const a = await c.client.create(refs.configMaps, cm("a"));
    const b = await c.client.create(refs.configMaps, cm("b"));
    expectations.expectDeletionsOf("default/owner", ["default/a", "default/b"]);
    client.failNext("delete", apiErrors.internal(new Error("etcd timeout")));
    const at = { client, ref: refs.configMaps };
    await assert.rejects(deleteExpected(at, a as Stored<ConfigMap>, { expectations, key: "default/owner" }));
    assert.deepEqual([...expectations.pendingDeletions("default/owner")], ["default/b"]);
    await deleteExpected(at, b as Stored<ConfigMap>, { expectations, key: "default/owner" });
    assert.deepEqual([...expectations.pendingDeletions("default/owner")], ["default/b"], "a successful delete waits for the informer");
  }));

test("tracked expectations are lowered by the dependents' informer events", () =>
  withCluster(async (c) => {
    const factory = new InformerFactory(c.client, { clock: c.clock });
    const informer = factory.informerFor<ConfigMap>(refs.configMaps);
    const expectations = new UIDTrackingExpectations(c.clock);
    trackExpectations(informer, { expectations, ownerKeys: (o) => (o.metadata.name.startsWith("c-") ? ["default/owner"] : []) });
    factory.start();
    await factory.waitForSync();
    const result = await createAllExpected({ client: c.client, ref: refs.configMaps }, [cm("c-0"), cm("c-1"), cm("other")], { expectations, key: "default/owner" });
    assert.equal(result.created.length, 3);
    await c.clock.advance(1);
    assert.equal(expectations.get("default/owner")?.add, 1, "two of three creates observed for this owner");
    expectations.expectDeletionsOf("default/owner", ["default/c-0"]);
    await c.client.delete(refs.configMaps, ns, "c-1");
    await c.clock.advance(1);
    assert.equal(expectations.satisfied("default/owner"), false, "c-1 was not expected to go");
    await c.client.delete(refs.configMaps, ns, "c-0");
    await c.clock.advance(1);
    assert.equal(expectations.satisfied("default/owner"), true);
    factory.stop();
  }));
