import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../api/object.js";
import { StatusError } from "../../api/status.js";
import { applyConfiguration, updateManagedFields } from "./index.js";
import type { ApplyOptions } from "./index.js";

const t0 = "2024-05-01T10:00:00Z";
const t1 = "2024-05-01T10:01:00Z";
const t2 = "2024-05-01T10:02:00Z";

type Json = Record<string, unknown>;

function sts(spec: Json, metadata: Json = {}): KubeObject {
  return { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "web", namespace: "default", ...metadata }, spec } as KubeObject;
}

const container = (name: string, extra: Json = {}): Json => ({ name, image: `${name}:1`, ...extra });
const template = (...containers: Json[]): Json => ({ metadata: { labels: { app: "web" } }, spec: { containers } });
const baseSpec = (extra: Json = {}): Json => ({ serviceName: "web", selector: { matchLabels: { app: "web" } }, template: template(container("a")), ...extra });

function apply(live: KubeObject | undefined, config: unknown, options: Partial<ApplyOptions> = {}) {
  return applyConfiguration(live, config, { manager: "kubectl", apiVersion: "apps/v1", kind: "StatefulSet", time: t1, ...options });
}

/** An object as a client-side `kubectl apply` left it: every field owned by an Update manager. */
function updatedBy(manager: string, obj: KubeObject, time = t0): KubeObject {
  return updateManagedFields(undefined, obj, { manager, apiVersion: "apps/v1", time });
}

function spec(obj: KubeObject): Json {
  return (obj as unknown as { spec: Json }).spec;
}

function entry(obj: KubeObject, manager: string, operation = "Apply") {
  return obj.metadata?.managedFields?.find((e) => e.manager === manager && e.operation === operation);
}

function expectStatus(fn: () => unknown, code: number, message: string): StatusError {
  let caught: unknown;
  assert.throws(fn, (err: unknown) => {
    caught = err;
    return err instanceof StatusError && err.code === code && err.status.message === message;
  });
  return caught as StatusError;
}

test("apply to a missing object creates it with one Apply entry", () => {
  const r = apply(undefined, sts(baseSpec({ replicas: 2 })));
  assert.equal(r.created, true);
  assert.equal(r.changed, true);
  assert.equal(spec(r.object)["replicas"], 2);
  assert.deepEqual(r.object.metadata?.managedFields?.map((e) => [e.manager, e.operation, e.apiVersion, e.time, e.fieldsType]), [
    ["kubectl", "Apply", "apps/v1", t1, "FieldsV1"],
  ]);
  assert.deepEqual(entry(r.object, "kubectl")?.fieldsV1, {
    "f:spec": {
      "f:replicas": {},
      "f:selector": {},
      "f:serviceName": {},
      "f:template": {
        "f:metadata": { "f:labels": { "f:app": {} } },
        "f:spec": { "f:containers": { 'k:{"name":"a"}': { ".": {}, "f:image": {}, "f:name": {} } } },
      },
    },
  });
});

test("the body may be YAML, as application/apply-patch+yaml allows", () => {
  const yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  serviceName: web\n";
  assert.equal(spec(apply(undefined, yaml).object)["replicas"], 3);
});

test("applying the same configuration again changes nothing, time included", () => {
  const first = apply(undefined, sts(baseSpec({ replicas: 2 }))).object;
  const again = apply(first, sts(baseSpec({ replicas: 2 })), { time: t2 });
  assert.equal(again.changed, false);
  assert.deepEqual(again.object, first);
});

test("a field another manager set to a different value is a 409 naming the manager and path", () => {
  const live = updatedBy("kubectl-client-side-apply", sts(baseSpec({ replicas: 3 })));
  const err = expectStatus(
    () => apply(live, sts(baseSpec({ replicas: 5 }))),
    409,
    'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
  );
  assert.equal(err.status.reason, "Conflict");
  assert.deepEqual(err.status.details, {
    causes: [{ reason: "FieldManagerConflict", message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: ".spec.replicas" }],
  });
});

