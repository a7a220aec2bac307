import type { Node, Taint } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";

export const notReadyTaintKey = "node.kubernetes.io/not-ready";
export const unreachableTaintKey = "node.kubernetes.io/unreachable";
const unschedulableTaintKey = "node.kubernetes.io/unschedulable";

/** upstream's nodeConditionToTaintKeyStatusMap: the NoSchedule taint each condition state means. */
const conditionTaints: ReadonlyArray<{ type: string; status: string; key: string }> = [
  { type: "Ready", status: "False", key: notReadyTaintKey },
  { type: "Ready", status: "Unknown", key: unreachableTaintKey },
  { type: "MemoryPressure", status: "True", key: "node.kubernetes.io/memory-pressure" },
  { type: "DiskPressure", status: "True", key: "node.kubernetes.io/disk-pressure" },
  { type: "NetworkUnavailable", status: "True", key: "node.kubernetes.io/network-unavailable" },
  { type: "PIDPressure", status: "True", key: "node.kubernetes.io/pid-pressure" },
];

/** Taints to add (timeAdded set on writing) and to remove, matched by key and effect. */
export interface TaintChange {
  readonly add: Taint[];
  readonly remove: Taint[];
}

const none: TaintChange = { add: [], remove: [] };

function has(taints: readonly Taint[], t: Taint): boolean {
  return taints.some((x) => x.key === t.key && x.effect === t.effect);
}

/**
 * processTaintBaseEviction: a node whose Ready condition was False gets not-ready:NoExecute, one
 * whose Ready was Unknown gets unreachable:NoExecute (the two swap, never both), a Ready node loses
 * both. While every node is not Ready (full disruption: more likely the control plane cannot see
 * them than that they all died) nothing is tainted and such taints are removed.
 */
export function noExecuteChange(node: Node, ready: { status: string; fullDisruption: boolean }): TaintChange {
  const taints = node.spec?.taints ?? [];
  const notReady: Taint = { key: notReadyTaintKey, effect: "NoExecute" };
  const unreachable: Taint = { key: unreachableTaintKey, effect: "NoExecute" };
  const removeBoth = { add: [], remove: [notReady, unreachable].filter((t) => has(taints, t)) };
  if (ready.fullDisruption || ready.status === "True") return removeBoth;
  const [wanted, opposite] = ready.status === "False" ? [notReady, unreachable] : [unreachable, notReady];
  return {
    add: has(taints, wanted) ? [] : [wanted],
    remove: has(taints, opposite) ? [opposite] : [],
  };
}

/** doNoScheduleTaintingPass: the NoSchedule taints the node's conditions and spec.unschedulable call for. */
export function noScheduleChange(node: Node): TaintChange {
  const conditions = node.status?.conditions ?? [];
  const wanted: Taint[] = conditionTaints
    .filter(({ type, status }) => conditions.some((c) => c.type === type && c.status === status))
    .map(({ key }) => ({ key, effect: "NoSchedule" }));
  if (node.spec?.unschedulable) wanted.push({ key: unschedulableTaintKey, effect: "NoSchedule" });
  const managed = (t: Taint) =>
    t.effect === "NoSchedule" && (t.key === unschedulableTaintKey || conditionTaints.some((c) => c.key === t.key));
  const present = (node.spec?.taints ?? []).filter(managed);
  const change = { add: wanted.filter((t) => !has(present, t)), remove: present.filter((t) => !has(wanted, t)) };
  return change.add.length === 0 && change.remove.length === 0 ? none : change;
}

/** The node's taints after change, added ones stamped with timeAdded as upstream's SwapNodeControllerTaint. */
export function applyTaintChange(taints: readonly Taint[], change: TaintChange, now: number): Taint[] {
  const kept = taints.filter((t) => !has(change.remove, t) && !has(change.add, t));
  return [...kept, ...change.add.map((t) => ({ ...t, timeAdded: rfc3339(now) }))];
}

export function isEmptyChange(change: TaintChange): boolean {
  return change.add.length === 0 && change.remove.length === 0;
}
