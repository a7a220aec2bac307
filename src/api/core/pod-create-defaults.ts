import type { Pod, PodCondition, PodStatus, Toleration } from "kubernetes-types/core/v1.js";
import { computePodQOS } from "./pod-qos.js";

/**
 * What a new pod gets before validation: upstream's PrepareForCreate (status Pending with the
 * QoS class, the SchedulingGated condition) and the default admission plugins' changes
 * (ServiceAccount's default account, DefaultTolerationSeconds, Priority).
 */
export function preparePodForCreate(pod: Pod): void {
  const status: PodStatus = { phase: "Pending", qosClass: computePodQOS(pod) };
  if ((pod.spec?.schedulingGates ?? []).length > 0) status.conditions = [schedulingGatedCondition];
  setPodStatus(pod, status);
  if (!pod.spec) return;
  if (!pod.spec.serviceAccountName) pod.spec.serviceAccountName = "default";
  pod.spec.serviceAccount = pod.spec.serviceAccountName;
  addDefaultTolerations(pod);
  setPriority(pod);
}

/** kubernetes-types marks status read-only (clients do not write it); the server does. */
export function setPodStatus(pod: Pod, status: PodStatus): void {
  (pod as { status?: PodStatus }).status = status;
}

const schedulingGatedCondition: PodCondition = {
  type: "PodScheduled",
  status: "False",
  reason: "SchedulingGated",
  message: "Scheduling is blocked due to non-empty scheduling gates",
};

const defaultTolerationSeconds = 300;
const notReadyTaint = "node.kubernetes.io/not-ready";
const unreachableTaint = "node.kubernetes.io/unreachable";

/** DefaultTolerationSeconds: tolerate a not-ready or unreachable node for 300s unless the pod already does. */
function addDefaultTolerations(pod: Pod): void {
  const tolerations: Toleration[] = [...(pod.spec?.tolerations ?? [])];
  for (const key of [notReadyTaint, unreachableTaint]) {
    if (tolerations.some((t) => tolerates(t, key))) continue;
    tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: defaultTolerationSeconds });
  }
  pod.spec!.tolerations = tolerations;
}

function tolerates(t: Toleration, key: string): boolean {
  return (t.key === key || !t.key) && (t.effect === "NoExecute" || !t.effect);
}

/** The built-in priority classes; other class names are left for a PriorityClass we do not serve. */
const builtinPriorities: Record<string, number> = { "system-cluster-critical": 2000000000, "system-node-critical": 2000001000 };

/** Priority admission: priority from the class (0 without one) and the default preemption policy. */
function setPriority(pod: Pod): void {
  const spec = pod.spec!;
  const className = spec.priorityClassName;
  const priority = className ? builtinPriorities[className] : 0;
  if (priority !== undefined) spec.priority ??= priority;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
}
