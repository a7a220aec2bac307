import type { Pod } from "kubernetes-types/core/v1.js";
import { firstUnavailablePod, type PlanContext, slotPods, unavailable } from "./plan-context.js";
import { fixCondemnedClaims, processCondemned, processReplicas } from "./plan-replicas.js";
import type { Action, Block, Observed, StatefulSetPlan } from "./plan-types.js";
import { processUpdate } from "./plan-update.js";
import { describeBlock } from "./plan-waiting.js";
import { availableAt, isAvailable, isCreated } from "./pod-state.js";
import { resolveRevisions } from "./revision-plan.js";
import { applyRevision, revisionsToTruncate, sortRevisions } from "./revisions.js";
import { completeRollingUpdate, countReplicas, statusOf } from "./status.js";
import { withWaitingCondition } from "./waiting.js";

/** Runs the stages in order until one blocks (upstream's updateStatefulSet, minus its writes). */
function runStages(ctx: PlanContext): Block | undefined {
  const block = processReplicas(ctx);
  if (block) return block;
  fixCondemnedClaims(ctx);
  return processCondemned(ctx) ?? processUpdate(ctx);
}

/** When the first Ready pod that is not yet available becomes available, from now (ms). */
function nextAvailability(pods: readonly Pod[], at: { minReadySeconds: number; now: number }): number | undefined {
  const { minReadySeconds, now } = at;
  if (minReadySeconds <= 0) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    const at = availableAt(pod, minReadySeconds);
    if (at === undefined || isAvailable(pod, { minReadySeconds, now })) continue;
    const wait = Math.max(1, at - now + 1);
    soonest = soonest === undefined ? wait : Math.min(soonest, wait);
  }
  return soonest;
}

/**
 * What to do for one StatefulSet, decided from what is observed and the time, without doing it:
 * upstream's UpdateStatefulSet as a value. Pure: no client, no clock.
 */
export function plan(o: Observed, now: number): StatefulSetPlan {
  const set = o.set;
  const sorted = sortRevisions(o.revisions);
  const revisions = resolveRevisions(set, sorted);
  const currentRevision = revisions.current.metadata?.name ?? "";
  const updateRevision = revisions.update.metadata?.name ?? "";
  const currentSet = applyRevision(set, revisions.current);
  const updateSet = applyRevision(set, revisions.update);
  const { replicas, condemned } = slotPods(o, { currentSet, updateSet, currentRevision, updateRevision });
  const minReadySeconds = set.spec?.minReadySeconds ?? 0;
  const actions: Action[] = [];
  const partial: Omit<PlanContext, "firstUnavailable"> = {
    set,
    updateSet,
    claims: o.claims,
    now,
    minReadySeconds,
    monotonic: set.spec?.podManagementPolicy !== "Parallel",
    replicas,
    condemned,
    updateRevision,
    actions,
  };
  const isUnavail = (p: Pod): boolean => unavailable({ ...partial, firstUnavailable: undefined }, p);
  const ctx: PlanContext = { ...partial, firstUnavailable: firstUnavailablePod({ replicas, condemned }, isUnavail) };
  const block = set.metadata.deletionTimestamp ? undefined : runStages(ctx);
  const waiting = describeBlock(ctx, block);

  const pods = [...replicas.filter(isCreated), ...condemned];
  const counts = { ...countReplicas(pods, { minReadySeconds, now, current: currentRevision, update: updateRevision }), currentRevision, updateRevision };
  const updateDeletes = actions.filter((a) => a.type === "deletePod" && a.why === "update").length;
  counts.currentReplicas = Math.max(0, counts.currentReplicas - updateDeletes);
  completeRollingUpdate(set, counts);
  const status = statusOf({ ...counts, observedGeneration: set.metadata.generation ?? 0, collisionCount: revisions.collisionCount });
  const conditions = withWaitingCondition(set.status?.conditions, { waiting, now });
  if (conditions) status.conditions = conditions;

  const truncate = revisionsToTruncate(set, sorted, { pods: o.pods, current: currentRevision, update: updateRevision });
  const requeueAfterMs = nextAvailability(pods, { minReadySeconds, now });
  return {
    revisions,
    actions,
    status,
    truncate,
    ...(waiting ? { waiting } : {}),
    ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
  };
}
