import type { Pod } from "kubernetes-types/core/v1.js";
import type { HostPort } from "./host-ports.js";
import { podMatchesNodeSelectorAndAffinity } from "./node-affinity.js";
import type { NodeInfo } from "./node-info.js";
import { type NodeStatus, reasons, unresolvable, unschedulable } from "./node-status.js";
import { isZero, type Resources } from "./pod-requests.js";
import { findUntoleratedTaint, tolerationsTolerateTaint } from "./taints.js";

/** What the filters need to know of the pod, computed once per scheduling attempt. */
export interface PodFacts {
  readonly pod: Pod;
  readonly requests: Resources;
  readonly ports: readonly HostPort[];
}

type Filter = (facts: PodFacts, info: NodeInfo) => NodeStatus | undefined;

/** NodeUnschedulable: a cordoned node, unless the pod tolerates node.kubernetes.io/unschedulable. */
const nodeUnschedulable: Filter = ({ pod }, info) => {
  if (!info.node?.spec?.unschedulable) return undefined;
  const tolerated = tolerationsTolerateTaint(pod.spec?.tolerations, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" });
  return tolerated ? undefined : unresolvable("NodeUnschedulable", reasons.unschedulable);
};

const taintToleration: Filter = ({ pod }, info) => {
  const taint = findUntoleratedTaint(info.taints, pod.spec?.tolerations);
  return taint ? unresolvable("TaintToleration", reasons.untoleratedTaint(taint.key, taint.value)) : undefined;
};

const nodeAffinity: Filter = ({ pod }, info) =>
  podMatchesNodeSelectorAndAffinity(pod, info.node!) ? undefined : unresolvable("NodeAffinity", reasons.affinity);

const nodePorts: Filter = ({ ports }, info) =>
  ports.some((p) => info.usedPorts.conflicts(p)) ? unschedulable("NodePorts", reasons.ports) : undefined;

/** NodeResourcesFit: every reason at once, pods first, then cpu, memory, storage, scalars. */
export function insufficientResources(requests: Resources, info: NodeInfo): string[] {
  const out: string[] = [];
  const alloc = info.allocatable;
  const used = info.requested;
  if (info.podCount + 1 > alloc.allowedPodNumber) out.push(reasons.tooManyPods);
  if (isZero(requests)) return out;
  if (requests.milliCPU > 0 && requests.milliCPU > alloc.milliCPU - used.milliCPU) out.push(reasons.insufficient("cpu"));
  if (requests.memory > 0 && requests.memory > alloc.memory - used.memory) out.push(reasons.insufficient("memory"));
  if (requests.ephemeralStorage > 0 && requests.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push(reasons.insufficient("ephemeral-storage"));
  }
  for (const [name, amount] of Object.entries(requests.scalar)) {
    if (amount === 0) continue;
    if (amount > (alloc.scalar[name] ?? 0) - (used.scalar[name] ?? 0)) out.push(reasons.insufficient(name));
  }
  return out;
}

const nodeResourcesFit: Filter = ({ requests }, info) => {
  const found = insufficientResources(requests, info);
  return found.length > 0 ? unschedulable("NodeResourcesFit", ...found) : undefined;
};

/** Upstream's default filter order; the first plugin that rejects a node decides its status. */
const filters: readonly Filter[] = [nodeUnschedulable, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit];

/** Runs the node filters (VolumeBinding, which needs more state, runs after them). */
export function runFilters(facts: PodFacts, info: NodeInfo): NodeStatus | undefined {
  for (const f of filters) {
    const status = f(facts, info);
    if (status) return status;
  }
  return undefined;
}
