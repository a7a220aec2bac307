import type { Pod } from "kubernetes-types/core/v1.js";
import { fitErrorMessage } from "./fit-error.js";
import type { NodeInfo } from "./node-info.js";
import type { NodeStatus } from "./node-status.js";

/** Re-runs the filters for the pod on a node view (with some pods taken off). */
export type RefilterNode = (info: NodeInfo) => NodeStatus | undefined;

const notHelpful: NodeStatus = { code: "UnschedulableAndUnresolvable", reasons: ["Preemption is not helpful for scheduling"], plugin: "NodeResourcesFit" };
const noVictims: NodeStatus = { code: "UnschedulableAndUnresolvable", reasons: ["No preemption victims found for incoming pod"], plugin: "NodeResourcesFit" };
/** tinykube evicts nothing: where removing lower-priority pods would make room, it says so. */
const wouldNeedEviction: NodeStatus = {
  code: "UnschedulableAndUnresolvable",
  reasons: ["Preemption of lower-priority pods is not supported by tinykube"],
  plugin: "NodeResourcesFit",
};

/**
 * DefaultPreemption's PostFilter message for a pod that fits nowhere: which nodes preemption
 * could not help (their filter said UnschedulableAndUnresolvable) and, on the others, whether
 * any lower-priority pod could make room (SelectVictimsOnNode).
 */
export function preemptionMessage(pod: Pod, nodes: readonly NodeInfo[], statusOf: (info: NodeInfo) => NodeStatus, refilter: RefilterNode): string {
  if (pod.spec?.preemptionPolicy === "Never") return "preemption: not eligible due to preemptionPolicy=Never.";
  const priority = pod.spec?.priority ?? 0;
  const statuses = nodes.map((info) => {
    if (statusOf(info).code !== "Unschedulable") return notHelpful;
    const victims = new Set([...info.pods()].filter((p) => p.priority < priority).map((p) => p.key));
    if (victims.size === 0) return noVictims;
    return refilter(info.without(victims)) ?? wouldNeedEviction;
  });
  return `preemption: ${fitErrorMessage({ numAllNodes: nodes.length, statuses })}`;
}
