// Pod states as a kubelet reports them, for Job tests.
import type { Pod, PodCondition } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../../util/clock.js";

const node = "node-1";

function names(pod: Pod): string[] {
  return (pod.spec?.containers ?? []).map((c) => c.name);
}

/** Running on a node, every container started, Ready unless told otherwise. */
export function running(pod: Pod, at: number, options: { ready?: boolean; restarts?: number } = {}): void {
  const ready = options.ready ?? true;
  pod.spec!.nodeName ??= node;
  Object.assign(pod, { status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: rfc3339(at) }],
    containerStatuses: names(pod).map((name) => ({
      name,
      image: "busybox",
      imageID: "",
      ready,
      restartCount: options.restarts ?? 0,
      started: true,
      state: { running: { startedAt: rfc3339(at) } },
    })),
  } });
}

/** Every container exited with this code at `at`: Succeeded for 0, else Failed. */
export function exited(pod: Pod, at: number, options: { exitCode?: number; conditions?: PodCondition[] } = {}): void {
  const exitCode = options.exitCode ?? 0;
  pod.spec!.nodeName ??= node;
  Object.assign(pod, { status: {
    phase: exitCode === 0 ? "Succeeded" : "Failed",
    conditions: [{ type: "Ready", status: "False", lastTransitionTime: rfc3339(at), reason: "PodCompleted" }, ...(options.conditions ?? [])],
    containerStatuses: names(pod).map((name) => ({
      name,
      image: "busybox",
      imageID: "",
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt: rfc3339(at - 1000), finishedAt: rfc3339(at) } },
    })),
  } });
}
