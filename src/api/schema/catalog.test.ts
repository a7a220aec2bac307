import assert from "node:assert/strict";
import { test } from "node:test";
import { catalog, fieldOf, resolveRef, schemaFor, typeAt, typeNamed } from "./index.js";
import type { FieldSchema, ValueType } from "./index.js";

const served: Array<[string, string]> = [
  ["v1", "Namespace"], ["v1", "Pod"], ["v1", "Node"], ["v1", "Event"], ["v1", "PersistentVolumeClaim"],
  ["v1", "PersistentVolume"], ["v1", "Service"], ["v1", "ConfigMap"], ["v1", "Secret"], ["v1", "ServiceAccount"],
  ["apps/v1", "StatefulSet"], ["apps/v1", "ControllerRevision"], ["batch/v1", "Job"], ["batch/v1", "CronJob"],
  ["batch/v1beta1", "CronJob"], ["storage.k8s.io/v1", "StorageClass"], ["coordination.k8s.io/v1", "Lease"],
  ["events.k8s.io/v1", "Event"], ["autoscaling/v1", "Scale"], ["v1", "Status"], ["v1", "DeleteOptions"],
];

test("every served kind has a schema with its group-version-kind", () => {
  for (const [apiVersion, kind] of served) {
    const t = schemaFor(apiVersion, kind);
    assert.ok(t, `${apiVersion} ${kind}`);
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    assert.deepEqual(t.gvk, [{ group, version, kind }], `${apiVersion} ${kind}`);
  }
});

function refs(t: ValueType): string[] {
  if (t.kind === "ref") return [t.name];
  if (t.kind === "array") return refs(t.items);
  if (t.kind === "map") return refs(t.values);
  return [];
}

test("every type a field refers to is in the catalog", () => {
  const dangling: string[] = [];
  for (const t of catalog.values()) {
    for (const [name, f] of Object.entries(t.fields)) {
      for (const r of refs(f.type)) if (!catalog.has(r)) dangling.push(`${t.name}.${name} → ${r}`);
    }
  }
  assert.deepEqual(dangling, []);
});

