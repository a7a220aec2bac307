import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { holdFor, type PlanContext, unavailable } from "./plan-context.js";
import type { Block } from "./plan-types.js";
import { isTerminating, podRevision } from "./pod-state.js";

/** The lowest slot index a rolling update replaces (the partition counts slots from ordinals.start). */
export function updateMin(ctx: PlanContext): number {
  return ctx.set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
}

/** Whether a slot's pod still has to be replaced by the rolling update. */
export function needsUpdate(ctx: PlanContext, pod: Pod): boolean {
  return podRevision(pod) !== ctx.updateRevision && !isTerminating(pod);
}

/** The slot the rolling update would replace next: the highest one at or above the partition. */
export function nextToUpdate(ctx: PlanContext, except?: Pod): Pod | undefined {
  if ((ctx.set.spec?.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate") return undefined;
  const deleting = new Set(ctx.actions.filter((a) => a.type === "deletePod").map((a) => a.pod.metadata.uid));
  for (let i = ctx.replicas.length - 1; i >= updateMin(ctx); i--) {
    const pod = ctx.replicas[i]!;
    if (pod !== except && needsUpdate(ctx, pod) && !deleting.has(pod.metadata?.uid ?? "")) return pod;
  }
  return undefined;
}

/**
 * upstream's getStatefulSetMaxUnavailable: an integer, or a percentage of replicas rounded down;
 * never below 1.
 */
export function maxUnavailableOf(value: number | string | undefined, replicas: number): number {
  let n = 1;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^\d+%$/.test(value)) n = Math.floor((Number(value.slice(0, -1)) * replicas) / 100);
  return Math.max(1, n);
}

/** Stage 4 under RollingUpdate without maxUnavailable: one pod at a time, highest ordinal first. */
function rollOneAtATime(ctx: PlanContext): Block | undefined {
  for (let i = ctx.replicas.length - 1; i >= updateMin(ctx); i--) {
    const pod = ctx.replicas[i]!;
    if (needsUpdate(ctx, pod)) {
      ctx.actions.push({ type: "deletePod", stage: "update", pod: pod as Stored<Pod>, why: "update" });
      return undefined;
    }
    if (unavailable(ctx, pod)) return { stage: "update", pod, hold: holdFor(pod) };
  }
  return undefined;
}

/**
 * Stage 4 with maxUnavailable (upstream's updateStatefulSetAfterInvariantEstablished): as many
 * pods as maxUnavailable allows, less those already unavailable, highest ordinal first.
 */
function rollWithMaxUnavailable(ctx: PlanContext, maxUnavailable: number): Block | undefined {
  const down = ctx.replicas.filter((p) => unavailable(ctx, p));
  let budget = maxUnavailable - down.length;
  for (let i = ctx.replicas.length - 1; i >= updateMin(ctx) && budget > 0; i--) {
    const pod = ctx.replicas[i]!;
    if (!needsUpdate(ctx, pod)) continue;
    ctx.actions.push({ type: "deletePod", stage: "update", pod: pod as Stored<Pod>, why: "update" });
    budget--;
  }
  if (down.length >= maxUnavailable) return { stage: "update", pod: down[0]!, hold: "unavailable", unavailable: { count: down.length, max: maxUnavailable } };
  return undefined;
}

/** Stage 4: RollingUpdate replaces pods not at the update revision; OnDelete leaves them to the user. */
export function processUpdate(ctx: PlanContext): Block | undefined {
  const strategy = ctx.set.spec?.updateStrategy;
  if ((strategy?.type ?? "RollingUpdate") !== "RollingUpdate") return undefined;
  const maxUnavailable = strategy?.rollingUpdate?.maxUnavailable;
  if (maxUnavailable === undefined) return rollOneAtATime(ctx);
  return rollWithMaxUnavailable(ctx, maxUnavailableOf(maxUnavailable, ctx.set.spec?.replicas ?? 1));
}
