import assert from "node:assert/strict";
import { test } from "node:test";
import { compare } from "./compare.js";
import { formatPath } from "./field-set.js";
import type { FieldSet } from "./field-set.js";
import { rootSsaType } from "./ssa-type.js";

const podType = rootSsaType("v1", "Pod");
const paths = (set: FieldSet): string[] => set.paths().map(formatPath).sort();

const spec = {
  containers: [{ name: "main", image: "busybox", command: ["true"], resources: {} }],
  restartPolicy: "Never",
  nodeName: "node-1",
};
const running = {
  phase: "Running",
  conditions: [
    { type: "Ready", status: "True" },
    { type: "PodScheduled", status: "True" },
  ],
};
const pod = (status: unknown, s: unknown = spec) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { app: "x" } }, spec: s, status });

const cases: Array<{ name: string; lhs: unknown; rhs: unknown; modified: string[]; added: string[]; removed: string[] }> = [
  { name: "equal objects mark nothing", lhs: pod(running), rhs: structuredClone(pod(running)), modified: [], added: [], removed: [] },
  {
    name: "a status write marks its own changes only, not the equal spec and metadata",
    lhs: pod(running),
    rhs: pod({ phase: "Succeeded", conditions: [{ type: "Ready", status: "False" }, running.conditions[1]] }),
    modified: [".status.conditions[type=\"Ready\"].status", ".status.phase"],
    added: [],
    removed: [],
  },
  {
    name: "an equal list item beside a changed one is left alone",
    lhs: pod(undefined, { ...spec, containers: [spec.containers[0], { name: "side", image: "a" }] }),
    rhs: pod(undefined, { ...spec, containers: [structuredClone(spec.containers[0]), { name: "side", image: "b" }] }),
    modified: [".spec.containers[name=\"side\"].image"],
    added: [],
    removed: [],
  },
  {
    name: "an absent struct every pod has and an empty one are the same",
    lhs: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } },
    rhs: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: {} },
    modified: [],
    added: [],
    removed: [],
  },
  {
    name: "appearing and disappearing members are added and removed with what they hold",
    lhs: pod({ phase: "Pending" }),
    rhs: pod({ hostIP: "127.0.0.1" }),
    modified: [],
    added: [".status.hostIP"],
    removed: [".status.phase"],
  },
];

for (const c of cases) {
  test(`compare: ${c.name}`, () => {
    const got = compare(c.lhs, c.rhs, podType);
    assert.deepEqual({ modified: paths(got.modified), added: paths(got.added), removed: paths(got.removed) }, { modified: c.modified, added: c.added, removed: c.removed });
  });
}