test("merge keys and list-map keys name fields of the list's items", () => {
  const wrong: string[] = [];
  for (const t of catalog.values()) {
    for (const [name, f] of Object.entries(t.fields)) {
      if (f.type.kind !== "array") continue;
      const item = resolveRef(f.type.items);
      for (const key of [f.patchMergeKey, ...(f.listMapKeys ?? [])]) {
        if (key !== undefined && !(item && fieldOf(item, key))) wrong.push(`${t.name}.${name}: ${key}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

function field(apiVersion: string, kind: string, path: string[]): FieldSchema | undefined {
  const parent = typeAt(schemaFor(apiVersion, kind)!.name, path.slice(0, -1));
  const owner = resolveRef(parent?.kind === "array" ? parent.items : parent);
  return owner && fieldOf(owner, path.at(-1)!);
}

const patchMetaCases: Array<{ name: string; apiVersion: string; kind: string; path: string[]; expect: Partial<FieldSchema> }> = [
  {
    name: "pod containers merge by name and are a list-map keyed by name",
    apiVersion: "v1", kind: "Pod", path: ["spec", "containers"],
    expect: { patchStrategy: "merge", patchMergeKey: "name", listType: "map", listMapKeys: ["name"] },
  },
  {
    name: "a container's ports merge by containerPort and are keyed by containerPort and protocol",
    apiVersion: "v1", kind: "Pod", path: ["spec", "containers", "ports"],
    expect: { patchStrategy: "merge", patchMergeKey: "containerPort", listType: "map", listMapKeys: ["containerPort", "protocol"] },
  },
  {
    name: "a statefulset template's env merges by name",
    apiVersion: "apps/v1", kind: "StatefulSet", path: ["spec", "template", "spec", "containers", "env"],
    expect: { patchStrategy: "merge", patchMergeKey: "name" },
  },
  {
    name: "pod volumes merge by name retaining keys",
    apiVersion: "v1", kind: "Pod", path: ["spec", "volumes"],
    expect: { patchStrategy: "merge,retainKeys", patchMergeKey: "name" },
  },
  {
    name: "volume mounts merge by mountPath",
    apiVersion: "v1", kind: "Pod", path: ["spec", "containers", "volumeMounts"],
    expect: { patchStrategy: "merge", patchMergeKey: "mountPath", listMapKeys: ["mountPath"] },
  },
  {
    name: "finalizers merge as a set",
    apiVersion: "v1", kind: "ConfigMap", path: ["metadata", "finalizers"],
    expect: { patchStrategy: "merge", listType: "set" },
  },
  {
    name: "owner references merge by uid",
    apiVersion: "apps/v1", kind: "ControllerRevision", path: ["metadata", "ownerReferences"],
    expect: { patchStrategy: "merge", patchMergeKey: "uid", listType: "map", listMapKeys: ["uid"] },
  },
  {
    name: "statefulset conditions merge by type",
    apiVersion: "apps/v1", kind: "StatefulSet", path: ["status", "conditions"],
    expect: { patchStrategy: "merge", patchMergeKey: "type", listType: "map" },
  },
  {
    name: "job conditions merge by type but are atomic for apply",
    apiVersion: "batch/v1", kind: "Job", path: ["status", "conditions"],
    expect: { patchStrategy: "merge", patchMergeKey: "type", listType: "atomic" },
  },
  {
    name: "a container's command is atomic",
    apiVersion: "batch/v1", kind: "Job", path: ["spec", "template", "spec", "containers", "command"],
    expect: { listType: "atomic" },
  },
  {
    name: "v1beta1 cronjob templates keep the merge keys of batch/v1",
    apiVersion: "batch/v1beta1", kind: "CronJob", path: ["spec", "jobTemplate", "spec", "template", "spec", "containers"],
    expect: { patchStrategy: "merge", patchMergeKey: "name" },
  },
  {
    name: "a pod's nodeSelector is an atomic map",
    apiVersion: "v1", kind: "Pod", path: ["spec", "nodeSelector"],
    expect: { mapType: "atomic" },
  },
  {
    name: "service ports merge by port and default their protocol key",
    apiVersion: "v1", kind: "Service", path: ["spec", "ports"],
    expect: { patchStrategy: "merge", patchMergeKey: "port", listMapKeys: ["port", "protocol"] },
  },
  {
    name: "node podCIDRs merge as a set",
    apiVersion: "v1", kind: "Node", path: ["spec", "podCIDRs"],
    expect: { patchStrategy: "merge", listType: "set" },
  },
];

for (const c of patchMetaCases) {
  test(c.name, () => {
    const f = field(c.apiVersion, c.kind, c.path);
    assert.ok(f, c.path.join("."));
    for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(f[k as keyof FieldSchema], v, k);
  });
}

test("fields of v1.31 and v1.32 that kubernetes-types 1.30 lacks are there", () => {
  const cases: Array<[string, string]> = [
    ["io.k8s.api.core.v1.PodSecurityContext", "supplementalGroupsPolicy"],
    ["io.k8s.api.core.v1.PodSecurityContext", "seLinuxChangePolicy"],
    ["io.k8s.api.core.v1.ContainerStatus", "allocatedResourcesStatus"],
    ["io.k8s.api.core.v1.ContainerStatus", "user"],
    ["io.k8s.api.core.v1.Volume", "image"],
    ["io.k8s.api.core.v1.PodResourceClaim", "resourceClaimName"],
    ["io.k8s.api.coordination.v1.LeaseSpec", "strategy"],
    ["io.k8s.api.coordination.v1.LeaseSpec", "preferredHolder"],
  ];
  for (const [type, f] of cases) assert.ok(fieldOf(typeNamed(type)!, f), `${type}.${f}`);
  assert.equal(fieldOf(typeNamed("io.k8s.api.core.v1.PodResourceClaim")!, "source"), undefined);
});

test("atomic structs are marked, granular ones are not", () => {
  assert.equal(typeNamed("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")?.mapType, "atomic");
  assert.equal(typeNamed("io.k8s.api.core.v1.LocalObjectReference")?.mapType, "atomic");
  assert.equal(typeNamed("io.k8s.api.core.v1.Container")?.mapType, undefined);
});

test("typeAt walks fields, list items and map values", () => {
  const pod = "io.k8s.api.core.v1.Pod";
  assert.deepEqual(typeAt(pod, ["spec", "containers", 0, "image"]), { kind: "scalar", type: "string" });
  assert.deepEqual(typeAt(pod, ["metadata", "labels", "app"]), { kind: "scalar", type: "string" });
  assert.deepEqual(typeAt(pod, ["spec", "containers", 0, "resources", "limits", "cpu"]), {
    kind: "ref",
    name: "io.k8s.apimachinery.pkg.api.resource.Quantity",
  });
  assert.equal(typeAt(pod, ["spec", "nope"]), undefined);
  assert.equal(typeAt("io.k8s.api.apps.v1.ControllerRevision", ["data", "spec"]), undefined);
});
