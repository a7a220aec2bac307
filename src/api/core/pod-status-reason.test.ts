import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ContainerStatus, Pod, PodStatus } from "kubernetes-types/core/v1.js";
import { type PodSummary, summarizePod } from "./pod-status-reason.js";

const t0 = "2024-05-01T10:00:00Z";
const t1 = "2024-05-01T10:05:00Z";

function pod(opts: { status?: PodStatus; inits?: string[]; sidecars?: string[]; containers?: string[]; deleting?: boolean }): Pod {
  const inits = [...(opts.inits ?? []).map((name) => ({ name, image: "i" })), ...(opts.sidecars ?? []).map((name) => ({ name, image: "i", restartPolicy: "Always" }))];
  return {
    metadata: { name: "p", ...(opts.deleting ? { deletionTimestamp: t1 } : {}) },
    spec: { containers: (opts.containers ?? ["app"]).map((name) => ({ name, image: "i" })), ...(inits.length ? { initContainers: inits } : {}) },
    status: opts.status ?? {},
  };
}

const running = (name: string, ready: boolean, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: "i",
  imageID: "",
  ready,
  restartCount: 0,
  state: { running: { startedAt: t0 } },
  ...extra,
});

const waiting = (name: string, reason: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: "i",
  imageID: "",
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});

const terminated = (name: string, term: { exitCode: number; reason?: string; signal?: number }, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: "i",
  imageID: "",
  ready: false,
  restartCount: 0,
  state: { terminated: term },
  ...extra,
});

const readyCondition = { type: "Ready", status: "True" };
const initialized = { type: "Initialized", status: "True" };

