import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KubeObject } from "../api/object.js";
import type { DeleteOptions } from "../api/options.js";
import type { Strategy } from "../api/resource.js";
import { namespaceStrategy } from "../api/core/namespace.js";
import { type DeletePlan, finalizersAfterDelete, planDelete } from "./deletion.js";
import { expectStatus } from "./testing/expect-status.js";
import { gadgetStrategy, gadgets, namespaces, testCluster, widget, widgetStrategy, widgetsV1 } from "./testing/fixtures.js";

const now = Date.UTC(2026, 0, 1, 0, 0, 0);
const at = (seconds: number): string => new Date(now + seconds * 1000).toISOString().replace(".000", "");
const plain = widgetStrategy() as Strategy;
const graceful = gadgetStrategy() as Strategy;

function obj(meta: KubeObject["metadata"] = {}, spec: Record<string, unknown> = {}): KubeObject & { spec: Record<string, unknown> } {
  return { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "a", generation: 1, ...meta }, spec };
}

interface Row {
  name: string;
  strategy: Strategy;
  current: KubeObject;
  options?: DeleteOptions;
  expect: DeletePlan["action"];
  meta?: Record<string, unknown>;
}

const rows: Row[] = [
  { name: "a plain object without finalizers goes at once", strategy: plain, current: obj(), expect: "delete" },
  {
    name: "finalizers keep the object, marked deleting now with no grace",
    strategy: plain,
    current: obj({ finalizers: ["example.com/hold"] }),
    expect: "keep",
    meta: { deletionTimestamp: at(0), deletionGracePeriodSeconds: 0, generation: 2, finalizers: ["example.com/hold"] },
  },
  {
    name: "Orphan adds the orphan finalizer and keeps the object",
    strategy: plain,
    current: obj(),
    options: { propagationPolicy: "Orphan" },
    expect: "keep",
    meta: { finalizers: ["orphan"], deletionTimestamp: at(0) },
  },
  {
    name: "Foreground adds foregroundDeletion",
    strategy: plain,
    current: obj(),
    options: { propagationPolicy: "Foreground" },
    expect: "keep",
    meta: { finalizers: ["foregroundDeletion"] },
  },
  {
    name: "orphanDependents true is the legacy Orphan",
    strategy: plain,
    current: obj(),
    options: { orphanDependents: true },
    expect: "keep",
    meta: { finalizers: ["orphan"] },
  },
  {
    name: "Background removes a leftover orphan finalizer and deletes",
    strategy: plain,
    current: obj({ finalizers: ["orphan"] }),
    options: { propagationPolicy: "Background" },
    expect: "delete",
  },
  {
    name: "Foreground replaces orphan",
    strategy: plain,
    current: obj({ finalizers: ["orphan", "x.io/y"] }),
    options: { propagationPolicy: "Foreground" },
    expect: "keep",
    meta: { finalizers: ["x.io/y", "foregroundDeletion"] },
  },
  {
    name: "a graceful kind gets deletionTimestamp now + grace",
    strategy: graceful,
    current: obj({}, { nodeName: "n1" }),
    expect: "keep",
    meta: { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30, generation: 2 },
  },
  {
    name: "a negative grace period counts as one second",
    strategy: graceful,
    current: obj({}, { nodeName: "n1" }),
    options: { gracePeriodSeconds: -5 },
    expect: "keep",
    meta: { deletionTimestamp: at(1), deletionGracePeriodSeconds: 1 },
  },
  {
    name: "a requested grace period is used",
    strategy: graceful,
    current: obj({}, { nodeName: "n1" }),
    options: { gracePeriodSeconds: 5 },
    expect: "keep",
    meta: { deletionTimestamp: at(5), deletionGracePeriodSeconds: 5 },
  },
  {
    name: "grace 0 deletes at once",
    strategy: graceful,
    current: obj({}, { nodeName: "n1" }),
    options: { gracePeriodSeconds: 0 },
    expect: "delete",
  },
  {
    name: "a kind whose hook gives no grace (unscheduled pod) deletes at once",
    strategy: graceful,
    current: obj(),
    expect: "delete",
  },
  {
    name: "a later delete with a shorter grace moves the deadline earlier",
    strategy: graceful,
    current: obj({ deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 }, { nodeName: "n1" }),
    options: { gracePeriodSeconds: 10 },
    expect: "keep",
    meta: { deletionTimestamp: at(10), deletionGracePeriodSeconds: 10 },
  },
  {
    name: "a later delete with a longer grace changes nothing",
    strategy: graceful,
    current: obj({ deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 }, { nodeName: "n1" }),
    options: { gracePeriodSeconds: 60 },
    expect: "pending",
  },
  {
    name: "a later delete without grace changes nothing",
    strategy: graceful,
    current: obj({ deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 }, { nodeName: "n1" }),
    expect: "pending",
  },
  {
    name: "a later delete with grace 0 removes a graceful deletion now",
    strategy: graceful,
    current: obj({ deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 }, { nodeName: "n1" }),
    options: { gracePeriodSeconds: 0 },
    expect: "delete",
  },
  {
    name: "grace and finalizers: the object stays with the graceful deadline",
    strategy: graceful,
    current: obj({ finalizers: ["x.io/y"] }, { nodeName: "n1" }),
    options: { gracePeriodSeconds: 20 },
    expect: "keep",
    meta: { deletionTimestamp: at(20), deletionGracePeriodSeconds: 20 },
  },
  {
    name: "spec finalizers (a namespace) keep the object and prepareForDelete runs",
    strategy: namespaceStrategy as Strategy,
    current: { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } } as KubeObject,
    expect: "keep",
    meta: { deletionTimestamp: at(0) },
  },
];

