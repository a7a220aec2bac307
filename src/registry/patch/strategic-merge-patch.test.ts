import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusError } from "../../api/status.js";
import { applyPatch, patchErrorDetail } from "./index.js";

type Json = Record<string, unknown>;

const podSpec = (spec: Json): Json => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec });
const stsTemplate = (spec: Json): Json => ({ spec: { template: { spec } } });

const cases: Array<{ name: string; apiVersion: string; kind: string; doc: Json; patch: unknown; expect: Json }> = [
  {
    name: "scalars are replaced and null deletes, as in a merge patch",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ restartPolicy: "Always", hostname: "h" }),
    patch: { spec: { restartPolicy: "Never", hostname: null } },
    expect: podSpec({ restartPolicy: "Never" }),
  },
  {
    name: "containers merge by name: one changes, the other stays",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a", image: "a:1" }, { name: "b", image: "b:1" }] }),
    patch: { spec: { containers: [{ name: "b", image: "b:2" }] } },
    expect: podSpec({ containers: [{ name: "a", image: "a:1" }, { name: "b", image: "b:2" }] }),
  },
  {
    name: "a new item of a merging list comes before the server's items, as upstream orders it",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a", env: [{ name: "X", value: "1" }] }] }),
    patch: { spec: { containers: [{ name: "a", env: [{ name: "Y", value: "2" }] }] } },
    expect: podSpec({ containers: [{ name: "a", env: [{ name: "Y", value: "2" }, { name: "X", value: "1" }] }] }),
  },
  {
    name: "$patch: delete removes the list item with that key",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a" }, { name: "b" }] }),
    patch: { spec: { containers: [{ name: "a", $patch: "delete" }] } },
    expect: podSpec({ containers: [{ name: "b" }] }),
  },
  {
    name: "$patch: replace in a list makes the patch's items the list",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a", image: "x" }, { name: "b" }] }),
    patch: { spec: { containers: [{ name: "c" }, { $patch: "replace" }] } },
    expect: podSpec({ containers: [{ name: "c" }] }),
  },
  {
    name: "$patch: replace in a map replaces the map (kubectl rollout undo)",
    apiVersion: "apps/v1", kind: "StatefulSet",
    doc: {
      spec: {
        replicas: 2,
        template: {
          metadata: { labels: { app: "web" }, annotations: { a: "1" } },
          spec: { containers: [{ name: "nginx", image: "nginx:1.26", env: [{ name: "B", value: "2" }] }] },
        },
      },
    },
    patch: {
      spec: {
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "nginx", image: "nginx:1.25", env: [{ name: "A", value: "1" }] }] },
          $patch: "replace",
        },
      },
    },
    expect: {
      spec: {
        replicas: 2,
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "nginx", image: "nginx:1.25", env: [{ name: "A", value: "1" }] }] },
        },
      },
    },
  },
  {
    name: "$patch: delete in a map leaves an empty map",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ securityContext: { runAsUser: 1 }, hostname: "h" }),
    patch: { spec: { securityContext: { $patch: "delete" } } },
    expect: podSpec({ securityContext: {}, hostname: "h" }),
  },
  {
    name: "kubectl apply's second patch: $setElementOrder, a changed image and a deleted env var",
    apiVersion: "apps/v1", kind: "StatefulSet",
    doc: {
      metadata: { name: "web", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{old}\n" } },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: "nginx", image: "nginx:1.25", env: [{ name: "A", value: "1" }], ports: [{ containerPort: 80 }] }] } },
      },
    },
    patch: {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{new}\n" } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "nginx" }],
            containers: [
              { "$setElementOrder/env": [{ name: "B" }], env: [{ name: "B", value: "2" }, { $patch: "delete", name: "A" }], image: "nginx:1.26", name: "nginx" },
            ],
          },
        },
      },
    },
    expect: {
      metadata: { name: "web", annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{new}\n" } },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: "nginx", image: "nginx:1.26", env: [{ name: "B", value: "2" }], ports: [{ containerPort: 80 }] }] } },
      },
    },
  },
  {
    name: "$setElementOrder orders the items it names; a server-only item goes before one the server had after it",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a" }, { name: "s" }, { name: "b" }] }),
    patch: { spec: { "$setElementOrder/containers": [{ name: "b" }, { name: "a" }], containers: [{ name: "a", image: "x" }] } },
    expect: podSpec({ containers: [{ name: "s" }, { name: "b" }, { name: "a", image: "x" }] }),
  },
  {
    name: "finalizers merge as a set, duplicates dropped",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { name: "c", finalizers: ["a", "b"] } },
    patch: { metadata: { finalizers: ["b", "c"] } },
    expect: { metadata: { name: "c", finalizers: ["a", "b", "c"] } },
  },
  {
    name: "a finalizer the server did not have goes first",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { name: "c", finalizers: ["a", "b"] } },
    patch: { metadata: { finalizers: ["c"] } },
    expect: { metadata: { name: "c", finalizers: ["c", "a", "b"] } },
  },
  {
    name: "$deleteFromPrimitiveList removes scalars from a merging list",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { name: "c", finalizers: ["a", "b", "c"] } },
    patch: { metadata: { "$deleteFromPrimitiveList/finalizers": ["b"] } },
    expect: { metadata: { name: "c", finalizers: ["a", "c"] } },
  },
  {
    name: "$deleteFromPrimitiveList with no list to delete from leaves its items, as upstream does",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { name: "c" } },
    patch: { metadata: { "$deleteFromPrimitiveList/finalizers": ["b"] } },
    expect: { metadata: { name: "c", finalizers: ["b"] } },
  },
  {
    name: "kubectl apply's patch of a primitive list: additions, deletions and the new order",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { name: "c", finalizers: ["a", "b"] } },
    patch: { metadata: { "$setElementOrder/finalizers": ["b", "c"], "$deleteFromPrimitiveList/finalizers": ["a"], finalizers: ["c"] } },
    expect: { metadata: { name: "c", finalizers: ["b", "c"] } },
  },
  {
    name: "$retainKeys clears the keys of a volume it does not list",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ volumes: [{ name: "v", emptyDir: {} }, { name: "w", emptyDir: {} }] }),
    patch: { spec: { volumes: [{ name: "v", hostPath: { path: "/x" }, $retainKeys: ["hostPath", "name"] }] } },
    expect: podSpec({ volumes: [{ name: "v", hostPath: { path: "/x" } }, { name: "w", emptyDir: {} }] }),
  },
  {
    name: "lists without a merge strategy are replaced",
    apiVersion: "batch/v1", kind: "Job",
    doc: stsTemplate({ containers: [{ name: "a", command: ["sleep", "1"], args: ["x"] }] }),
    patch: stsTemplate({ containers: [{ name: "a", command: ["true"] }] }),
    expect: stsTemplate({ containers: [{ name: "a", command: ["true"], args: ["x"] }] }),
  },
  {
    name: "ports merge by containerPort",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a", ports: [{ containerPort: 80, name: "http" }, { containerPort: 443 }] }] }),
    patch: { spec: { containers: [{ name: "a", ports: [{ containerPort: 80, name: "web" }] }] } },
    expect: podSpec({ containers: [{ name: "a", ports: [{ containerPort: 80, name: "web" }, { containerPort: 443 }] }] }),
  },
  {
    name: "labels merge key by key",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { name: "c", labels: { a: "1", b: "2" } } },
    patch: { metadata: { labels: { b: null, c: "3" } } },
    expect: { metadata: { name: "c", labels: { a: "1", c: "3" } } },
  },
  {
    name: "directives with nothing to merge into are dropped from typed fields",
    apiVersion: "apps/v1", kind: "StatefulSet",
    doc: stsTemplate({ containers: [{ name: "a" }] }),
    patch: stsTemplate({ volumes: [{ name: "v", emptyDir: {}, $retainKeys: ["emptyDir", "name"] }], "$setElementOrder/volumes": [{ name: "v" }] }),
    expect: stsTemplate({ containers: [{ name: "a" }], volumes: [{ name: "v", emptyDir: {} }] }),
  },
  {
    name: "a controller revision's data is free-form and keeps what it is given",
    apiVersion: "apps/v1", kind: "ControllerRevision",
    doc: { revision: 1 },
    patch: { data: { spec: { template: { $patch: "replace", spec: {} } } } },
    expect: { revision: 1, data: { spec: { template: { $patch: "replace", spec: {} } } } },
  },
  {
    name: "a kind without a schema gets merge-patch lists",
    apiVersion: "example.com/v1", kind: "Widget",
    doc: { spec: { items: [{ name: "a" }, { name: "b" }] } },
    patch: { spec: { items: [{ name: "c" }] } },
    expect: { spec: { items: [{ name: "c" }] } },
  },
  { name: "a null body changes nothing", apiVersion: "v1", kind: "Pod", doc: podSpec({ hostname: "h" }), patch: null, expect: podSpec({ hostname: "h" }) },
];

