import type { PodStatus } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";
import { containerStatuses } from "./container-statuses.js";
import { containersReadyCondition, initializedCondition, podConditions, podReadyCondition } from "./pod-conditions.js";
import { type PodPhase, podPhase } from "./pod-phase.js";
import type { PodStatusInput } from "./pod-status-input.js";

const terminal = (phase: string | undefined): boolean => phase === "Succeeded" || phase === "Failed";

/**
 * The kubelet's generateAPIPodStatus and its status manager's finishing touches: container
 * statuses, the phase (never leaving a terminal one), conditions with their transition times,
 * IPs and startTime. Pure: the same input gives the same status.
 */
export function generatePodStatus(input: PodStatusInput): PodStatus {
  const { pod } = input;
  const old = pod.status ?? {};
  const regular = containerStatuses(pod, input.containers, { init: false });
  const init = containerStatuses(pod, input.containers, { init: true });
  const all = [...regular, ...init];
  let phase: PodPhase = podPhase(pod, all, { podIsTerminal: input.podIsTerminal });
  if (terminal(old.phase) && !terminal(phase)) phase = old.phase as PodPhase;
  const status: PodStatus = { phase };
  if (phase === old.phase) {
    if (old.reason) status.reason = old.reason;
    if (old.message) status.message = old.message;
  }
  if (input.evicted && !(terminal(old.phase) && old.phase !== "Failed")) {
    status.phase = phase = "Failed";
    status.reason = input.evicted.reason;
    status.message = input.evicted.message;
  }
  const statusesInOrder = [...init, ...regular];
  const containersReady = containersReadyCondition(pod, statusesInOrder, phase);
  const others = (old.conditions ?? []).filter((c) => c.type !== "Ready");
  const generated = [
    { type: "PodReadyToStartContainers", status: input.sandboxReady ? "True" : "False" },
    initializedCondition(pod, statusesInOrder, phase),
    podReadyCondition(pod, others, containersReady),
    containersReady,
    { type: "PodScheduled", status: "True" },
  ];
  status.conditions = podConditions(pod, generated, input.now);
  status.hostIP = input.hostIP;
  status.hostIPs = [{ ip: input.hostIP }];
  const podIP = input.podIP ?? old.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  status.startTime = old.startTime ?? rfc3339(input.startTime);
  if (init.length > 0) status.initContainerStatuses = init;
  status.containerStatuses = regular;
  if (old.qosClass) status.qosClass = old.qosClass;
  return status;
}
