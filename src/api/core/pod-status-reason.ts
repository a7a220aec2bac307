import type { ContainerStatus, Pod } from "kubernetes-types/core/v1.js";
import { parseTime } from "../printers/time.js";

/** What `kubectl get pods` shows of a pod besides name, age and the wide columns. */
export interface PodSummary {
  /** "ready/total" containers, restartable init containers (sidecars) included. */
  readonly ready: string;
  /** The STATUS column: Running, Pending, ContainerCreating, Completed, CrashLoopBackOff, Init:0/1, Terminating... */
  readonly reason: string;
  readonly restarts: number;
  /** When the last restart counted in restarts happened (ms), if known. */
  readonly lastRestart?: number;
}

/** Sidecars: init containers with restartPolicy Always. */
function restartableInits(pod: Pod): Set<string> {
  return new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name));
}

/**
 * The status reason exactly as upstream's printPod computes it, from the pod's phase and reason,
 * then init container states, then container states (scanned last to first), then deletion.
 */
export function summarizePod(pod: Pod): PodSummary {
  const status = pod.status ?? {};
  const sidecars = restartableInits(pod);
  let reason = status.reason || status.phase || "";
  if ((status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) reason = "SchedulingGated";
  const init = scanInitContainers(pod, sidecars);
  let ready = init.ready;
  let restarts = init.restarts;
  let lastRestart = init.lastRestart;
  if (init.reason !== undefined) reason = init.reason;
  const initializedTrue = (status.conditions ?? []).some((c) => c.type === "Initialized" && c.status === "True");
  if (init.reason === undefined || initializedTrue) {
    restarts = init.sidecarRestarts;
    lastRestart = init.lastSidecarRestart;
    const main = scanContainers(status.containerStatuses ?? [], reason);
    reason = main.reason;
    ready += main.ready;
    restarts += main.restarts;
    lastRestart = later(lastRestart, main.lastRestart);
    if (reason === "Completed" && main.hasRunning) reason = hasReadyCondition(pod) ? "Running" : "NotReady";
  }
  if (pod.metadata?.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";
  const total = (pod.spec?.containers ?? []).length + sidecars.size;
  const summary = { ready: `${ready}/${total}`, reason, restarts };
  return lastRestart === undefined ? summary : { ...summary, lastRestart };
}

interface InitScan {
  ready: number;
  restarts: number;
  lastRestart: number | undefined;
  sidecarRestarts: number;
  lastSidecarRestart: number | undefined;
  /** Set while the pod is still initializing (the STATUS to show). */
  reason: string | undefined;
}

function scanInitContainers(pod: Pod, sidecars: Set<string>): InitScan {
  const scan: InitScan = { ready: 0, restarts: 0, lastRestart: undefined, sidecarRestarts: 0, lastSidecarRestart: undefined, reason: undefined };
  const statuses = pod.status?.initContainerStatuses ?? [];
  const total = (pod.spec?.initContainers ?? []).length;
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i]!;
    const finished = parseTime(c.lastState?.terminated?.finishedAt);
    scan.restarts += c.restartCount ?? 0;
    scan.lastRestart = later(scan.lastRestart, finished);
    const sidecar = sidecars.has(c.name);
    if (sidecar) {
      scan.sidecarRestarts += c.restartCount ?? 0;
      scan.lastSidecarRestart = later(scan.lastSidecarRestart, finished);
    }
    const terminated = c.state?.terminated;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) scan.ready++;
      continue;
    }
    scan.reason = initReason(c, i, total);
    break;
  }
  return scan;
}

function initReason(c: ContainerStatus, index: number, total: number): string {
  const terminated = c.state?.terminated;
  if (terminated) {
    if (terminated.reason) return `Init:${terminated.reason}`;
    return terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
  }
  const waiting = c.state?.waiting?.reason;
  if (waiting && waiting !== "PodInitializing") return `Init:${waiting}`;
  return `Init:${index}/${total}`;
}

interface MainScan {
  reason: string;
  ready: number;
  restarts: number;
  lastRestart: number | undefined;
  hasRunning: boolean;
}

/** Last container first, so the first container's state wins, as upstream. */
function scanContainers(statuses: readonly ContainerStatus[], start: string): MainScan {
  const scan: MainScan = { reason: start, ready: 0, restarts: 0, lastRestart: undefined, hasRunning: false };
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    scan.restarts += c.restartCount ?? 0;
    scan.lastRestart = later(scan.lastRestart, parseTime(c.lastState?.terminated?.finishedAt));
    const waiting = c.state?.waiting;
    const terminated = c.state?.terminated;
    if (waiting?.reason) scan.reason = waiting.reason;
    else if (terminated?.reason) scan.reason = terminated.reason;
    else if (terminated) scan.reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    else if (c.ready && c.state?.running) {
      scan.hasRunning = true;
      scan.ready++;
    }
  }
  return scan;
}

function hasReadyCondition(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
