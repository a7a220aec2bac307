import type { Container, Pod } from "kubernetes-types/core/v1.js";
import type { ContainerInstance } from "./status/pod-status-input.js";
import { isRestartableInitContainer, shouldContainerBeRestarted } from "./status/restart-rules.js";

/** What the agent knows of a container when deciding what to do with it. */
export interface PlanContainer {
  readonly instances: readonly ContainerInstance[];
  /** Its startup probe passed (true when it has none). */
  readonly started: boolean;
  /** Why its running start must be killed: a failed probe verdict, or a changed definition. */
  readonly kill?: "liveness" | "startup" | "changed";
}

export interface PlanInput {
  readonly pod: Pod;
  readonly containers: ReadonlyMap<string, PlanContainer>;
  /** Until when a container that exited at exitedAt is held back by its crash-loop back-off. */
  readonly heldUntil: (name: string, exitedAt: number) => number | undefined;
}

export type PodAction =
  | { readonly kind: "start"; readonly container: string }
  | { readonly kind: "kill"; readonly container: string; readonly message: string }
  | { readonly kind: "backoff"; readonly container: string; readonly until: number };

/**
 * The kubelet's computePodActions for a pod that should be running: init containers one at a time
 * in order (sidecars kept running once started), then every regular container; exited containers
 * restarted per restartPolicy unless their back-off holds them; running ones killed when a probe
 * verdict or their definition says so. Pure: carrying the actions out is the worker's job.
 */
export function planPodActions(input: PlanInput): PodAction[] {
  const actions: PodAction[] = [];
  const initDone = planInitContainers(input, actions);
  for (const c of input.pod.spec?.initContainers ?? []) {
    if (isRestartableInitContainer(c) && initDone) planContainer(input, c, actions);
  }
  if (!initDone) return actions;
  for (const c of input.pod.spec?.containers ?? []) planContainer(input, c, actions);
  return actions;
}

/** Walks the init containers in order; true once all have done their part (completed, or a started sidecar). */
function planInitContainers(input: PlanInput, actions: PodAction[]): boolean {
  for (const c of input.pod.spec?.initContainers ?? []) {
    const view = input.containers.get(c.name);
    const latest = view?.instances.at(-1);
    if (isRestartableInitContainer(c)) {
      if (latest?.status.state === "running" && view?.started) continue;
      if (latest?.status.state === "running") return false;
      // A sidecar that ran before the regular containers started is restarted in place, below.
      if (latest && hasRegularStarted(input)) continue;
      startOrBackOff(input, c, actions);
      return false;
    }
    if (!latest) {
      startOrBackOff(input, c, actions);
      return false;
    }
    if (latest.status.state === "running") return false;
    if (latest.status.exitCode === 0) continue;
    if (shouldContainerBeRestarted(input.pod, c, latest)) startOrBackOff(input, c, actions);
    return false;
  }
  return true;
}

function hasRegularStarted(input: PlanInput): boolean {
  return (input.pod.spec?.containers ?? []).some((c) => (input.containers.get(c.name)?.instances.length ?? 0) > 0);
}

const killMessages = {
  liveness: (name: string) => `Container ${name} failed liveness probe, will be restarted`,
  startup: (name: string) => `Container ${name} failed startup probe, will be restarted`,
  changed: (name: string) => `Container ${name} definition changed, will be restarted`,
} as const;

function planContainer(input: PlanInput, c: Container, actions: PodAction[]): void {
  const view = input.containers.get(c.name);
  const latest = view?.instances.at(-1);
  if (latest?.status.state === "running") {
    if (view?.kill) actions.push({ kind: "kill", container: c.name, message: killMessages[view.kill](c.name) });
    return;
  }
  if (shouldContainerBeRestarted(input.pod, c, latest)) startOrBackOff(input, c, actions);
}

function startOrBackOff(input: PlanInput, c: Container, actions: PodAction[]): void {
  const latest = input.containers.get(c.name)?.instances.at(-1);
  const until = latest?.status.state === "exited" ? input.heldUntil(c.name, latest.status.finishedAt) : undefined;
  actions.push(until === undefined ? { kind: "start", container: c.name } : { kind: "backoff", container: c.name, until });
}
