import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PodSpec } from "kubernetes-types/core/v1.js";
import { podTemplateWarnings, podWarnings } from "./pod-warnings.js";

const app = { name: "app", image: "nginx:1.25" };

const cases: Array<{ name: string; spec: PodSpec; annotations?: Record<string, string>; expect: string[] }> = [
  { name: "a plain pod has no warnings", spec: { containers: [app] }, expect: [] },
  {
    name: "deprecated node labels in nodeSelector",
    spec: { containers: [app], nodeSelector: { "beta.kubernetes.io/os": "linux" } },
    expect: ['spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead'],
  },
  {
    name: "label keys named like Object's properties are no deprecated labels",
    spec: {
      containers: [app],
      nodeSelector: { constructor: "x", toString: "y" },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "constructor", whenUnsatisfiable: "DoNotSchedule", labelSelector: {} }],
    },
    expect: [],
  },
  {
    name: "a spread constraint without a selector matches nothing",
    spec: { containers: [app], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "failure-domain.beta.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" }] },
    expect: [
      'spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
      "spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod",
    ],
  },
  {
    name: "deprecated volume plugins",
    spec: { containers: [app], volumes: [{ name: "g", gitRepo: { repository: "r" } }] },
    expect: ["spec.volumes[0].gitRepo: deprecated in v1.11"],
  },
  {
    name: "duplicate and empty image pull secrets",
    spec: { containers: [app], imagePullSecrets: [{ name: "reg" }, { name: "reg" }, { name: "" }] },
    expect: ['spec.imagePullSecrets[1].name: duplicate name "reg"', 'spec.imagePullSecrets[2].name: invalid empty name ""'],
  },
  {
    name: "fractional bytes of memory",
    spec: { containers: [{ ...app, resources: { limits: { memory: "1.5" } } }] },
    expect: ['spec.containers[0].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer'],
  },
  {
    name: "an env var defined twice hides the first unless it refers to it",
    spec: { containers: [{ ...app, env: [{ name: "A", value: "1" }, { name: "A", value: "2" }, { name: "A", value: "$(A)x" }] }] },
    expect: ['spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply'],
  },
  {
    name: "the same port declared by two containers",
    spec: { containers: [{ ...app, ports: [{ containerPort: 80, protocol: "TCP" }] }, { name: "b", image: "i", ports: [{ containerPort: 80, protocol: "TCP" }] }] },
    expect: ["spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]"],
  },
  {
    name: "a port on a host port and the same port on none overlap, and a third clashes with both",
    spec: {
      initContainers: [{ name: "init", image: "i", ports: [{ containerPort: 80, protocol: "TCP", hostPort: 8080 }] }],
      containers: [{ ...app, ports: [{ containerPort: 80, protocol: "TCP" }] }, { name: "b", image: "i", ports: [{ containerPort: 80, protocol: "TCP" }] }],
    },
    expect: [
      "spec.containers[0].ports[0]: overlapping port definition with spec.initContainers[0].ports[0]",
      "spec.containers[1].ports[0]: overlapping port definition with spec.initContainers[0].ports[0]",
      "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
    ],
  },
  {
    name: "the same host port with and without a host IP is dangerously ambiguous",
    spec: {
      containers: [
        { ...app, ports: [{ containerPort: 80, protocol: "TCP", hostPort: 8080, hostIP: "10.0.0.1" }] },
        { name: "b", image: "i", ports: [{ containerPort: 80, protocol: "TCP", hostPort: 8080 }] },
      ],
    },
    expect: ["spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[0]"],
  },
  {
    name: "a negative grace period will be treated as 1",
    spec: { containers: [app], terminationGracePeriodSeconds: -1 },
    expect: ["spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"],
  },
  {
    name: "the critical-pod annotation no longer works",
    spec: { containers: [app] },
    annotations: { "scheduler.alpha.kubernetes.io/critical-pod": "" },
    expect: ['metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead'],
  },
];

describe("pod warnings", () => {
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(podWarnings(c.spec, c.annotations ? { annotations: c.annotations } : {}), c.expect));
  }
});

test("template warnings are prefixed with the template's path", () => {
  const template = { spec: { containers: [app], terminationGracePeriodSeconds: -1 } };
  assert.deepEqual(podTemplateWarnings(template, "spec.template"), [
    "spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
  ]);
});