for (const c of cases) {
  test(c.name, () => {
    const before = structuredClone(c.doc);
    assert.deepEqual(applyPatch(c.doc, c.patch, { type: "strategic", apiVersion: c.apiVersion, kind: c.kind }), c.expect);
    assert.deepEqual(c.doc, before, "the current object is not changed");
  });
}

const failures: Array<{ name: string; apiVersion: string; kind: string; doc: Json; patch: unknown; code: number; message: string; detail?: string }> = [
  {
    name: "a body that is not an object is 400",
    apiVersion: "v1", kind: "Pod", doc: podSpec({}), patch: [1],
    code: 400, message: "json: cannot unmarshal array into Go value of type map[string]interface {}",
  },
  {
    name: "$retainKeys not naming a key the patch sets is 400",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ volumes: [{ name: "v", emptyDir: {} }] }),
    patch: { spec: { volumes: [{ name: "v", hostPath: { path: "/x" }, $retainKeys: ["name"] }] } },
    code: 400, message: "invalid patch format of retainKeys",
  },
  {
    name: "$retainKeys that is not a list is 400",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ volumes: [{ name: "v" }] }),
    patch: { spec: { volumes: [{ name: "v", $retainKeys: "name" }] } },
    code: 400, message: "invalid patch format of retainKeys",
  },
  {
    name: "a $deleteFromPrimitiveList key without the list name is 400",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { finalizers: ["a"] } },
    patch: { metadata: { $deleteFromPrimitiveList: ["a"] } },
    code: 400, message: "invalid patch format of primitive list",
  },
  {
    name: "lists of lists are 422",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { finalizers: [] } },
    patch: { metadata: { finalizers: [["b"]] } },
    code: 422, message: "the server rejected our request due to an error in our request", detail: "lists of lists are not supported",
  },
  {
    name: "a field the type lacks, where both sides hold maps, is upstream's 500",
    apiVersion: "apps/v1", kind: "ControllerRevision",
    doc: { data: { spec: { a: 1 } }, revision: 1 },
    patch: { data: { spec: { b: 2 } } },
    code: 500, message: 'unable to find api field in struct RawExtension for the json field "spec"',
  },
  {
    name: "a delete directive without the merge key names the map",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a" }] }),
    patch: { spec: { containers: [{ $patch: "delete" }] } },
    code: 500, message: "map: map[$patch:delete] does not contain declared merge key: name",
  },
  {
    name: "$patch: merge in a list is not supported",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a" }] }),
    patch: { spec: { containers: [{ $patch: "merge" }] } },
    code: 500, message: "merging lists cannot yet be specified in the patch",
  },
  {
    name: "an unknown $patch value in a map is an error",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ securityContext: { runAsUser: 1 } }),
    patch: { spec: { securityContext: { $patch: "merge" } } },
    code: 500, message: "unknown patch type: merge in map: map[$patch:merge]",
  },
  {
    name: "a patch list out of its $setElementOrder is an error",
    apiVersion: "v1", kind: "Pod",
    doc: podSpec({ containers: [{ name: "a" }, { name: "b" }] }),
    patch: { spec: { "$setElementOrder/containers": [{ name: "a" }, { name: "b" }], containers: [{ name: "b" }, { name: "a" }] } },
    code: 500,
    message: "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
  },
  {
    name: "list items of different types are an error",
    apiVersion: "v1", kind: "ConfigMap",
    doc: { metadata: { finalizers: ["a"] } },
    patch: { metadata: { finalizers: [1] } },
    code: 500, message: "list element types are not identical: [[a] [1]]",
  },
];

for (const c of failures) {
  test(c.name, () => {
    assert.throws(
      () => applyPatch(c.doc, c.patch, { type: "strategic", apiVersion: c.apiVersion, kind: c.kind }),
      (err: unknown) => {
        assert.ok(err instanceof StatusError, String(err));
        assert.equal(err.code, c.code);
        assert.equal(err.status.message, c.message);
        if (c.detail) assert.equal(patchErrorDetail(err), c.detail);
        return true;
      },
    );
  });
}
