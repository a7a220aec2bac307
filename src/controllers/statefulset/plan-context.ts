import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { newVersionedPod, type VersionedSets } from "./identity.js";
import { endOrdinal, inOrdinalRange, ordinalOf, startOrdinal } from "./ordinals.js";
import { isCreated, isRunningAndReady, isTerminating, isUnavailable } from "./pod-state.js";
import type { Hold } from "./waiting.js";
import type { Action, Observed } from "./plan-types.js";

/** What every stage of the plan reads, and the actions it adds to. */
export interface PlanContext {
  readonly set: Stored<StatefulSet>;
  /** The set at its update revision: new pods and claim policies follow it. */
  readonly updateSet: Stored<StatefulSet>;
  readonly claims: ReadonlyMap<string, Stored<PersistentVolumeClaim>>;
  readonly now: number;
  readonly minReadySeconds: number;
  /** OrderedReady: stop at the first pod that is not Running, Ready and available. */
  readonly monotonic: boolean;
  /** One slot per wanted ordinal (start…end): the pod, or the pod to create there. */
  readonly replicas: readonly Pod[];
  /** Pods beyond the wanted ordinals, highest ordinal first. */
  readonly condemned: readonly Stored<Pod>[];
  /** The lowest unavailable wanted pod, else the lowest unavailable condemned one. */
  readonly firstUnavailable: Pod | undefined;
  readonly updateRevision: string;
  readonly actions: Action[];
}

export function unavailable(ctx: PlanContext, pod: Pod): boolean {
  return isUnavailable(pod, ctx);
}

/** Why an unavailable pod is unavailable. */
export function holdFor(pod: Pod): Hold {
  if (isTerminating(pod)) return "terminating";
  return isRunningAndReady(pod) ? "notAvailable" : "notReady";
}

/**
 * upstream's split of a set's pods: wanted ordinals get their pod or a new one at the right
 * revision; pods of other ordinals are condemned; pods whose names carry no ordinal are ignored.
 */
export function slotPods(o: Observed, v: VersionedSets): { replicas: Pod[]; condemned: Stored<Pod>[] } {
  const set = o.set;
  const start = startOrdinal(set);
  const byOrdinal = new Map<number, Stored<Pod>>();
  const condemned: Stored<Pod>[] = [];
  for (const pod of o.pods) {
    const ordinal = ordinalOf(pod.metadata.name);
    if (ordinal < 0) continue;
    if (inOrdinalRange(set, ordinal)) byOrdinal.set(ordinal, pod);
    else condemned.push(pod);
  }
  const replicas: Pod[] = [];
  for (let ordinal = start; ordinal <= endOrdinal(set); ordinal++) replicas.push(byOrdinal.get(ordinal) ?? newVersionedPod(v, ordinal));
  condemned.sort((a, b) => ordinalOf(b.metadata.name) - ordinalOf(a.metadata.name));
  return { replicas, condemned };
}

export function firstUnavailablePod(pods: { replicas: readonly Pod[]; condemned: readonly Pod[] }, isUnavail: (p: Pod) => boolean): Pod | undefined {
  return pods.replicas.find(isUnavail) ?? [...pods.condemned].reverse().find(isUnavail);
}

/** The wanted slot of the lowest ordinal whose pod does not exist and is not being created. */
export function nextToCreate(ctx: PlanContext, after: number): Pod | undefined {
  const creating = new Set(ctx.actions.filter((a) => a.type === "createPod").map((a) => a.pod.metadata?.name));
  return ctx.replicas.slice(after + 1).find((p) => !isCreated(p) && !creating.has(p.metadata?.name));
}

/** The condemned pod the next scale-down step would delete. */
export function nextToDelete(ctx: PlanContext, except?: Pod): Stored<Pod> | undefined {
  const deleting = new Set(ctx.actions.filter((a) => a.type === "deletePod").map((a) => a.pod.metadata.uid));
  return ctx.condemned.find((p) => p !== except && !p.metadata.deletionTimestamp && !deleting.has(p.metadata.uid));
}
