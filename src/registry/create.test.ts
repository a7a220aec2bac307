import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Stored } from "../api/object.js";
import { newRequestContext } from "./registry.js";
import { expectStatus } from "./testing/expect-status.js";
import { namespaces, startTime, testCluster, widget, widgetsV1, widgetsV1beta1 } from "./testing/fixtures.js";

describe("create", () => {
  test("runs the pipeline in upstream's order: defaults, prepare, validate", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    assert.deepEqual(c.log, ["applyDefaults", "prepareForCreate", "validate"]);
  });

  test("sets uid, creationTimestamp from the clock and resourceVersion from the store", async () => {
    const c = await testCluster();
    const w = await c.registry.create(widgetsV1, "default", widget("a", {}, { uid: "mine", resourceVersion: "99", deletionTimestamp: "2020-01-01T00:00:00Z" }));
    assert.notEqual(w.metadata.uid, "mine");
    assert.match(w.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.equal(w.metadata.creationTimestamp, new Date(startTime).toISOString().replace(".000", ""));
    assert.equal(w.metadata.resourceVersion, String(await c.store.currentRevision()));
    assert.equal(w.metadata.deletionTimestamp, undefined);
  });

  test("fills the namespace from the request when the body has none", async () => {
    const c = await testCluster();
    const w = await c.registry.create(widgetsV1, "default", { metadata: { name: "a" } });
    assert.equal(w.metadata.namespace, "default");
    assert.equal(w.apiVersion, "example.com/v1");
    assert.equal(w.kind, "Widget");
  });

  test("generateName adds 5 characters of upstream's alphabet", async () => {
    const c = await testCluster();
    const w = await c.registry.create(widgetsV1, "default", widget("", {}, { generateName: "web-" }));
    assert.match(w.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test("returns warnings in the request context", async () => {
    const c = await testCluster();
    const ctx = newRequestContext();
    await c.registry.create(widgetsV1, "default", widget("a", { deprecated: true }), {}, ctx);
    assert.deepEqual(ctx.warnings, ["spec.deprecated is deprecated"]);
  });

  test("dryRun validates and answers but writes nothing", async () => {
    const c = await testCluster();
    const before = await c.store.currentRevision();
    const w = await c.registry.create(widgetsV1, "default", widget("a"), { dryRun: true });
    assert.equal(w.metadata.name, "a");
    assert.equal(await c.store.currentRevision(), before);
    await expectStatus(c.registry.get(widgetsV1, "default", "a"), { code: 404, reason: "NotFound" });
  });

  test("a served version converts in and out of the storage version", async () => {
    const c = await testCluster();
    const body = { apiVersion: "example.com/v1beta1", kind: "Widget", metadata: { name: "old" }, spec: { size: 3 } };
    const beta = await c.registry.create(widgetsV1beta1, "default", body);
    assert.deepEqual((beta as Stored & { spec?: unknown }).spec, { size: 3 });
    assert.equal(beta.apiVersion, "example.com/v1beta1");
    const v1 = await c.registry.get(widgetsV1, "default", "old");
    assert.deepEqual((v1 as { spec?: unknown }).spec, { replicas: 3 });
    assert.equal(v1.apiVersion, "example.com/v1");
  });

  const errors: Array<{ name: string; ns?: string; body: unknown; code: number; reason: string; message: string | RegExp }> = [
    {
      name: "a body that is not an object is a 400",
      body: [1, 2],
      code: 400,
      reason: "BadRequest",
      message:
        'the object provided is unrecognized (must be of type Widget): couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b312c325d)',
    },
    {
      name: "another apiVersion of the same kind is a 400",
      body: { apiVersion: "example.com/v1beta1", kind: "Widget", metadata: { name: "a" } },
      code: 400,
      reason: "BadRequest",
      message: "the API version in the data (example.com/v1beta1) does not match the expected API version (example.com/v1)",
    },
    {
      name: "another kind is a 400",
      body: { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "a" } },
      code: 400,
      reason: "BadRequest",
      message: 'Gadget in version "v1" cannot be handled as a Widget: converting (v1.Gadget) to (example.Widget): unknown conversion',
    },
    {
      name: "a namespace other than the request's is a 400",
      body: widget("a", {}, { namespace: "other" }),
      code: 400,
      reason: "BadRequest",
      message: "the namespace of the provided object does not match the namespace sent on the request",
    },
    {
      name: "a missing namespace is a 404",
      ns: "nowhere",
      body: widget("a"),
      code: 404,
      reason: "NotFound",
      message: 'namespaces "nowhere" not found',
    },
    {
      name: "field errors are one 422",
      body: widget("a", { replicas: -1 }),
      code: 422,
      reason: "Invalid",
      message: 'Widget.example.com "a" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    },
    {
      name: "a missing name is a 422",
      body: widget(""),
      code: 422,
      reason: "Invalid",
      message: 'Widget.example.com "" is invalid: metadata.name: Required value: name or generateName is required',
    },
  ];
  for (const e of errors) {
    test(e.name, async () => {
      const c = await testCluster();
      await expectStatus(c.registry.create(widgetsV1, e.ns ?? "default", e.body), e);
    });
  }

  test("an existing name is a 409 AlreadyExists", async () => {
    const c = await testCluster();
    await c.registry.create(widgetsV1, "default", widget("a"));
    await expectStatus(c.registry.create(widgetsV1, "default", widget("a")), {
      code: 409,
      reason: "AlreadyExists",
      message: 'widgets.example.com "a" already exists',
    });
  });

  test("a terminating namespace forbids new content with cause NamespaceTerminating", async () => {
    const c = await testCluster();
    await c.registry.create(namespaces, undefined, { metadata: { name: "going" } });
    const del = await c.registry.delete(namespaces, undefined, "going");
    assert.equal(del.deleted, false);
    const err = await expectStatus(c.registry.create(widgetsV1, "going", widget("a")), {
      code: 403,
      reason: "Forbidden",
      message: 'widgets.example.com "a" is forbidden: unable to create new content in namespace going because it is being terminated',
    });
    assert.deepEqual(err.status.details?.causes, [
      { reason: "NamespaceTerminating", message: "namespace going is being terminated", field: "metadata.namespace" },
    ]);
  });

  test("a name that is not a path segment never reaches a key", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.get(widgetsV1, "default", ".."), {
      code: 400,
      reason: "BadRequest",
      message: 'Name parameter invalid: "..": may not be \'..\'',
    });
    await expectStatus(c.registry.get(widgetsV1, "default", "a/b"), {
      code: 400,
      reason: "BadRequest",
      message: 'Name parameter invalid: "a/b": may not contain \'/\'',
    });
    await expectStatus(c.registry.list(widgetsV1, "a%2f"), { code: 400, reason: "BadRequest", message: /may not contain '%'/ });
  });
});