const cases: Array<{ name: string; pod: Pod; expect: PodSummary }> = [
  { name: "a new pod with no status is Pending", pod: pod({ status: { phase: "Pending" } }), expect: { ready: "0/1", reason: "Pending", restarts: 0 } },
  {
    name: "a container being created shows ContainerCreating",
    pod: pod({ status: { phase: "Pending", containerStatuses: [waiting("app", "ContainerCreating")] } }),
    expect: { ready: "0/1", reason: "ContainerCreating", restarts: 0 },
  },
  {
    name: "a ready running container is Running 1/1",
    pod: pod({ status: { phase: "Running", containerStatuses: [running("app", true)] } }),
    expect: { ready: "1/1", reason: "Running", restarts: 0 },
  },
  {
    name: "a running container not yet ready is Running 0/1",
    pod: pod({ status: { phase: "Running", containerStatuses: [running("app", false)] } }),
    expect: { ready: "0/1", reason: "Running", restarts: 0 },
  },
  {
    name: "a container that finished cleanly is Completed",
    pod: pod({ status: { phase: "Succeeded", containerStatuses: [terminated("app", { exitCode: 0, reason: "Completed" })] } }),
    expect: { ready: "0/1", reason: "Completed", restarts: 0 },
  },
  {
    name: "a container that failed shows its reason Error",
    pod: pod({ status: { phase: "Failed", containerStatuses: [terminated("app", { exitCode: 1, reason: "Error" })] } }),
    expect: { ready: "0/1", reason: "Error", restarts: 0 },
  },
  {
    name: "a crash-looping container shows CrashLoopBackOff with its restarts and last restart time",
    pod: pod({
      status: {
        phase: "Running",
        containerStatuses: [
          waiting("app", "CrashLoopBackOff", { restartCount: 3, lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: t1 } } }),
        ],
      },
    }),
    expect: { ready: "0/1", reason: "CrashLoopBackOff", restarts: 3, lastRestart: Date.parse(t1) },
  },
  {
    name: "a termination without a reason shows the exit code",
    pod: pod({ status: { phase: "Failed", containerStatuses: [terminated("app", { exitCode: 137 })] } }),
    expect: { ready: "0/1", reason: "ExitCode:137", restarts: 0 },
  },
  {
    name: "a termination by signal without a reason shows the signal",
    pod: pod({ status: { phase: "Failed", containerStatuses: [terminated("app", { exitCode: 137, signal: 9 })] } }),
    expect: { ready: "0/1", reason: "Signal:9", restarts: 0 },
  },
  {
    name: "with several containers the first one's state wins",
    pod: pod({
      containers: ["a", "b"],
      status: { phase: "Running", containerStatuses: [waiting("a", "ImagePullBackOff"), waiting("b", "CrashLoopBackOff")] },
    }),
    expect: { ready: "0/2", reason: "ImagePullBackOff", restarts: 0 },
  },
  {
    name: "a deleted running pod is Terminating",
    pod: pod({ deleting: true, status: { phase: "Running", containerStatuses: [running("app", true)] } }),
    expect: { ready: "1/1", reason: "Terminating", restarts: 0 },
  },
  {
    name: "a deleted pod that already succeeded stays Completed",
    pod: pod({ deleting: true, status: { phase: "Succeeded", containerStatuses: [terminated("app", { exitCode: 0, reason: "Completed" })] } }),
    expect: { ready: "0/1", reason: "Completed", restarts: 0 },
  },
  {
    name: "a deleted pod on a lost node is Unknown",
    pod: pod({ deleting: true, status: { phase: "Running", reason: "NodeLost" } }),
    expect: { ready: "0/1", reason: "Unknown", restarts: 0 },
  },
  {
    name: "the pod's own reason replaces the phase (Evicted)",
    pod: pod({ status: { phase: "Failed", reason: "Evicted" } }),
    expect: { ready: "0/1", reason: "Evicted", restarts: 0 },
  },
  {
    name: "a gated pod shows SchedulingGated",
    pod: pod({ status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] } }),
    expect: { ready: "0/1", reason: "SchedulingGated", restarts: 0 },
  },
  {
    name: "a running first init container shows Init:0/2",
    pod: pod({ inits: ["a", "b"], status: { phase: "Pending", initContainerStatuses: [running("a", false), waiting("b", "PodInitializing")] } }),
    expect: { ready: "0/1", reason: "Init:0/2", restarts: 0 },
  },
  {
    name: "after the first init container the second counts: Init:1/2",
    pod: pod({
      inits: ["a", "b"],
      status: { phase: "Pending", initContainerStatuses: [terminated("a", { exitCode: 0, reason: "Completed" }), running("b", false)] },
    }),
    expect: { ready: "0/1", reason: "Init:1/2", restarts: 0 },
  },
  {
    name: "a failed init container shows Init:Error",
    pod: pod({ inits: ["a"], status: { phase: "Pending", initContainerStatuses: [terminated("a", { exitCode: 1, reason: "Error" })] } }),
    expect: { ready: "0/1", reason: "Init:Error", restarts: 0 },
  },
  {
    name: "a failed init container without a reason shows its exit code",
    pod: pod({ inits: ["a"], status: { phase: "Pending", initContainerStatuses: [terminated("a", { exitCode: 2 })] } }),
    expect: { ready: "0/1", reason: "Init:ExitCode:2", restarts: 0 },
  },
  {
    name: "a crash-looping init container shows Init:CrashLoopBackOff and counts its restarts",
    pod: pod({ inits: ["a"], status: { phase: "Pending", initContainerStatuses: [waiting("a", "CrashLoopBackOff", { restartCount: 4 })] } }),
    expect: { ready: "0/1", reason: "Init:CrashLoopBackOff", restarts: 4 },
  },
  {
    name: "when init is done and containers wait, the pod is PodInitializing",
    pod: pod({
      inits: ["a"],
      status: {
        phase: "Pending",
        initContainerStatuses: [terminated("a", { exitCode: 0, reason: "Completed" })],
        containerStatuses: [waiting("app", "PodInitializing")],
      },
    }),
    expect: { ready: "0/1", reason: "PodInitializing", restarts: 0 },
  },
  {
    name: "a started sidecar counts as a ready container and toward the total",
    pod: pod({
      sidecars: ["proxy"],
      status: {
        phase: "Running",
        conditions: [initialized, readyCondition],
        initContainerStatuses: [running("proxy", true, { started: true, restartCount: 1 })],
        containerStatuses: [running("app", true)],
      },
    }),
    expect: { ready: "2/2", reason: "Running", restarts: 1 },
  },
  {
    name: "a Completed reason with a container still running is Running when the pod is Ready",
    pod: pod({
      containers: ["a", "b"],
      status: { phase: "Running", conditions: [readyCondition], containerStatuses: [terminated("a", { exitCode: 0, reason: "Completed" }), running("b", true)] },
    }),
    expect: { ready: "1/2", reason: "Running", restarts: 0 },
  },
  {
    name: "the same pod without the Ready condition is NotReady",
    pod: pod({
      containers: ["a", "b"],
      status: { phase: "Running", containerStatuses: [terminated("a", { exitCode: 0, reason: "Completed" }), running("b", true)] },
    }),
    expect: { ready: "1/2", reason: "NotReady", restarts: 0 },
  },
];

describe("pod STATUS, READY and RESTARTS as printPod computes them", () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(summarizePod(c.pod), c.expect));
});
