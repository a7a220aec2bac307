import assert from "node:assert/strict";
import { test } from "node:test";
import { unknownFields } from "./index.js";

const cases: Array<{ name: string; apiVersion: string; kind: string; body: unknown; expect: string[] }> = [
  {
    name: "a well-formed statefulset has no unknown fields",
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    body: {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "web", labels: { app: "web" }, annotations: { "a/b": "c" } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: 80 }] }] } },
      },
      status: { replicas: 0 },
    },
    expect: [],
  },
  {
    name: "a misspelled spec field is reported by its dotted path",
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    body: { spec: { replica: 2 } },
    expect: ["spec.replica"],
  },
  {
    name: "fields inside list items carry the item's index",
    apiVersion: "v1",
    kind: "Pod",
    body: { spec: { containers: [{ name: "a" }, { name: "b", imagePullPolicyy: "Always", env: [{ name: "X", valu: "1" }] }] } },
    expect: ["spec.containers[1].imagePullPolicyy", "spec.containers[1].env[0].valu"],
  },
  {
    name: "several unknown fields come in document order, top level included",
    apiVersion: "v1",
    kind: "ConfigMap",
    body: { foo: 1, metadata: { name: "x", lables: {} }, data: { k: "v" }, bar: true },
    expect: ["foo", "metadata.lables", "bar"],
  },
  {
    name: "field names are case sensitive",
    apiVersion: "batch/v1",
    kind: "Job",
    body: { Spec: {} },
    expect: ["Spec"],
  },
  {
    name: "a controller revision's data is free-form",
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    body: { data: { spec: { template: { $patch: "replace", anything: 1 } } }, revision: 1 },
    expect: [],
  },
  {
    name: "resource quantities and int-or-string values are leaves",
    apiVersion: "v1",
    kind: "Pod",
    body: { spec: { containers: [{ name: "a", resources: { limits: { cpu: "1" } }, livenessProbe: { httpGet: { port: "http" } } }] } },
    expect: [],
  },
  {
    name: "fields added in v1.31 are known",
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    body: { spec: { strategy: "OldestEmulationVersion", preferredHolder: "b", holderIdentity: "a" } },
    expect: [],
  },
  {
    name: "batch/v1beta1 cronjobs are checked against their own schema",
    apiVersion: "batch/v1beta1",
    kind: "CronJob",
    body: { spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { restartPolicyy: "Never" } } } } } },
    expect: ["spec.jobTemplate.spec.template.spec.restartPolicyy"],
  },
  {
    name: "a kind that is not served reports nothing",
    apiVersion: "apps/v1",
    kind: "Deployment",
    body: { spec: { whatever: 1 } },
    expect: [],
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(unknownFields(c.body, c.apiVersion, c.kind), c.expect);
  });
}
