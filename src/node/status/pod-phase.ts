import type { ContainerStatus, Pod, PodSpec } from "kubernetes-types/core/v1.js";
import { isRestartableInitContainer } from "./restart-rules.js";

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

/** The kubelet's HasAnyRegularContainerStarted: a regular container is running or has ended. */
export function hasAnyRegularContainerStarted(spec: PodSpec | undefined, statuses: readonly ContainerStatus[]): boolean {
  const names = new Set((spec?.containers ?? []).map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (s.state?.running !== undefined || s.state?.terminated !== undefined));
}

interface Counts {
  pendingInit: number;
  pendingSidecars: number;
  failedInit: number;
  unknown: number;
  running: number;
  waiting: number;
  stopped: number;
  succeeded: number;
}

/** The kubelet's getPhase (v1.32): the pod phase from its container statuses. */
export function podPhase(pod: Pod, statuses: readonly ContainerStatus[], options: { podIsTerminal: boolean }): PodPhase {
  const spec = pod.spec;
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const n: Counts = { pendingInit: 0, pendingSidecars: 0, failedInit: 0, unknown: 0, running: 0, waiting: 0, stopped: 0, succeeded: 0 };
  for (const c of spec?.initContainers ?? []) {
    if (isRestartableInitContainer(c)) countSidecar(n, byName.get(c.name));
    else countInit(n, byName.get(c.name));
  }
  for (const c of spec?.containers ?? []) countRegular(n, byName.get(c.name));
  const policy = spec?.restartPolicy ?? "Always";
  if (n.failedInit > 0 && policy === "Never") return "Failed";
  const initialized = hasAnyRegularContainerStarted(spec, statuses);
  if (n.pendingInit > 0 || (n.pendingSidecars > 0 && !initialized) || n.waiting > 0) return "Pending";
  if (n.running > 0 && n.unknown === 0) return "Running";
  if (n.running === 0 && n.stopped > 0 && n.unknown === 0) {
    if (options.podIsTerminal) return n.stopped === n.succeeded ? "Succeeded" : "Failed";
    if (policy === "Always") return "Running";
    if (n.stopped === n.succeeded) return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

function countInit(n: Counts, s: ContainerStatus | undefined): void {
  if (!s || s.state?.running) {
    n.pendingInit++;
  } else if (s.state?.terminated) {
    if (s.state.terminated.exitCode !== 0) n.failedInit++;
  } else if (s.state?.waiting && s.lastState?.terminated) {
    if (s.lastState.terminated.exitCode !== 0) n.failedInit++;
  } else {
    n.pendingInit++;
  }
}

function countSidecar(n: Counts, s: ContainerStatus | undefined): void {
  if (!s) {
    n.unknown++;
  } else if (s.state?.running) {
    if (!s.started) n.pendingSidecars++;
    n.running++;
  } else if (s.state?.terminated) {
    // A stopped sidecar does not count towards the phase.
  } else if (s.state?.waiting) {
    if (!s.lastState?.terminated) {
      n.pendingSidecars++;
      n.waiting++;
    }
  } else {
    n.pendingSidecars++;
    n.unknown++;
  }
}

function countRegular(n: Counts, s: ContainerStatus | undefined): void {
  if (!s) {
    n.unknown++;
  } else if (s.state?.running) {
    n.running++;
  } else if (s.state?.terminated) {
    n.stopped++;
    if (s.state.terminated.exitCode === 0) n.succeeded++;
  } else if (s.state?.waiting) {
    if (s.lastState?.terminated) n.stopped++;
    else n.waiting++;
  } else {
    n.unknown++;
  }
}