test("several conflicts are listed per manager, managers sorted", () => {
  let live = updatedBy("b-editor", sts(baseSpec({ replicas: 3 })));
  live = updateManagedFields(live, { ...live, spec: { ...spec(live), template: template(container("a", { image: "a:2" })) } } as KubeObject, {
    manager: "a-editor",
    apiVersion: "apps/v1",
    time: t0,
  });
  expectStatus(
    () => apply(live, sts(baseSpec({ replicas: 5, template: template(container("a", { image: "a:3" })) }))),
    409,
    'Apply failed with 2 conflicts: conflicts with "a-editor" using apps/v1:\n- .spec.template.spec.containers[name="a"].image\nconflicts with "b-editor" using apps/v1:\n- .spec.replicas',
  );
});

test("a conflict with another applier names it without a version", () => {
  const live = apply(undefined, sts(baseSpec({ replicas: 2 })), { manager: "helm" }).object;
  expectStatus(() => apply(live, sts({ replicas: 4 })), 409, 'Apply failed with 1 conflict: conflict with "helm": .spec.replicas');
});

test("force takes the field: the value changes and the other manager no longer owns it", () => {
  const live = updatedBy("kubectl-client-side-apply", sts(baseSpec({ replicas: 3 })));
  const r = apply(live, sts({ replicas: 5 }), { force: true });
  assert.equal(spec(r.object)["replicas"], 5);
  const other = entry(r.object, "kubectl-client-side-apply", "Update")?.fieldsV1 as { "f:spec": Json };
  assert.equal("f:replicas" in other["f:spec"], false);
  assert.ok("f:serviceName" in other["f:spec"]);
  assert.deepEqual(entry(r.object, "kubectl")?.fieldsV1, { "f:spec": { "f:replicas": {} } });
});

test("applying a value another manager already set shares the field without conflict", () => {
  const live = updatedBy("editor", sts(baseSpec({ replicas: 3 })));
  const r = apply(live, sts({ replicas: 3 }));
  assert.equal(r.changed, true, "managedFields changed");
  assert.deepEqual(entry(r.object, "kubectl")?.fieldsV1, { "f:spec": { "f:replicas": {} } });
  assert.equal(entry(r.object, "kubectl")?.time, undefined, "no content changed, so no time");
  assert.ok((entry(r.object, "editor", "Update")?.fieldsV1 as { "f:spec": Json })["f:spec"]["f:replicas"]);
});

test("a field the applier set before and omits now is removed when nobody else owns it", () => {
  const first = apply(undefined, sts(baseSpec({ replicas: 2, minReadySeconds: 5 }))).object;
  const r = apply(first, sts(baseSpec({ replicas: 2 })), { time: t2 });
  assert.equal("minReadySeconds" in spec(r.object), false);
  assert.equal(entry(r.object, "kubectl")?.time, t2);
});

test("a field the applier omits now stays when another manager owns it too", () => {
  const first = apply(undefined, sts(baseSpec({ replicas: 2, minReadySeconds: 5 }))).object;
  const shared = apply(first, sts({ minReadySeconds: 5 }), { manager: "other" }).object;
  const r = apply(shared, sts(baseSpec({ replicas: 2 })), { time: t2 });
  assert.equal(spec(r.object)["minReadySeconds"], 5);
  const mine = entry(r.object, "kubectl")?.fieldsV1 as { "f:spec": Json };
  assert.equal("f:minReadySeconds" in mine["f:spec"], false);
});

test("a list item the applier omits now is removed, the others stay in order", () => {
  const first = apply(undefined, sts(baseSpec({ template: template(container("a"), container("b"), container("c")) }))).object;
  const r = apply(first, sts(baseSpec({ template: template(container("a"), container("c")) })), { time: t2 });
  const containers = (spec(r.object)["template"] as { spec: { containers: Json[] } }).spec.containers;
  assert.deepEqual(containers.map((c) => c["name"]), ["a", "c"]);
});

test("a new list item goes after the live items when it shares none with them", () => {
  const live = updatedBy("editor", sts(baseSpec({ template: template(container("a"), container("b")) })));
  const r = apply(live, sts({ template: { spec: { containers: [{ name: "c", image: "c:1" }] } } }));
  const containers = (spec(r.object)["template"] as { spec: { containers: Json[] } }).spec.containers;
  assert.deepEqual(containers.map((c) => c["name"]), ["a", "b", "c"]);
});

