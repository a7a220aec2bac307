import type { Pod } from "kubernetes-types/core/v1.js";
import type { TableColumn, TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { ageCell, humanDuration } from "../printers/time.js";
import { summarizePod } from "./pod-status-reason.js";

/** Upstream's podColumnDefinitions, descriptions from the v1.32 API docs. */
export const podColumns: readonly TableColumn[] = [
  nameColumn,
  stringColumn("Ready", "The aggregate readiness state of this pod for accepting traffic."),
  stringColumn("Status", "The aggregate status of the containers in this pod."),
  stringColumn("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
  ageColumn,
  stringColumn("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
  stringColumn(
    "Node",
    "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename",
    1,
  ),
  stringColumn(
    "Nominated Node",
    "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.",
    1,
  ),
  stringColumn(
    "Readiness Gates",
    'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    1,
  ),
];

/** RESTARTS: "2" or, once a restart time is known, "2 (5m ago)". */
export function restartsCell(restarts: number, lastRestart: number | undefined, now: number): string {
  if (restarts === 0 || lastRestart === undefined) return String(restarts);
  return `${restarts} (${humanDuration(now - lastRestart)} ago)`;
}

function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  const conditions = pod.status?.conditions ?? [];
  const ready = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === "True").length;
  return `${ready}/${gates.length}`;
}

export const podTable: TablePrinter<Pod> = {
  columns: podColumns,
  cells(pod, now) {
    const s = summarizePod(pod);
    return [
      pod.metadata?.name ?? "",
      s.ready,
      s.reason,
      restartsCell(s.restarts, s.lastRestart, now),
      ageCell(pod.metadata?.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip || "<none>",
      pod.spec?.nodeName || "<none>",
      pod.status?.nominatedNodeName || "<none>",
      readinessGatesCell(pod),
    ];
  },
};
