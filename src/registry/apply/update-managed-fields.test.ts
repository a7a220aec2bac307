import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../api/object.js";
import { applyConfiguration, managerFromUserAgent, updateManagedFields } from "./index.js";
import type { ManagedFieldsOptions } from "./index.js";

const t0 = "2024-05-01T10:00:00Z";
const t1 = "2024-05-01T10:01:00Z";

type Json = Record<string, unknown>;

function cm(data: Json, metadata: Json = {}): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default", ...metadata }, data } as KubeObject;
}

function update(old: KubeObject | undefined, next: KubeObject, options: Partial<ManagedFieldsOptions> = {}): KubeObject {
  return updateManagedFields(old, next, { manager: "kubectl-edit", apiVersion: "v1", time: t1, ...options });
}

const fields = (obj: KubeObject, manager: string): unknown => obj.metadata?.managedFields?.find((e) => e.manager === manager)?.fieldsV1;

test("a create records an Update entry for what the object sets, identity and bookkeeping aside", () => {
  const obj = update(undefined, cm({ a: "1" }, { labels: { app: "x" }, uid: "u", resourceVersion: "5", generation: 1 }), { manager: "kubectl-create", time: t0 });
  assert.deepEqual(obj.metadata?.managedFields, [
    {
      manager: "kubectl-create",
      operation: "Update",
      apiVersion: "v1",
      time: t0,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:data": { ".": {}, "f:a": {} }, "f:metadata": { "f:labels": { ".": {}, "f:app": {} } } },
    },
  ]);
});

test("a create of a pod does not mark the structs every pod has, but does its lists' items", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "i", resources: {} }], restartPolicy: "Always" } } as KubeObject;
  const obj = updateManagedFields(undefined, pod, { manager: "m", apiVersion: "v1", time: t0 });
  assert.deepEqual(fields(obj, "m"), {
    "f:spec": {
      "f:containers": { 'k:{"name":"c"}': { ".": {}, "f:image": {}, "f:name": {}, "f:resources": {} } },
      "f:restartPolicy": {},
    },
  });
});

test("an update takes the fields it changes from other managers and leaves them the rest", () => {
  const created = update(undefined, cm({ a: "1", b: "2" }), { manager: "creator", time: t0 });
  const edited = update(created, { ...created, data: { a: "9", b: "2" } } as KubeObject);
  assert.deepEqual(fields(edited, "creator"), { "f:data": { ".": {}, "f:b": {} } });
  assert.deepEqual(fields(edited, "kubectl-edit"), { "f:data": { "f:a": {} } });
});

test("a field an update removes is owned by nobody any more", () => {
  const created = update(undefined, cm({ a: "1", b: "2" }), { manager: "creator", time: t0 });
  const edited = update(created, { ...created, data: { a: "1" } } as KubeObject);
  assert.deepEqual(fields(edited, "creator"), { "f:data": { ".": {}, "f:a": {} } });
  assert.equal(fields(edited, "kubectl-edit"), undefined, "removing gives no ownership");
});

test("an update that changes nothing keeps the entries and their times", () => {
  const created = update(undefined, cm({ a: "1" }), { manager: "creator", time: t0 });
  const same = update(created, { ...created, metadata: { ...created.metadata, resourceVersion: "9", generation: 2 } } as KubeObject, { manager: "creator" });
  assert.deepEqual(same.metadata?.managedFields, created.metadata?.managedFields);
});

test("the same manager updating again adds to its fields and takes the new time", () => {
  const created = update(undefined, cm({ a: "1" }), { time: t0 });
  const again = update(created, { ...created, data: { a: "1", b: "2" } } as KubeObject);
  assert.deepEqual(fields(again, "kubectl-edit"), { "f:data": { ".": {}, "f:a": {}, "f:b": {} } });
  assert.equal(again.metadata?.managedFields?.[0]?.time, t1);
});

test("a status update is recorded with its subresource, and spec is not owned through it", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { nodeName: "n" } } as KubeObject;
  const created = updateManagedFields(undefined, pod, { manager: "creator", apiVersion: "v1", time: t0 });
  const next = { ...created, spec: { nodeName: "other" }, status: { phase: "Running" } } as KubeObject;
  const obj = updateManagedFields(created, next, { manager: "kubelet", apiVersion: "v1", time: t1, subresource: "status" });
  const entry = obj.metadata?.managedFields?.find((e) => e.manager === "kubelet");
  assert.equal(entry?.subresource, "status");
  assert.deepEqual(entry?.fieldsV1, { "f:status": { "f:phase": {} } });
});

test("managedFields sent with an update replace the recorded ones; [{}] clears them", () => {
  const created = update(undefined, cm({ a: "1" }), { manager: "creator", time: t0 });
  const cleared = update(created, { ...created, metadata: { ...created.metadata, managedFields: [{}] } } as KubeObject);
  assert.equal(cleared.metadata?.managedFields, undefined);
});

