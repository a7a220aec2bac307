import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Stored } from "../api/object.js";
import { expectStatus } from "./testing/expect-status.js";
import { gadgets, testCluster, widget, type Widget, widgetsV1, widgetsV1beta1 } from "./testing/fixtures.js";

const conflictMessage =
  'Operation cannot be fulfilled on widgets.example.com "a": the object has been modified; please apply your changes to the latest version and try again';

async function withWidget(spec: Widget["spec"] = {}) {
  const c = await testCluster();
  const created = (await c.registry.create(widgetsV1, "default", widget("a", spec))) as Stored<Widget>;
  c.log.length = 0;
  return { c, created };
}

describe("update", () => {
  test("runs defaults, prepareForUpdate, then validate and validateUpdate", async () => {
    const { c, created } = await withWidget();
    await c.registry.update(widgetsV1, "default", "a", { ...created, spec: { replicas: 2 } });
    assert.deepEqual(c.log, ["applyDefaults", "prepareForUpdate", "validate", "validateUpdate"]);
  });

  test("keeps uid, creationTimestamp and generation from the stored object", async () => {
    const { c, created } = await withWidget();
    const body = structuredClone(created);
    body.metadata = { ...body.metadata, creationTimestamp: "2000-01-01T00:00:00Z", generation: 40 };
    const { object } = await c.registry.update(widgetsV1, "default", "a", { ...body, spec: { replicas: 5 } });
    assert.equal(object.metadata.creationTimestamp, created.metadata.creationTimestamp);
    assert.equal(object.metadata.uid, created.metadata.uid);
    assert.equal(object.metadata.generation, 2);
  });

  test("empty labels, annotations and finalizers are not stored, as upstream's omitempty encoding", async () => {
    const { c, created } = await withWidget();
    const body = structuredClone(created);
    body.metadata = { ...body.metadata, labels: {}, annotations: {}, finalizers: [] };
    const { object } = await c.registry.update(widgetsV1, "default", "a", body);
    assert.deepEqual([object.metadata.labels, object.metadata.annotations, object.metadata.finalizers], [undefined, undefined, undefined]);
    const made = await c.registry.create(widgetsV1, "default", { ...widget("b", {}), metadata: { name: "b", labels: {}, finalizers: [] } });
    assert.deepEqual([made.metadata.labels, made.metadata.finalizers], [undefined, undefined]);
  });

  test("a stale resourceVersion is a 409 Conflict", async () => {
    const { c, created } = await withWidget();
    await c.registry.update(widgetsV1, "default", "a", { ...created, spec: { replicas: 2 } });
    await expectStatus(c.registry.update(widgetsV1, "default", "a", { ...created, spec: { replicas: 3 } }), {
      code: 409,
      reason: "Conflict",
      message: conflictMessage,
    });
  });

  test("without a resourceVersion the update is unconditional", async () => {
    const { c, created } = await withWidget();
    await c.registry.update(widgetsV1, "default", "a", { ...created, spec: { replicas: 2 } });
    const body = structuredClone(created);
    delete (body.metadata as { resourceVersion?: string }).resourceVersion;
    const { object } = await c.registry.update(widgetsV1, "default", "a", { ...body, spec: { replicas: 3 } });
    assert.deepEqual((object as Stored<Widget>).spec, { replicas: 3 });
  });

  test("concurrent unconditional updates all land, retried on the compare-and-swap", async () => {
    const { c, created } = await withWidget();
    const body = structuredClone(created);
    delete (body.metadata as { resourceVersion?: string }).resourceVersion;
    const writes = Array.from({ length: 5 }, (_, i) =>
      c.registry.update(widgetsV1, "default", "a", { ...body, metadata: { ...body.metadata, labels: { n: String(i) } } }),
    );
    const results = await Promise.all(writes);
    assert.equal(new Set(results.map((r) => r.object.metadata.resourceVersion)).size, 5);
  });

  test("an update that changes nothing writes nothing and keeps the resourceVersion", async () => {
    const { c, created } = await withWidget();
    const before = await c.store.currentRevision();
    const { object } = await c.registry.update(widgetsV1, "default", "a", created);
    assert.equal(object.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.equal(await c.store.currentRevision(), before);
  });

  test("the same object with keys in another order and undefined fields is no change either", async () => {
    const { c, created } = await withWidget({ replicas: 2, color: "red" });
    const before = await c.store.currentRevision();
    const reordered = { status: created.status, spec: { color: "red", replicas: 2, deprecated: undefined }, metadata: { ...created.metadata, labels: undefined }, kind: "Widget" };
    const { object } = await c.registry.update(widgetsV1, "default", "a", reordered);
    assert.equal(object.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.equal(await c.store.currentRevision(), before);
  });

  test("dryRun answers the updated object and writes nothing", async () => {
    const { c, created } = await withWidget();
    const before = await c.store.currentRevision();
    const { object } = await c.registry.update(widgetsV1, "default", "a", { ...created, spec: { replicas: 9 } }, { dryRun: true });
    assert.deepEqual((object as Stored<Widget>).spec, { replicas: 9 });
    assert.equal(await c.store.currentRevision(), before);
    assert.deepEqual(((await c.registry.get(widgetsV1, "default", "a")) as Stored<Widget>).spec, { replicas: 1 });
  });

  const badRequests = [
    { name: "a name other than the URL's", body: widget("b"), message: "the name of the object (b) does not match the name on the URL (a)" },
    {
      name: "a namespace other than the URL's",
      body: widget("a", {}, { namespace: "kube-system" }),
      message: "the namespace of the object (kube-system) does not match the namespace on the request (default)",
    },
  ];
  for (const b of badRequests) {
    test(`${b.name} is a 400`, async () => {
      const { c } = await withWidget();
      await expectStatus(c.registry.update(widgetsV1, "default", "a", b.body), { code: 400, reason: "BadRequest", message: b.message });
    });
  }

  test("an update of a missing object is a 404 unless the kind allows create on update", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.update(widgetsV1, "default", "nope", widget("nope")), {
      code: 404,
      reason: "NotFound",
      message: 'widgets.example.com "nope" not found',
    });
    const gadget = { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g" } };
    const result = await c.registry.update(gadgets, "default", "g", gadget);
    assert.equal(result.created, true);
    assert.match(result.object.metadata.uid, /-/);
  });

  test("a changed uid is a 422 naming metadata.uid", async () => {
    const { c, created } = await withWidget();
    await expectStatus(c.registry.update(widgetsV1, "default", "a", { ...created, metadata: { ...created.metadata, uid: "other" } }), {
      code: 422,
      reason: "Invalid",
      message: /metadata\.uid: Invalid value: "other": field is immutable/,
    });
  });
});

describe("status subresource", () => {
  test("takes status and keeps spec", async () => {
    const { c, created } = await withWidget();
    const body = { ...created, spec: { replicas: 7 }, status: { replicas: 3 } };
    const { object } = await c.registry.update(widgetsV1, "default", "a", body, { subresource: "status" });
    const w = object as Stored<Widget>;
    assert.deepEqual(w.spec, { replicas: 1 });
    assert.deepEqual(w.status, { replicas: 3 });
    assert.deepEqual(c.log, ["applyDefaults", "status.prepareForUpdate"]);
  });

  test("the main update keeps status", async () => {
    const { c, created } = await withWidget();
    const { object } = await c.registry.update(widgetsV1, "default", "a", { ...created, status: { replicas: 3 } });
    assert.deepEqual((object as Stored<Widget>).status, {});
  });
});

describe("scale subresource", () => {
  test("get answers an autoscaling/v1 Scale", async () => {
    const { c, created } = await withWidget({ replicas: 2 });
    const scale = await c.registry.get(widgetsV1, "default", "a", { subresource: "scale" });
    assert.deepEqual(scale, {
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: {
        name: "a",
        namespace: "default",
        uid: created.metadata.uid,
        resourceVersion: created.metadata.resourceVersion,
        creationTimestamp: created.metadata.creationTimestamp,
      },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: "app=a" },
    });
  });

  test("update sets spec.replicas through the update path (generation bumps)", async () => {
    const { c } = await withWidget({ replicas: 2 });
    const body = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "a" }, spec: { replicas: 4 } };
    const { object } = await c.registry.update(widgetsV1, "default", "a", body, { subresource: "scale" });
    assert.equal((object as unknown as { spec: { replicas: number } }).spec.replicas, 4);
    const w = (await c.registry.get(widgetsV1, "default", "a")) as Stored<Widget>;
    assert.equal(w.spec?.replicas, 4);
    assert.equal(w.metadata.generation, 2);
  });

  test("a served version other than storage scales the same object", async () => {
    const { c } = await withWidget({ replicas: 2 });
    const body = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "a" }, spec: { replicas: 6 } };
    await c.registry.update(widgetsV1beta1, "default", "a", body, { subresource: "scale" });
    const beta = await c.registry.get(widgetsV1beta1, "default", "a");
    assert.deepEqual((beta as unknown as { spec: unknown }).spec, { size: 6 });
  });

  test("negative replicas are upstream's 422 on Scale", async () => {
    const { c } = await withWidget();
    const body = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "a" }, spec: { replicas: -1 } };
    await expectStatus(c.registry.update(widgetsV1, "default", "a", body, { subresource: "scale" }), {
      code: 422,
      reason: "Invalid",
      message: 'Scale.autoscaling "a" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    });
  });

  test("a stale Scale resourceVersion is a 409", async () => {
    const { c, created } = await withWidget();
    await c.registry.update(widgetsV1, "default", "a", { ...created, spec: { replicas: 2 } });
    const body = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "a", resourceVersion: created.metadata.resourceVersion }, spec: { replicas: 4 } };
    await expectStatus(c.registry.update(widgetsV1, "default", "a", body, { subresource: "scale" }), {
      code: 409,
      reason: "Conflict",
      message: conflictMessage,
    });
  });

  test("a merge patch of the Scale changes replicas", async () => {
    const { c } = await withWidget({ replicas: 2 });
    await c.registry.patch(widgetsV1, "default", "a", "merge", { spec: { replicas: 3 } }, { subresource: "scale" });
    assert.equal(((await c.registry.get(widgetsV1, "default", "a")) as Stored<Widget>).spec?.replicas, 3);
  });
});

