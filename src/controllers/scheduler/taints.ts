import type { Node, NodeCondition, Taint, Toleration } from "kubernetes-types/core/v1.js";

/** upstream's Toleration.ToleratesTaint: effect and key match when set; Equal compares values. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first NoSchedule or NoExecute taint no toleration tolerates (FindMatchingUntoleratedTaint). */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  return taints.find((t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerationsTolerateTaint(tolerations, t));
}

/** TaintToleration's score input: PreferNoSchedule taints the pod's relevant tolerations do not cover. */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): number {
  const relevant = (tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
  return taints.filter((t) => t.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(relevant, t)).length;
}

/** upstream's node lifecycle controller taints nodes by condition (TaintNodesByCondition). */
const conditionTaints: ReadonlyArray<{ type: string; status: string; key: string }> = [
  { type: "Ready", status: "False", key: "node.kubernetes.io/not-ready" },
  { type: "Ready", status: "Unknown", key: "node.kubernetes.io/unreachable" },
  { type: "MemoryPressure", status: "True", key: "node.kubernetes.io/memory-pressure" },
  { type: "DiskPressure", status: "True", key: "node.kubernetes.io/disk-pressure" },
  { type: "PIDPressure", status: "True", key: "node.kubernetes.io/pid-pressure" },
  { type: "NetworkUnavailable", status: "True", key: "node.kubernetes.io/network-unavailable" },
];

function readyStatus(conditions: readonly NodeCondition[]): string {
  return conditions.find((c) => c.type === "Ready")?.status ?? "False";
}

/**
 * The node's taints plus the NoSchedule taints upstream's node lifecycle controller would have
 * added for its conditions. tinykube runs no such controller, so the scheduler reads the
 * conditions itself: a node that is not Ready (or has not reported yet) takes no new pods unless
 * they tolerate node.kubernetes.io/not-ready, exactly as upstream.
 */
export function effectiveTaints(node: Node): Taint[] {
  const taints = [...(node.spec?.taints ?? [])];
  const conditions = node.status?.conditions ?? [];
  const statusOf = (type: string): string | undefined =>
    type === "Ready" ? readyStatus(conditions) : conditions.find((c) => c.type === type)?.status;
  for (const { type, status, key } of conditionTaints) {
    if (statusOf(type) !== status) continue;
    if (taints.some((t) => t.key === key && t.effect === "NoSchedule")) continue;
    taints.push({ key, effect: "NoSchedule" });
  }
  return taints;
}
