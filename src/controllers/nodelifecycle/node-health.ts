import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Node, NodeCondition } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/clock.js";

/** upstream's --node-monitor-grace-period and --node-startup-grace-period defaults. */
export const nodeMonitorGracePeriodMs = 40_000;
export const nodeStartupGracePeriodMs = 60_000;

/** What the controller remembers of a node between passes (upstream's nodeHealthData). */
export interface NodeHealth {
  /** The Ready condition as last seen. */
  readonly ready: NodeCondition | undefined;
  /** When the node was last heard from (a new heartbeat or lease renewal seen), on our clock. */
  readonly probeTimestamp: number;
  readonly readyTransitionTimestamp: number;
  /** The lease's renewTime as last seen. */
  readonly leaseRenewTime: string | undefined;
}

export interface HealthAssessment {
  readonly health: NodeHealth;
  /** The Ready condition before this pass (a placeholder Unknown one when the node never posted it). */
  readonly observedReady: NodeCondition;
  /** The Ready condition after this pass. */
  readonly currentReady: NodeCondition | undefined;
  /** The node's conditions to write through the status subresource, when this pass changed them. */
  readonly conditions?: NodeCondition[];
}

const monitoredConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

/**
 * upstream's tryUpdateNodeHealth: the node counts as heard from whenever its Ready condition's
 * heartbeat or its Lease's renewTime moves (measured on our clock, not the node's); once it has
 * not been heard from for the grace period, its Ready, MemoryPressure, DiskPressure and
 * PIDPressure conditions become Unknown ("Kubelet stopped posting node status.").
 */
export function assessNodeHealth(
  node: Node,
  seen: { saved: NodeHealth | undefined; lease: Lease | undefined; now: number },
): HealthAssessment {
  const { now } = seen;
  const created = node.metadata?.creationTimestamp ?? "";
  const conditions = node.status?.conditions ?? [];
  const current = conditions.find((c) => c.type === "Ready");
  const observedReady: NodeCondition = current ?? { type: "Ready", status: "Unknown", lastHeartbeatTime: created, lastTransitionTime: created };
  const gracePeriod = current ? nodeMonitorGracePeriodMs : nodeStartupGracePeriodMs;
  let health = nextHealth(seen.saved, current, { now, created: Date.parse(created) || now });
  const renewTime = seen.lease?.spec?.renewTime;
  if (renewTime && (health.leaseRenewTime === undefined || Date.parse(health.leaseRenewTime) < Date.parse(renewTime))) {
    health = { ...health, leaseRenewTime: renewTime, probeTimestamp: now };
  }
  if (now <= health.probeTimestamp + gracePeriod) return { health, observedReady, currentReady: current };
  const updated = unknownConditions(conditions, { now, created });
  const currentReady = updated.find((c) => c.type === "Ready");
  if (JSON.stringify(currentReady) === JSON.stringify(observedReady)) return { health, observedReady, currentReady };
  return {
    health: { ...health, ready: currentReady, readyTransitionTimestamp: now },
    observedReady,
    currentReady,
    conditions: updated,
  };
}

function nextHealth(saved: NodeHealth | undefined, current: NodeCondition | undefined, at: { now: number; created: number }): NodeHealth {
  const { now } = at;
  const leaseRenewTime = saved?.leaseRenewTime;
  if (!current) {
    return saved ? { ...saved, ready: undefined } : { ready: undefined, probeTimestamp: at.created, readyTransitionTimestamp: at.created, leaseRenewTime };
  }
  if (!saved || !saved.ready) return { ready: current, probeTimestamp: now, readyTransitionTimestamp: now, leaseRenewTime };
  if (saved.ready.lastHeartbeatTime === current.lastHeartbeatTime) return saved;
  const transitioned = saved.ready.lastTransitionTime !== current.lastTransitionTime;
  return { ready: current, probeTimestamp: now, readyTransitionTimestamp: transitioned ? now : saved.readyTransitionTimestamp, leaseRenewTime };
}

/** The monitored conditions set Unknown; a condition the kubelet never posted is added as never updated. */
function unknownConditions(conditions: readonly NodeCondition[], at: { now: number; created: string }): NodeCondition[] {
  const now = rfc3339(at.now);
  const out = conditions.map((c) => {
    if (!monitoredConditions.includes(c.type) || c.status === "Unknown") return c;
    return { ...c, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: now };
  });
  for (const type of monitoredConditions) {
    if (conditions.some((c) => c.type === type)) continue;
    out.push({
      type,
      status: "Unknown",
      reason: "NodeStatusNeverUpdated",
      message: "Kubelet never posted node status.",
      lastHeartbeatTime: at.created,
      lastTransitionTime: now,
    });
  }
  return out;
}