describe("patch", () => {
  test("a merge patch goes through the update pipeline", async () => {
    const { c } = await withWidget();
    const { object } = await c.registry.patch(widgetsV1, "default", "a", "merge", { spec: { color: "red" } });
    assert.deepEqual((object as Stored<Widget>).spec, { replicas: 1, color: "red" });
    assert.deepEqual(c.log, ["applyDefaults", "prepareForUpdate", "validate", "validateUpdate"]);
  });

  test("a json patch applies in the requested version", async () => {
    const { c } = await withWidget({ replicas: 2 });
    await c.registry.patch(widgetsV1beta1, "default", "a", "json", [{ op: "replace", path: "/spec/size", value: 5 }]);
    assert.equal(((await c.registry.get(widgetsV1, "default", "a")) as Stored<Widget>).spec?.replicas, 5);
  });

  test("a patch carrying a stale resourceVersion is a 409", async () => {
    const { c, created } = await withWidget();
    await c.registry.patch(widgetsV1, "default", "a", "merge", { spec: { color: "red" } });
    const stale = { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { color: "blue" } };
    await expectStatus(c.registry.patch(widgetsV1, "default", "a", "merge", stale), { code: 409, reason: "Conflict", message: conflictMessage });
  });

  test("concurrent patches without resourceVersion all apply", async () => {
    const { c } = await withWidget();
    await Promise.all(
      ["x", "y", "z"].map((k) => c.registry.patch(widgetsV1, "default", "a", "merge", { metadata: { labels: { [k]: "1" } } })),
    );
    const w = await c.registry.get(widgetsV1, "default", "a");
    assert.deepEqual(w.metadata.labels, { x: "1", y: "1", z: "1" });
  });

  test("a dryRun patch answers the patched object and writes nothing", async () => {
    const { c } = await withWidget();
    const before = await c.store.currentRevision();
    const { object } = await c.registry.patch(widgetsV1, "default", "a", "merge", { spec: { color: "red" } }, { dryRun: true });
    assert.equal((object as Stored<Widget>).spec?.color, "red");
    assert.equal(await c.store.currentRevision(), before);
  });

  test("a patch of a missing object is a 404", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.patch(widgetsV1, "default", "nope", "merge", {}), { code: 404, reason: "NotFound" });
  });

  test("a patch that renames the object is a 400", async () => {
    const { c } = await withWidget();
    await expectStatus(c.registry.patch(widgetsV1, "default", "a", "merge", { metadata: { name: "b" } }), {
      code: 400,
      reason: "BadRequest",
      message: "the name of the object (b) does not match the name on the URL (a)",
    });
  });

  test("apply without a field manager is upstream's 422", async () => {
    const { c } = await withWidget();
    await expectStatus(c.registry.patch(widgetsV1, "default", "a", "apply", "{}"), {
      code: 422,
      reason: "Invalid",
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply requests',
    });
  });
});