test("items keep the configuration's order around shared ones, and shared items merge in place", () => {
  const live = updatedBy("editor", sts(baseSpec({ template: template(container("a", { env: [{ name: "X", value: "1" }] }), container("b")) })));
  const r = apply(live, sts({ template: { spec: { containers: [{ name: "c", image: "c:1" }, { name: "a", image: "a:1" }] } } }));
  const containers = (spec(r.object)["template"] as { spec: { containers: Json[] } }).spec.containers;
  assert.deepEqual(containers.map((c) => c["name"]), ["c", "a", "b"]);
  assert.deepEqual(containers[1]!["env"], [{ name: "X", value: "1" }]);
});

test("a port applied without a protocol is keyed by the default TCP", () => {
  const r = apply(undefined, sts(baseSpec({ template: template(container("a", { ports: [{ containerPort: 80 }] })) })));
  const fields = JSON.stringify(entry(r.object, "kubectl")?.fieldsV1);
  assert.match(fields, /k:\{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"\}/);
});

test("finalizers applied by two managers are a set: each keeps its own", () => {
  const one = apply(undefined, sts({}, { finalizers: ["a.example/x"] }), { manager: "one" }).object;
  const two = apply(one, sts({}, { finalizers: ["b.example/y"] }), { manager: "two" }).object;
  assert.deepEqual(two.metadata?.finalizers, ["a.example/x", "b.example/y"]);
  const r = apply(two, sts({}, {}), { manager: "one", time: t2 });
  assert.deepEqual(r.object.metadata?.finalizers, ["b.example/y"]);
});

test("status in an applied configuration is not owned through the main resource", () => {
  const r = apply(undefined, { ...sts({ replicas: 1 }), status: { replicas: 9 } });
  assert.deepEqual(entry(r.object, "kubectl")?.fieldsV1, { "f:spec": { "f:replicas": {} } });
});

test("an object with no managedFields is first claimed by before-first-apply", () => {
  const live = sts(baseSpec({ replicas: 3 }));
  expectStatus(() => apply(live, sts({ replicas: 4 })), 409, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
});

const rejections: Array<{ name: string; config: unknown; code: number; message: string }> = [
  {
    name: "a configuration of another kind is 400",
    config: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } },
    code: 400, message: "invalid object type: apps/v1, Kind=Deployment",
  },
  {
    name: "a configuration without apiVersion and kind is 400",
    config: { metadata: { name: "web" } },
    code: 400, message: "invalid object type: /, Kind=",
  },
  {
    name: "a configuration that sets managedFields is 400",
    config: sts({}, { managedFields: [] }),
    code: 400, message: "metadata.managedFields must be nil",
  },
  {
    name: "an undeclared field is upstream's 500 from typing the configuration",
    config: sts({ replicas: 1, replica: 2 }),
    code: 500, message: "failed to create typed patch object (default/web; apps/v1, Kind=StatefulSet): .spec.replica: field not declared in schema",
  },
  {
    name: "several undeclared fields are listed",
    config: { ...sts({ foo: 1 }), bar: 2 },
    code: 500,
    message: "failed to create typed patch object (default/web; apps/v1, Kind=StatefulSet): errors:\n  .spec.foo: field not declared in schema\n  .bar: field not declared in schema",
  },
  {
    name: "a keyed list item without its key is 500",
    config: sts({ template: { spec: { containers: [{ image: "x" }] } } }),
    code: 500,
    message:
      'failed to create typed patch object (default/web; apps/v1, Kind=StatefulSet): .spec.template.spec.containers: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
  },
  {
    name: "YAML that does not parse is 400",
    config: "apiVersion: [",
    code: 400, message: "",
  },
  {
    name: "a list body is 400",
    config: "[1]",
    code: 400, message: "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
  },
];

for (const c of rejections) {
  test(c.name, () => {
    assert.throws(
      () => apply(undefined, c.config),
      (err: unknown) => {
        assert.ok(err instanceof StatusError, String(err));
        assert.equal(err.code, c.code);
        if (c.message) assert.equal(err.status.message, c.message);
        else assert.match(err.status.message ?? "", /^error decoding YAML: /);
        return true;
      },
    );
  });
}
