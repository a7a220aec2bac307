import assert from "node:assert/strict";
import { test } from "node:test";
import { openApiComponents } from "./index.js";

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refsIn(v)));
}

const versions = ["v1", "apps/v1", "batch/v1", "batch/v1beta1", "storage.k8s.io/v1", "coordination.k8s.io/v1", "events.k8s.io/v1", "autoscaling/v1"];

test("every $ref of a group-version document resolves inside it", () => {
  for (const v of versions) {
    const components = openApiComponents(v);
    const missing = refsIn(components)
      .map((r) => r.replace("#/components/schemas/", ""))
      .filter((name) => !(name in components));
    assert.deepEqual([...new Set(missing)], [], v);
  }
});

test("a kind carries its group-version-kind and required fields", () => {
  const sts = openApiComponents("apps/v1")["io.k8s.api.apps.v1.StatefulSet"] as Record<string, unknown>;
  assert.deepEqual(sts["x-kubernetes-group-version-kind"], [{ group: "apps", kind: "StatefulSet", version: "v1" }]);
  assert.equal(sts["type"], "object");
  const spec = openApiComponents("apps/v1")["io.k8s.api.apps.v1.StatefulSetSpec"] as { required: string[] };
  assert.deepEqual(spec.required, ["selector", "serviceName", "template"]);
});

test("patch metadata becomes x-kubernetes extensions on the list", () => {
  const podSpec = openApiComponents("v1")["io.k8s.api.core.v1.PodSpec"] as { properties: Record<string, Record<string, unknown>> };
  assert.deepEqual(podSpec.properties["containers"], {
    type: "array",
    items: { allOf: [{ $ref: "#/components/schemas/io.k8s.api.core.v1.Container" }] },
    description: podSpec.properties["containers"]!["description"],
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["name"],
    "x-kubernetes-patch-merge-key": "name",
    "x-kubernetes-patch-strategy": "merge",
  });
});

test("each document holds its own kinds and not another group's", () => {
  const batch = openApiComponents("batch/v1beta1");
  assert.ok("io.k8s.api.batch.v1beta1.CronJob" in batch);
  assert.ok("io.k8s.api.batch.v1.JobSpec" in batch);
  assert.ok(!("io.k8s.api.batch.v1.CronJob" in batch));
  assert.ok(!("io.k8s.api.apps.v1.StatefulSet" in batch));
  assert.ok("io.k8s.apimachinery.pkg.apis.meta.v1.Status" in batch);
});

test("special types are written as upstream writes them", () => {
  const core = openApiComponents("v1");
  assert.deepEqual((core["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] as Record<string, unknown>)["oneOf"], [{ type: "integer" }, { type: "string" }]);
  assert.equal((core["io.k8s.apimachinery.pkg.apis.meta.v1.Time"] as Record<string, unknown>)["format"], "date-time");
});
