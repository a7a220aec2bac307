import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../api/object.js";
import { encodeManagers } from "./managers.js";
import { rootSsaType } from "./ssa-type.js";
import { recordUpdate, updateManagedFields } from "./update-managed-fields.js";
import type { ManagedFieldsOptions } from "./update-managed-fields.js";

const time = "2024-05-01T10:00:00Z";

const pod = (extra: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", uid: "u", labels: { app: "web" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "1b2c" }] },
    spec: {
      containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80, protocol: "TCP" }], resources: {}, env: [{ name: "A", value: "1" }] }],
      tolerations: [{ key: "k", operator: "Exists" }],
      securityContext: {},
      ...spec,
    },
    ...extra,
  }) as KubeObject;

const cases: Array<{ name: string; obj: KubeObject; options?: Partial<ManagedFieldsOptions> }> = [
  { name: "a pod with keyed lists, atomic lists and empty structs", obj: pod() },
  { name: "a pod with a status, which a create through the main resource does not own", obj: pod({ status: { phase: "Pending", conditions: [{ type: "Ready", status: "False" }] } }) },
  { name: "a pod created through the status subresource, which owns no spec", obj: pod({ status: { phase: "Pending" } }), options: { subresource: "status" } },
  { name: "a kind without a schema, every field granular", obj: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", labels: { a: "b" } }, spec: { list: [1, 2], nested: { a: { b: 1 } } } } as KubeObject },
  { name: "fields of the wrong shape and null fields", obj: pod({}, { containers: "none", securityContext: [], volumes: null, nodeSelector: null, hostname: null }) },
  { name: "duplicate list items, the later one counted", obj: pod({}, { containers: [{ name: "a", image: "1" }, { name: "a", command: ["x"] }] }) },
  { name: "list items without their keys, named by position", obj: pod({}, { containers: [{ image: "1" }, { image: "2", ports: [{ name: "p" }] }] }) },
  { name: "fields named as Object.prototype's members, which the comparison reads on its empty side", obj: pod({ constructor: { a: 1 } }, { constructor: { a: 1 }, toString: { b: 2 } }) },
  { name: "nothing a manager can own: no entry at all", obj: { apiVersion: "v1", kind: "Pod", metadata: { name: "p", uid: "u" } } as KubeObject },
  { name: "no time: the entry has none", obj: pod(), options: { time: "" } },
];

for (const c of cases) {
  test(`a create records what the general comparison records: ${c.name}`, () => {
    const options: ManagedFieldsOptions = { manager: "m", apiVersion: c.obj.apiVersion ?? "", time, ...c.options };
    const type = rootSsaType(options.apiVersion, c.obj.kind ?? "");
    const general = encodeManagers(recordUpdate(new Map(), { old: undefined, next: structuredClone(c.obj), type }, options));
    const created = updateManagedFields(undefined, structuredClone(c.obj), options).metadata?.managedFields;
    // as JSON, so that the order of keys (what the store keeps) counts too
    assert.equal(JSON.stringify(created ?? []), JSON.stringify(general));
  });
}
