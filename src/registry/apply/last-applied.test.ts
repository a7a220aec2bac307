import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../api/object.js";
import { StatusError } from "../../api/status.js";
import { applyConfiguration, updateManagedFields } from "./index.js";

const t0 = "2024-05-01T10:00:00Z";
const t1 = "2024-05-01T10:01:00Z";
const annotation = "kubectl.kubernetes.io/last-applied-configuration";

type Json = Record<string, unknown>;

function cm(data: Json, annotations?: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default", ...(annotations ? { annotations } : {}) }, data } as KubeObject;
}

/** What `kubectl apply` (client-side) leaves: the annotation, and every field owned by its Update manager. */
function clientSideApplied(data: Json, lastAppliedData = data): KubeObject {
  const lastApplied = `${JSON.stringify({ apiVersion: "v1", data: lastAppliedData, kind: "ConfigMap", metadata: { annotations: {}, name: "c", namespace: "default" } })}\n`;
  return updateManagedFields(undefined, cm(data, { [annotation]: lastApplied }), { manager: "kubectl-client-side-apply", apiVersion: "v1", time: t0 });
}

const apply = (live: KubeObject, config: KubeObject, manager = "kubectl") =>
  applyConfiguration(live, config, { manager, apiVersion: "v1", kind: "ConfigMap", time: t1 });

test("kubectl's server-side apply takes over fields client-side apply set and nobody changed since", () => {
  const live = clientSideApplied({ a: "1" });
  const r = apply(live, cm({ a: "2" }));
  assert.deepEqual((r.object as unknown as { data: Json }).data, { a: "2" });
  const csa = r.object.metadata?.managedFields?.find((e) => e.manager === "kubectl-client-side-apply");
  // it keeps the data map it created, not the entry kubectl now owns
  assert.deepEqual(csa?.fieldsV1, { "f:data": {}, "f:metadata": { "f:annotations": { ".": {}, [`f:${annotation}`]: {} } } });
});

test("kubectl's server-side apply rewrites the last-applied annotation to what it applied", () => {
  const r = apply(clientSideApplied({ a: "1" }), cm({ a: "2" }));
  assert.equal(
    r.object.metadata?.annotations?.[annotation],
    '{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}\n',
  );
});

test("a field changed since the last client-side apply is still a conflict", () => {
  const live = clientSideApplied({ a: "5" }, { a: "1" });
  assert.throws(
    () => apply(live, cm({ a: "2" })),
    (err: unknown) => err instanceof StatusError && err.status.message === 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a',
  );
});

test("a manager other than kubectl gets no such upgrade", () => {
  assert.throws(() => apply(clientSideApplied({ a: "1" }), cm({ a: "2" }), "helm"), (err: unknown) => err instanceof StatusError && err.code === 409);
});

test("past ten Update managers the oldest are merged into ancient-changes", () => {
  let obj = cm({});
  for (let i = 0; i < 11; i++) {
    obj = updateManagedFields(obj, { ...obj, data: { ...(obj as unknown as { data: Json }).data, [`k${i}`]: "v" } } as KubeObject, {
      manager: `m${String(i).padStart(2, "0")}`,
      apiVersion: "v1",
      time: `2024-05-01T10:00:${String(i).padStart(2, "0")}Z`,
    });
  }
  const managers = obj.metadata?.managedFields?.map((e) => e.manager) ?? [];
  assert.equal(managers.length, 10);
  assert.deepEqual(managers.slice(0, 2), ["ancient-changes", "m02"]);
  const ancient = obj.metadata?.managedFields?.[0];
  assert.equal(ancient?.time, "2024-05-01T10:00:01Z");
  assert.deepEqual(Object.keys((ancient?.fieldsV1 as { "f:data": Json })["f:data"]).sort(), ["f:k0", "f:k1"]);
});
