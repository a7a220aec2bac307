import assert from "node:assert/strict";
import { test } from "node:test";
import type { Pod, PodStatus } from "kubernetes-types/core/v1.js";
import type { ContainerStatus as RuntimeStatus } from "../runtime/runtime.js";
import { generatePodStatus } from "./pod-status.js";
import type { ContainerView, PodStatusInput } from "./pod-status-input.js";

const t0 = Date.parse("2026-01-01T00:00:00Z");
const sec = (n: number): number => t0 + n * 1000;
const at = (n: number): string => new Date(sec(n)).toISOString().replace(".000Z", "Z");

function pod(spec: Partial<NonNullable<Pod["spec"]>> = {}, status: PodStatus = { phase: "Pending", qosClass: "BestEffort" }): Pod {
  return {
    metadata: { name: "web", namespace: "default", uid: "u1" },
    spec: { containers: [{ name: "app", image: "nginx:1.27" }], restartPolicy: "Always", ...spec },
    status,
  };
}

const running = (startedAt: number): RuntimeStatus => ({ state: "running", startedAt: sec(startedAt), idle: false });
const exited = (code: number, from: number, to: number): RuntimeStatus => ({
  state: "exited",
  idle: false,
  exitCode: code,
  reason: code === 0 ? "Completed" : "Error",
  startedAt: sec(from),
  finishedAt: sec(to),
});

function view(statuses: RuntimeStatus[], extra: Partial<ContainerView> = {}): ContainerView {
  return { instances: statuses.map((status, attempt) => ({ containerID: `tinykube://c${attempt}`, attempt, status })), ...extra };
}

function input(p: Pod, containers: Record<string, ContainerView>, extra: Partial<PodStatusInput> = {}): PodStatusInput {
  return { pod: p, containers: new Map(Object.entries(containers)), sandboxReady: true, podIsTerminal: false, now: sec(100), hostIP: "127.0.0.1", podIP: "127.0.0.1", startTime: sec(0), ...extra };
}

