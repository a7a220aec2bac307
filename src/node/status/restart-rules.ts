import type { Container, Pod } from "kubernetes-types/core/v1.js";
import type { ContainerInstance } from "./pod-status-input.js";

/** An init container with restartPolicy Always: a sidecar, started in order and kept running. */
export function isRestartableInitContainer(c: Pick<Container, "restartPolicy"> | undefined): boolean {
  return c?.restartPolicy === "Always";
}

/**
 * The kubelet's ShouldContainerBeRestarted: never once the pod is being deleted; always when it
 * never ran; per restartPolicy when its latest start has exited.
 */
export function shouldContainerBeRestarted(pod: Pod, container: Container, latest: ContainerInstance | undefined): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  if (!latest) return true;
  if (latest.status.state === "running") return false;
  if (isRestartableInitContainer(container)) return true;
  const policy = pod.spec?.restartPolicy ?? "Always";
  if (policy === "Never") return false;
  if (policy === "OnFailure" && latest.status.exitCode === 0) return false;
  return true;
}
