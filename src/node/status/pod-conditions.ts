import type { ContainerStatus, Pod, PodCondition } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";
import { hasAnyRegularContainerStarted, type PodPhase } from "./pod-phase.js";
import { isRestartableInitContainer } from "./restart-rules.js";

/** The conditions the kubelet owns and writes on every status (upstream's PodConditionByKubelet). */
export const kubeletConditionTypes: ReadonlySet<string> = new Set([
  "PodScheduled",
  "Ready",
  "Initialized",
  "ContainersReady",
  "PodReadyToStartContainers",
]);

type Condition = Pick<PodCondition, "type" | "status" | "reason" | "message">;

function condition(type: string, status: "True" | "False", why?: { reason: string; message?: string }): Condition {
  const c: Condition = { type, status };
  if (why?.reason) c.reason = why.reason;
  if (why?.message) c.message = why.message;
  return c;
}

/** Go's %s of a []string: "[a b]". */
function goList(names: readonly string[]): string {
  return `[${names.join(" ")}]`;
}

/** GenerateContainersReadyCondition. */
export function containersReadyCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): Condition {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const unready: string[] = [];
  const consider = [...(pod.spec?.initContainers ?? []).filter(isRestartableInitContainer), ...(pod.spec?.containers ?? [])];
  for (const c of consider) {
    const s = byName.get(c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return condition("ContainersReady", "False", { reason: "PodCompleted" });
  if (phase === "Failed") return condition("ContainersReady", "False", { reason: "PodFailed" });
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length > 0) return condition("ContainersReady", "False", { reason: "ContainersNotReady", message: messages.join(", ") });
  return condition("ContainersReady", "True");
}

/** GeneratePodReadyCondition: ContainersReady, then the readiness gates. */
export function podReadyCondition(pod: Pod, others: readonly Pick<PodCondition, "type" | "status">[], containersReady: Condition): Condition {
  if (containersReady.status !== "True") {
    const why = containersReady.reason ? { reason: containersReady.reason, message: containersReady.message } : undefined;
    return condition("Ready", containersReady.status as "False", why);
  }
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = others.find((o) => o.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== "True") messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length > 0) return condition("Ready", "False", { reason: "ReadinessGatesNotReady", message: messages.join(", ") });
  return condition("Ready", "True");
}

/** GeneratePodInitializedCondition. */
export function initializedCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase): Condition {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = byName.get(c.name);
    if (!s) unknown.push(c.name);
    else if (isRestartableInitContainer(c) ? !s.started : !s.ready) incomplete.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return condition("Initialized", "True", { reason: "PodCompleted" });
  if (hasAnyRegularContainerStarted(pod.spec, statuses)) return condition("Initialized", "True");
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length > 0) return condition("Initialized", "False", { reason: "ContainersNotInitialized", message: messages.join(", ") });
  return condition("Initialized", "True");
}

/**
 * The conditions of a new status: those the kubelet does not own kept from the API's status, then
 * its own in upstream's order, each keeping its lastTransitionTime while its status stays the same
 * (the status manager's updateLastTransitionTime).
 */
export function podConditions(pod: Pod, generated: readonly Condition[], now: number): PodCondition[] {
  const old = pod.status?.conditions ?? [];
  const kept = old.filter((c) => !kubeletConditionTypes.has(c.type));
  const stamped = generated.map((c): PodCondition => {
    const before = old.find((o) => o.type === c.type);
    const lastTransitionTime = before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : rfc3339(now);
    return { ...c, lastTransitionTime };
  });
  return [...kept, ...stamped];
}