/** "Type=Status/Reason" for each condition, in order: what a reader compares. */
function conditions(s: PodStatus): string[] {
  return (s.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ""}`);
}

interface Case {
  name: string;
  input: PodStatusInput;
  phase: string;
  conditions: string[];
  check?: (s: PodStatus) => void;
}

const cases: Case[] = [
  {
    name: "a pod whose sandbox is not made yet is Pending with its container ContainerCreating",
    input: input(pod(), {}, { sandboxReady: false, podIP: undefined }),
    phase: "Pending",
    conditions: ["PodReadyToStartContainers=False", "Initialized=True", "Ready=False/ContainersNotReady", "ContainersReady=False/ContainersNotReady", "PodScheduled=True"],
    check: (s) => {
      assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: "ContainerCreating" } });
      assert.equal(s.conditions?.[2]?.message, "containers with unready status: [app]");
      assert.equal(s.podIP, undefined);
      assert.equal(s.containerStatuses?.[0]?.started, false);
    },
  },
  {
    name: "a running container without probes is started and ready, and the pod Ready",
    input: input(pod(), { app: view([running(5)]) }),
    phase: "Running",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True", "PodScheduled=True"],
    check: (s) => {
      const c = s.containerStatuses?.[0];
      assert.deepEqual(c?.state, { running: { startedAt: at(5) } });
      assert.equal(c?.ready, true);
      assert.equal(c?.started, true);
      assert.equal(c?.containerID, "tinykube://c0");
      assert.deepEqual(s.podIPs, [{ ip: "127.0.0.1" }]);
      assert.equal(s.startTime, at(0));
      assert.equal(s.qosClass, "BestEffort");
    },
  },
  {
    name: "a readiness probe that has not passed keeps a running container unready",
    input: input(pod(), { app: view([running(5)], { readinessSucceeded: false }) }),
    phase: "Running",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=False/ContainersNotReady", "ContainersReady=False/ContainersNotReady", "PodScheduled=True"],
    check: (s) => assert.equal(s.containerStatuses?.[0]?.started, true),
  },
  {
    name: "a startup probe that has not passed leaves the container not started and not ready, readiness aside",
    input: input(pod(), { app: view([running(5)], { startupSucceeded: false, readinessSucceeded: true }) }),
    phase: "Running",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=False/ContainersNotReady", "ContainersReady=False/ContainersNotReady", "PodScheduled=True"],
    check: (s) => assert.equal(s.containerStatuses?.[0]?.started, false),
  },
  {
    name: "restartPolicy Never and exit 0 makes the pod Succeeded with PodCompleted conditions",
    input: input(pod({ restartPolicy: "Never" }), { app: view([exited(0, 5, 9)]) }, { sandboxReady: false }),
    phase: "Succeeded",
    conditions: ["PodReadyToStartContainers=False", "Initialized=True/PodCompleted", "Ready=False/PodCompleted", "ContainersReady=False/PodCompleted", "PodScheduled=True"],
    check: (s) => {
      assert.deepEqual(s.containerStatuses?.[0]?.state, {
        terminated: { exitCode: 0, reason: "Completed", startedAt: at(5), finishedAt: at(9), containerID: "tinykube://c0" },
      });
      assert.equal(s.podIP, "127.0.0.1");
    },
  },
  {
    name: "restartPolicy Never and exit 1 makes the pod Failed with PodFailed conditions",
    input: input(pod({ restartPolicy: "Never" }), { app: view([exited(1, 5, 9)]) }),
    phase: "Failed",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=False/PodFailed", "ContainersReady=False/PodFailed", "PodScheduled=True"],
  },
  {
    name: "restartPolicy Always with a crash held back shows CrashLoopBackOff, the exit in lastState, and stays Running",
    input: input(pod(), {
      app: view([exited(1, 1, 2), exited(1, 2, 3)], { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container=app pod=web_default(u1)" } }),
    }),
    phase: "Running",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=False/ContainersNotReady", "ContainersReady=False/ContainersNotReady", "PodScheduled=True"],
    check: (s) => {
      const c = s.containerStatuses?.[0];
      assert.deepEqual(c?.state, { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container=app pod=web_default(u1)" } });
      assert.equal(c?.lastState?.terminated?.exitCode, 1);
      assert.equal(c?.lastState?.terminated?.finishedAt, at(3));
      assert.equal(c?.restartCount, 1);
    },
  },
  {
    name: "restartPolicy OnFailure with a completed container ignores a stale waiting reason and succeeds",
    input: input(pod({ restartPolicy: "OnFailure" }), { app: view([exited(1, 1, 2), exited(0, 2, 3)], { waiting: { reason: "CrashLoopBackOff" } }) }),
    phase: "Succeeded",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True/PodCompleted", "Ready=False/PodCompleted", "ContainersReady=False/PodCompleted", "PodScheduled=True"],
    check: (s) => {
      assert.equal(s.containerStatuses?.[0]?.state?.terminated?.reason, "Completed");
      assert.equal(s.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 1);
    },
  },
  {
    name: "a container that never started for a missing ConfigMap shows CreateContainerConfigError and keeps the pod Pending",
    input: input(pod(), { app: { instances: [], waiting: { reason: "CreateContainerConfigError", message: 'configmap "cfg" not found' } } }),
    phase: "Pending",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=False/ContainersNotReady", "ContainersReady=False/ContainersNotReady", "PodScheduled=True"],
    check: (s) => assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: "CreateContainerConfigError", message: 'configmap "cfg" not found' } }),
  },
  {
    name: "a running init container keeps the pod Pending and its containers PodInitializing",
    input: input(pod({ initContainers: [{ name: "setup", image: "busybox" }] }), { setup: view([running(1)]) }),
    phase: "Pending",
    conditions: ["PodReadyToStartContainers=True", "Initialized=False/ContainersNotInitialized", "Ready=False/ContainersNotReady", "ContainersReady=False/ContainersNotReady", "PodScheduled=True"],
    check: (s) => {
      assert.equal(s.conditions?.[1]?.message, "containers with incomplete status: [setup]");
      assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: "PodInitializing" } });
      assert.equal(s.initContainerStatuses?.[0]?.ready, false);
    },
  },
  {
    name: "a completed init container is ready and not started, and the pod Initialized",
    input: input(pod({ initContainers: [{ name: "setup", image: "busybox" }] }), { setup: view([exited(0, 1, 2)]), app: view([running(3)]) }),
    phase: "Running",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True", "PodScheduled=True"],
    check: (s) => {
      assert.equal(s.initContainerStatuses?.[0]?.ready, true);
      assert.equal(s.initContainerStatuses?.[0]?.started, false);
    },
  },
  {
    name: "a failed init container under restartPolicy Never fails the pod",
    input: input(pod({ restartPolicy: "Never", initContainers: [{ name: "setup", image: "busybox" }] }), { setup: view([exited(2, 1, 2)]) }),
    phase: "Failed",
    conditions: ["PodReadyToStartContainers=True", "Initialized=False/ContainersNotInitialized", "Ready=False/PodFailed", "ContainersReady=False/PodFailed", "PodScheduled=True"],
  },
  {
    name: "containers killed for a deletion make the pod Failed when one exited non-zero",
    input: input(pod(), { app: view([exited(143, 1, 20)]) }, { podIsTerminal: true, sandboxReady: false }),
    phase: "Failed",
    conditions: ["PodReadyToStartContainers=False", "Initialized=True", "Ready=False/PodFailed", "ContainersReady=False/PodFailed", "PodScheduled=True"],
  },
  {
    name: "a pod past its activeDeadlineSeconds is Failed with reason DeadlineExceeded",
    input: input(pod(), { app: view([exited(137, 1, 20)]) }, {
      podIsTerminal: true,
      evicted: { reason: "DeadlineExceeded", message: "Pod was active on the node longer than the specified deadline" },
    }),
    phase: "Failed",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=False/PodFailed", "ContainersReady=False/PodFailed", "PodScheduled=True"],
    check: (s) => {
      assert.equal(s.reason, "DeadlineExceeded");
      assert.equal(s.message, "Pod was active on the node longer than the specified deadline");
    },
  },
  {
    name: "a terminal phase in the API is never left",
    input: input(pod({}, { phase: "Succeeded" }), { app: view([running(5)]) }),
    phase: "Succeeded",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True/PodCompleted", "Ready=False/PodCompleted", "ContainersReady=False/PodCompleted", "PodScheduled=True"],
  },
  {
    name: "a readiness gate without its condition keeps the pod unready",
    input: input(pod({ readinessGates: [{ conditionType: "example.com/lb" }] }), { app: view([running(5)]) }),
    phase: "Running",
    conditions: ["PodReadyToStartContainers=True", "Initialized=True", "Ready=False/ReadinessGatesNotReady", "ContainersReady=True", "PodScheduled=True"],
    check: (s) => assert.equal(s.conditions?.[2]?.message, 'corresponding condition of pod readiness gate "example.com/lb" does not exist.'),
  },
];

for (const c of cases) {
  test(c.name, () => {
    const s = generatePodStatus(c.input);
    assert.equal(s.phase, c.phase);
    assert.deepEqual(conditions(s), c.conditions);
    c.check?.(s);
  });
}

test("a condition keeps its lastTransitionTime while its status stays, and others' conditions are kept first", () => {
  const old: PodStatus = {
    phase: "Running",
    conditions: [
      { type: "example.com/lb", status: "True", lastTransitionTime: at(1) },
      { type: "Ready", status: "True", lastTransitionTime: at(7) },
      { type: "ContainersReady", status: "False", lastTransitionTime: at(7) },
    ],
  };
  const s = generatePodStatus(input(pod({}, old), { app: view([running(5)]) }));
  const time = (type: string): string | undefined => s.conditions?.find((c) => c.type === type)?.lastTransitionTime;
  assert.equal(s.conditions?.[0]?.type, "example.com/lb");
  assert.equal(time("Ready"), at(7));
  assert.equal(time("ContainersReady"), at(100));
});

test("a container start that failed shows StartError with the epoch as startedAt", () => {
  const failed: RuntimeStatus = { state: "exited", idle: false, exitCode: 128, reason: "StartError", message: 'exec: "nope": executable file not found in $PATH', finishedAt: sec(3) };
  const s = generatePodStatus(input(pod({ restartPolicy: "Never" }), { app: view([failed]) }));
  assert.deepEqual(s.containerStatuses?.[0]?.state?.terminated, {
    exitCode: 128,
    reason: "StartError",
    message: 'exec: "nope": executable file not found in $PATH',
    startedAt: "1970-01-01T00:00:00Z",
    finishedAt: at(3),
    containerID: "tinykube://c0",
  });
  assert.equal(s.phase, "Failed");
});
