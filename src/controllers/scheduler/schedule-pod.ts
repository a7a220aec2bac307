import type { Pod } from "kubernetes-types/core/v1.js";
import { type PodFacts, runFilters } from "./filters.js";
import { fitErrorMessage, noNodesAvailableMessage } from "./fit-error.js";
import { podHostPorts } from "./host-ports.js";
import type { NodeInfo } from "./node-info.js";
import type { NodeStatus, PluginName } from "./node-status.js";
import { podNonZeroRequests, podRequests } from "./pod-requests.js";
import { preemptionMessage } from "./preemption.js";
import { scoreNodes, selectHost } from "./scores.js";
import { filterVolumes, type PodClaims, type PodVolumes, preFilterVolumes, type VolumeView } from "./volume-binding.js";

/** What one scheduling attempt sees: every node with its counted pods, and the volume caches. */
export interface SchedulingView {
  readonly nodes: readonly NodeInfo[];
  readonly volumes: VolumeView;
}

/** What to do with the pod, as upstream's scheduling cycle decides it. */
export type ScheduleDecision =
  | { readonly kind: "bind"; readonly node: string; readonly volumes?: PodVolumes }
  /** Fits nowhere: FailedScheduling, PodScheduled False/Unschedulable; rejectedBy says which cluster events may help. */
  | { readonly kind: "unschedulable"; readonly message: string; readonly rejectedBy: ReadonlySet<PluginName> }
  /** Not a fit failure (no nodes at all): PodScheduled False/SchedulerError, retried with back-off. */
  | { readonly kind: "error"; readonly message: string };

/**
 * The scheduling cycle for one pod, pure: VolumeBinding's prefilter, the filters on every node,
 * scores on the feasible ones, and when nothing fits the FitError message with preemption's part.
 */
export function schedulePod(pod: Pod, view: SchedulingView): ScheduleDecision {
  const nodes = view.nodes.filter((n) => n.node !== undefined);
  if (nodes.length === 0) return { kind: "error", message: noNodesAvailableMessage };
  const facts: PodFacts = { pod, requests: podRequests(pod), ports: podHostPorts(pod) };
  const pre = preFilterVolumes(pod, view.volumes);
  if (pre.kind === "rejected") return preFilterRejection(pod, nodes, pre.message);
  const claims = pre.kind === "claims" ? pre.claims : undefined;
  const feasible: NodeInfo[] = [];
  const volumesByNode = new Map<string, PodVolumes>();
  const statuses = new Map<string, NodeStatus>();
  for (const info of nodes) {
    const outcome = filterNode(facts, info, { claims, view: view.volumes });
    if (outcome.status) statuses.set(info.name, outcome.status);
    else {
      feasible.push(info);
      if (outcome.volumes) volumesByNode.set(info.name, outcome.volumes);
    }
  }
  if (feasible.length === 0) return fitFailure(facts, nodes, { statuses, claims, view: view.volumes });
  const chosen = feasible.length === 1 ? feasible[0]! : selectHost(feasible, scoreNodes({ pod, requests: facts.requests, nonZero: podNonZeroRequests(pod) }, feasible));
  const volumes = volumesByNode.get(chosen.name);
  return volumes ? { kind: "bind", node: chosen.name, volumes } : { kind: "bind", node: chosen.name };
}

interface VolumeContext {
  readonly claims: PodClaims | undefined;
  readonly view: VolumeView;
}

function filterNode(facts: PodFacts, info: NodeInfo, v: VolumeContext): { status?: NodeStatus; volumes?: PodVolumes } {
  const status = runFilters(facts, info);
  if (status) return { status };
  if (!v.claims) return {};
  const result = filterVolumes(v.claims, info.node!, v.view);
  return result.fits ? { volumes: result.volumes } : { status: result.status };
}

function preFilterRejection(pod: Pod, nodes: readonly NodeInfo[], message: string): ScheduleDecision {
  const status: NodeStatus = { code: "UnschedulableAndUnresolvable", reasons: [message], plugin: "VolumeBinding" };
  const postFilterMessage = preemptionMessage(pod, nodes, () => status, () => status);
  return {
    kind: "unschedulable",
    message: fitErrorMessage({ numAllNodes: nodes.length, preFilterMessage: message, statuses: [], postFilterMessage }),
    rejectedBy: new Set(["VolumeBinding"]),
  };
}

function fitFailure(facts: PodFacts, nodes: readonly NodeInfo[], d: VolumeContext & { statuses: ReadonlyMap<string, NodeStatus> }): ScheduleDecision {
  const statusOf = (info: NodeInfo): NodeStatus => d.statuses.get(info.name)!;
  const refilter = (info: NodeInfo): NodeStatus | undefined => filterNode(facts, info, d).status;
  const postFilterMessage = preemptionMessage(facts.pod, nodes, statusOf, refilter);
  const statuses = [...d.statuses.values()];
  return {
    kind: "unschedulable",
    message: fitErrorMessage({ numAllNodes: nodes.length, statuses, postFilterMessage }),
    rejectedBy: new Set(statuses.map((s) => s.plugin)),
  };
}