describe("planDelete: the deletion state machine", () => {
  for (const r of rows) {
    test(r.name, () => {
      const before = structuredClone(r.current);
      const plan = planDelete(r.current, { strategy: r.strategy, options: r.options ?? {}, now });
      assert.equal(plan.action, r.expect);
      assert.deepEqual(r.current, before, "the current object is not changed");
      if (plan.action === "keep" && r.meta) {
        const meta = plan.object.metadata as Record<string, unknown>;
        for (const [k, v] of Object.entries(r.meta)) assert.deepEqual(meta[k], v, k);
      }
    });
  }

  test("a namespace being deleted turns Terminating", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } };
    const plan = planDelete(ns, { strategy: namespaceStrategy as Strategy, options: {}, now });
    assert.equal(plan.action, "keep");
    assert.equal((plan as unknown as { object: { status: { phase: string } } }).object.status.phase, "Terminating");
  });

  test("finalizers are unchanged when the policy asks for nothing new", () => {
    assert.deepEqual(finalizersAfterDelete(obj({ finalizers: ["b", "orphan"] }), {}), ["b", "orphan"]);
  });
});

describe("delete through the registry", () => {
  test("a plain delete removes the object", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    const result = await c.registry.delete(widgetsV1, "default", "a");
    assert.equal(result.deleted, true);
    await expectStatus(c.registry.get(widgetsV1, "default", "a"), { code: 404, reason: "NotFound" });
  });

  test("a delete of a missing object is a 404", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.delete(widgetsV1, "default", "a"), {
      code: 404,
      reason: "NotFound",
      message: 'widgets.example.com "a" not found',
    });
  });

  test("a uid precondition that fails is upstream's 409, naming the kind", async () => {
    const c = await testCluster();
    const w = await c.registry.create(widgetsV1, "default", widget("a"));
    await expectStatus(c.registry.delete(widgetsV1, "default", "a", { preconditions: { uid: "x" } }), {
      code: 409,
      reason: "Conflict",
      message: `Operation cannot be fulfilled on Widget.example.com "a": the UID in the precondition (x) does not match the UID in record (${w.metadata.uid}). The object might have been deleted and then recreated`,
    });
  });

  test("a resourceVersion precondition that fails is a 409", async () => {
    const c = await testCluster();
    const w = await c.registry.create(widgetsV1, "default", widget("a"));
    await expectStatus(c.registry.delete(widgetsV1, "default", "a", { preconditions: { resourceVersion: "1" } }), {
      code: 409,
      reason: "Conflict",
      message: `Operation cannot be fulfilled on Widget.example.com "a": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${w.metadata.resourceVersion}). The object might have been modified`,
    });
  });

  test("matching preconditions let the delete through", async () => {
    const c = await testCluster();
    const w = await c.registry.create(widgetsV1, "default", widget("a"));
    const preconditions = { uid: w.metadata.uid, resourceVersion: w.metadata.resourceVersion };
    assert.equal((await c.registry.delete(widgetsV1, "default", "a", { preconditions })).deleted, true);
  });

  test("orphanDependents with a propagationPolicy is upstream's 422", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    await expectStatus(c.registry.delete(widgetsV1, "default", "a", { orphanDependents: true, propagationPolicy: "Orphan" }), {
      code: 422,
      reason: "Invalid",
      message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    });
  });

  test("the update that removes the last finalizer of a deleting object removes it", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a", {}, { finalizers: ["example.com/hold"] }));
    const kept = await c.registry.delete(widgetsV1, "default", "a");
    assert.equal(kept.deleted, false);
    assert.ok(kept.object.metadata.deletionTimestamp);
    await c.registry.patch(widgetsV1, "default", "a", "merge", { metadata: { finalizers: null } });
    await expectStatus(c.registry.get(widgetsV1, "default", "a"), { code: 404, reason: "NotFound" });
  });

  test("an update cannot cancel a deletion", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a", {}, { finalizers: ["example.com/hold"] }));
    const { object } = await c.registry.delete(widgetsV1, "default", "a");
    const { object: after } = await c.registry.patch(widgetsV1, "default", "a", "merge", { metadata: { deletionTimestamp: null, labels: { x: "y" } } });
    assert.equal(after.metadata.deletionTimestamp, object.metadata.deletionTimestamp);
  });

  test("a graceful delete keeps the object until a grace-0 delete", async () => {
    const c = await testCluster();
    const g = { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g" }, spec: { nodeName: "n1" } };
    await c.registry.create(gadgets, "default", g);
    const first = await c.registry.delete(gadgets, "default", "g");
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    const again = await c.registry.delete(gadgets, "default", "g");
    assert.equal(again.object.metadata.resourceVersion, first.object.metadata.resourceVersion, "a pending deletion writes nothing");
    const last = await c.registry.delete(gadgets, "default", "g", { gracePeriodSeconds: 0 });
    assert.equal(last.deleted, true);
  });

  test("dryRun delete writes nothing", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    const before = await c.store.currentRevision();
    const result = await c.registry.delete(widgetsV1, "default", "a", { dryRun: true });
    assert.equal(result.deleted, true);
    assert.equal(await c.store.currentRevision(), before);
    await c.registry.get(widgetsV1, "default", "a");
  });

  test("deleteCollection deletes what the selector picks", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a", {}, { labels: { app: "x" } }));
    await c.registry.create(widgetsV1, "default", widget("b", {}, { labels: { app: "y" } }));
    const gone = await c.registry.deleteCollection(widgetsV1, "default", { labelSelector: "app=x" }, {});
    assert.deepEqual(gone.items.map((i) => i.metadata.name), ["a"]);
    const left = await c.registry.list(widgetsV1, "default");
    assert.deepEqual(left.items.map((i) => i.metadata.name), ["b"]);
  });

  test("the default namespace may not be deleted", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.delete(namespaces, undefined, "default"), {
      code: 403,
      reason: "Forbidden",
      message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    });
  });

  test("a namespace stays Terminating until its spec finalizers are finalized away", async () => {
    const c = await testCluster();
    await c.registry.create(namespaces, undefined, { metadata: { name: "n" } });
    const { object } = await c.registry.delete(namespaces, undefined, "n");
    assert.equal((object as { status?: { phase?: string } }).status?.phase, "Terminating");
    const body = { ...object, spec: { finalizers: [] } };
    await c.registry.update(namespaces, undefined, "n", body, { subresource: "finalize" });
    await expectStatus(c.registry.get(namespaces, undefined, "n"), { code: 404, reason: "NotFound" });
  });
});