describe("writes starting from an object the watch decoder holds", () => {
  /** A widget whose stored revision a watch has decoded (frozen, shared): the writes below start from it. */
  async function watchedWidget() {
    const { c, created } = await withWidget({ replicas: 1 });
    const seen: Array<Stored<Widget>> = [];
    const watch = await c.registry.watch(widgetsV1, "default", { resourceVersion: created.metadata.resourceVersion }, (e) => seen.push(e.object as Stored<Widget>));
    const updated = await c.registry.update(widgetsV1, "default", "a", { ...created, spec: { replicas: 2 } });
    await c.clock.quiet();
    assert.equal(seen.at(-1)?.metadata.resourceVersion, updated.object.metadata.resourceVersion, "the watch decoded the stored revision");
    return { c, watch, seen, stored: updated.object as Stored<Widget> };
  }

  test("get, update, patch and delete answer objects of the caller's own, and the watch's stays as it was", async () => {
    const { c, watch, seen, stored } = await watchedWidget();
    const shared = seen.at(-1)!;
    const got = (await c.registry.get(widgetsV1, "default", "a")) as Stored<Widget>;
    got.spec!.replicas = 10;
    const patched = (await c.registry.patch(widgetsV1, "default", "a", "merge", { spec: { color: "red" } })).object as Stored<Widget>;
    patched.spec!.replicas = 11;
    const unchanged = (await c.registry.update(widgetsV1, "default", "a", { ...patched, spec: { replicas: 2, color: "red" } })).object as Stored<Widget>;
    unchanged.spec!.color = "blue";
    const deleted = (await c.registry.delete(widgetsV1, "default", "a")).object as Stored<Widget>;
    deleted.spec!.color = "green";
    assert.deepEqual(shared.spec, { replicas: 2 });
    assert.equal(shared.metadata.resourceVersion, stored.metadata.resourceVersion);
    watch.stop();
  });

  test("of two updates carrying the same resourceVersion at once, one lands and the other is a 409", async () => {
    const { c, watch, stored } = await watchedWidget();
    const results = await Promise.allSettled([3, 4].map((replicas) => c.registry.update(widgetsV1, "default", "a", { ...stored, spec: { replicas } })));
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    const lost = results.find((r) => r.status === "rejected")!;
    assert.equal((lost.reason as { code?: number }).code, 409);
    const won = results.find((r) => r.status === "fulfilled")!;
    const now = (await c.registry.get(widgetsV1, "default", "a")) as Stored<Widget>;
    assert.deepEqual(now.spec, (won.value.object as Stored<Widget>).spec);
    watch.stop();
  });
});
