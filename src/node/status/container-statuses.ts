import type { Container, ContainerState, ContainerStatus, Pod, VolumeMountStatus } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";
import type { ContainerInstance, ContainerView } from "./pod-status-input.js";
import { isRestartableInitContainer, shouldContainerBeRestarted } from "./restart-rules.js";

/** Where a status list comes from: the regular containers or the init containers. */
export interface ContainerListOptions {
  readonly init: boolean;
}

/** The Unix epoch, which the kubelet shows as startedAt of a container that never started. */
const never = rfc3339(0);

/**
 * The kubelet's convertToAPIContainerStatuses plus the probe manager's started/ready: one status
 * per container of the list, in spec order, from its latest two starts and its cached waiting reason.
 */
export function containerStatuses(pod: Pod, views: ReadonlyMap<string, ContainerView>, options: ContainerListOptions): ContainerStatus[] {
  const containers = (options.init ? pod.spec?.initContainers : pod.spec?.containers) ?? [];
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  return containers.map((c) => containerStatus(pod, c, { view: views.get(c.name), hasInit, init: options.init }));
}

interface OneContainer {
  readonly view: ContainerView | undefined;
  readonly hasInit: boolean;
  readonly init: boolean;
}

function containerStatus(pod: Pod, container: Container, o: OneContainer): ContainerStatus {
  const instances = o.view?.instances ?? [];
  const latest = instances.at(-1);
  const previous = instances.at(-2);
  const status: ContainerStatus = {
    name: container.name,
    image: container.image ?? "",
    imageID: "",
    ready: false,
    restartCount: latest?.attempt ?? 0,
    started: false,
    state: { waiting: { reason: o.hasInit ? "PodInitializing" : "ContainerCreating" } },
  };
  const mounts = volumeMountStatuses(container);
  if (mounts.length > 0) status.volumeMounts = mounts;
  if (latest) {
    status.state = apiState(latest);
    status.containerID = latest.containerID;
    status.imageID = imageID(container);
  }
  if (previous) status.lastState = apiState(previous);
  applyWaitingReason(status, { pod, container, view: o.view, init: o.init });
  status.started = latest?.status.state === "running" && (o.view?.startupSucceeded ?? true);
  status.ready = isReady(status, { container, view: o.view, init: o.init });
  return status;
}

/** A container whose next start failed or is held back shows why, its last exit moving to lastState. */
function applyWaitingReason(status: ContainerStatus, o: { pod: Pod; container: Container; view: ContainerView | undefined; init: boolean }): void {
  const latest = o.view?.instances.at(-1);
  if (o.init && latest?.status.state === "exited" && latest.status.exitCode === 0 && !isRestartableInitContainer(o.container)) return;
  if (!o.view?.waiting || !shouldContainerBeRestarted(o.pod, o.container, latest)) return;
  if (status.state?.terminated) status.lastState = status.state;
  const waiting: { reason: string; message?: string } = { reason: o.view.waiting.reason };
  if (o.view.waiting.message) waiting.message = o.view.waiting.message;
  status.state = { waiting };
}

function isReady(status: ContainerStatus, o: { container: Container; view: ContainerView | undefined; init: boolean }): boolean {
  if (o.init && !isRestartableInitContainer(o.container)) return status.state?.terminated?.exitCode === 0;
  if (!status.started || !status.state?.running) return false;
  return o.view?.readinessSucceeded ?? true;
}

function apiState(instance: ContainerInstance): ContainerState {
  const s = instance.status;
  if (s.state === "running") return { running: { startedAt: rfc3339(s.startedAt) } };
  const terminated: NonNullable<ContainerState["terminated"]> = {
    exitCode: s.exitCode,
    reason: s.reason,
    startedAt: s.startedAt === undefined ? never : rfc3339(s.startedAt),
    finishedAt: rfc3339(s.finishedAt),
    containerID: instance.containerID,
  };
  if (s.message) terminated.message = s.message;
  return { terminated };
}

/** No image is pulled: the image reference itself stands in for the digest a registry would give. */
function imageID(container: Container): string {
  return container.image ?? "";
}

/** RecursiveReadOnlyMounts (beta, on in v1.32) reports each mount; read-only ones say their recursive mode. */
function volumeMountStatuses(container: Container): VolumeMountStatus[] {
  return (container.volumeMounts ?? []).map((m) => {
    const s: VolumeMountStatus = { name: m.name, mountPath: m.mountPath };
    if (m.readOnly) {
      s.readOnly = true;
      s.recursiveReadOnly = "Disabled";
    }
    return s;
  });
}
