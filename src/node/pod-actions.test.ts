import assert from "node:assert/strict";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import { type PlanContainer, planPodActions } from "./pod-actions.js";
import type { ContainerStatus } from "./runtime/runtime.js";

const running: ContainerStatus = { state: "running", startedAt: 0, idle: false };
const exited = (exitCode: number, finishedAt = 5): ContainerStatus => ({ state: "exited", idle: false, exitCode, reason: exitCode ? "Error" : "Completed", startedAt: 0, finishedAt });

function c(statuses: ContainerStatus[], extra: Partial<PlanContainer> = {}): PlanContainer {
  return { instances: statuses.map((status, attempt) => ({ containerID: `id${attempt}`, attempt, status })), started: true, ...extra };
}

function pod(spec: Partial<NonNullable<Pod["spec"]>>, deleting = false): Pod {
  return {
    metadata: { name: "p", namespace: "default", uid: "u", ...(deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
    spec: { containers: [{ name: "app" }], restartPolicy: "Always", ...spec },
  };
}

const init2 = { initContainers: [{ name: "first" }, { name: "second" }] };

interface Case {
  name: string;
  pod: Pod;
  containers: Record<string, PlanContainer>;
  held?: number;
  expect: string[];
}

const cases: Case[] = [
  { name: "a new pod starts its container", pod: pod({}), containers: {}, expect: ["start app"] },
  { name: "a new pod with init containers starts only the first", pod: pod(init2), containers: {}, expect: ["start first"] },
  { name: "a running init container is waited for", pod: pod(init2), containers: { first: c([running]) }, expect: [] },
  { name: "a completed init container lets the next one start", pod: pod(init2), containers: { first: c([exited(0)]) }, expect: ["start second"] },
  { name: "all init containers completed start the regular containers", pod: pod(init2), containers: { first: c([exited(0)]), second: c([exited(0)]) }, expect: ["start app"] },
  { name: "a failed init container is restarted under restartPolicy Always", pod: pod(init2), containers: { first: c([exited(1)]) }, expect: ["start first"] },
  { name: "a failed init container under restartPolicy Never is not restarted", pod: pod({ ...init2, restartPolicy: "Never" }), containers: { first: c([exited(1)]) }, expect: [] },
  {
    name: "a sidecar must be started before the next init container runs",
    pod: pod({ initContainers: [{ name: "proxy", restartPolicy: "Always" }, { name: "setup" }] }),
    containers: { proxy: c([running], { started: false }) },
    expect: [],
  },
  {
    name: "a started sidecar lets the init sequence go on, and is restarted when it exits later",
    pod: pod({ initContainers: [{ name: "proxy", restartPolicy: "Always" }] }),
    containers: { proxy: c([running, exited(1)].slice(1)), app: c([running]) },
    expect: ["start proxy"],
  },
  { name: "an exited container under Always is restarted", pod: pod({}), containers: { app: c([exited(0)]) }, expect: ["start app"] },
  { name: "an exited container held by its back-off waits", pod: pod({}), containers: { app: c([exited(1)]) }, held: 15, expect: ["backoff app until 15"] },
  { name: "OnFailure does not restart a container that exited 0", pod: pod({ restartPolicy: "OnFailure" }), containers: { app: c([exited(0)]) }, expect: [] },
  { name: "OnFailure restarts a container that failed", pod: pod({ restartPolicy: "OnFailure" }), containers: { app: c([exited(2)]) }, expect: ["start app"] },
  { name: "Never does not restart a container that failed", pod: pod({ restartPolicy: "Never" }), containers: { app: c([exited(2)]) }, expect: [] },
  {
    name: "a failed liveness verdict kills the running container to restart it",
    pod: pod({}),
    containers: { app: c([running], { kill: "liveness" }) },
    expect: ["kill app: Container app failed liveness probe, will be restarted"],
  },
  { name: "a pod being deleted starts nothing", pod: pod({}, true), containers: { app: c([exited(1)]) }, expect: [] },
];

for (const k of cases) {
  test(k.name, () => {
    const actions = planPodActions({ pod: k.pod, containers: new Map(Object.entries(k.containers)), heldUntil: () => k.held });
    const lines = actions.map((a) => (a.kind === "kill" ? `kill ${a.container}: ${a.message}` : a.kind === "backoff" ? `backoff ${a.container} until ${a.until}` : `start ${a.container}`));
    assert.deepEqual(lines, k.expect);
  });
}