test("an update that sends no managedFields keeps the recorded ones", () => {
  const created = update(undefined, cm({ a: "1" }), { manager: "creator", time: t0 });
  const { managedFields: _, ...meta } = created.metadata!;
  const next = update(created, { ...created, metadata: meta, data: { a: "1", b: "2" } } as KubeObject);
  assert.deepEqual(
    next.metadata?.managedFields?.map((e) => e.manager),
    ["creator", "kubectl-edit"],
  );
});

test("after an apply the entries it recorded are left alone", () => {
  const applied = applyConfiguration(undefined, cm({ a: "1" }), { manager: "kubectl", apiVersion: "v1", kind: "ConfigMap", time: t1 }).object;
  const withDefaults = { ...applied, metadata: { ...applied.metadata, uid: "u" } } as KubeObject;
  assert.deepEqual(updateManagedFields(undefined, withDefaults, { manager: "kubectl", apiVersion: "v1", time: t1 }), withDefaults);
  assert.deepEqual(updateManagedFields(undefined, withDefaults, { manager: "kubectl", apiVersion: "v1", time: t1, operation: "Apply" }), withDefaults);
});

test("entries are sorted: Apply before Update, then by time and manager", () => {
  let obj = update(undefined, cm({ a: "1" }), { manager: "zeta", time: t0 });
  obj = update(obj, { ...obj, data: { a: "1", b: "1" } } as KubeObject, { manager: "alpha", time: t1 });
  obj = applyConfiguration(obj, cm({ c: "1" }), { manager: "applier", apiVersion: "v1", kind: "ConfigMap", time: t1 }).object;
  assert.deepEqual(
    obj.metadata?.managedFields?.map((e) => `${e.operation} ${e.manager}`),
    ["Apply applier", "Update zeta", "Update alpha"],
  );
});

const userAgents: Array<[string | undefined, string]> = [
  ["kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07", "kubectl"],
  ["kubectl.1.32/v1.32.5 (linux/amd64) kubernetes/9894294", "kubectl.1.32"],
  ["node-fetch", "node-fetch"],
  ["tab\there/1", "tabhere"],
  [undefined, ""],
  ["", ""],
  ["x".repeat(200), "x".repeat(128)],
];

for (const [ua, manager] of userAgents) {
  test(`the manager of a client without fieldManager, user agent ${JSON.stringify(ua?.slice(0, 30))}, is ${JSON.stringify(manager.slice(0, 20))}`, () => {
    assert.equal(managerFromUserAgent(ua), manager);
  });
}

test("an entry the write leaves alone is kept as stored; entries it changes, and lists a client sent, are encoded anew", () => {
  const created = update(undefined, cm({ a: "1" }, { labels: { app: "x" } }), { manager: "creator", time: t0 });
  // a write without managedFields (a status write, or a client that leaves them out): the stored list is the one updated
  const second = update(created, cm({ a: "1", b: "2" }, { labels: { app: "x" } }), { manager: "writer", time: t1 });
  const creatorBefore = created.metadata!.managedFields!.find((e) => e.manager === "creator")!;
  const creatorAfter = second.metadata!.managedFields!.find((e) => e.manager === "creator")!;
  assert.equal(creatorAfter, creatorBefore, "the creator's entry is the stored one");
  assert.deepEqual(fields(second, "writer"), { "f:data": { "f:b": {} } });
  // the writer takes over a field the creator had: the creator's entry changes
  const third = update(second, cm({ a: "3", b: "2" }, { labels: { app: "x" } }), { manager: "writer", time: t1 });
  const creatorThird = third.metadata!.managedFields!.find((e) => e.manager === "creator")!;
  assert.notEqual(creatorThird, creatorAfter);
  assert.deepEqual(creatorThird.fieldsV1, { "f:data": {}, "f:metadata": { "f:labels": { ".": {}, "f:app": {} } } });
  // a list sent with the object is read as given and written in the encoder's form
  const sent = [{ manager: "creator", operation: "Update", apiVersion: "v1", time: t0, fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {}, ".": {} } } }];
  const replaced = update(second, cm({ a: "1" }, { managedFields: sent }), { manager: "writer", time: t1 });
  const creatorReplaced = replaced.metadata!.managedFields!.find((e) => e.manager === "creator")!;
  assert.notEqual(creatorReplaced, sent[0]);
  assert.deepEqual(Object.keys(creatorReplaced.fieldsV1 as object), ["f:data"]);
  assert.deepEqual(Object.keys((creatorReplaced.fieldsV1 as Record<string, object>)["f:data"]!), [".", "f:a"]);
});
