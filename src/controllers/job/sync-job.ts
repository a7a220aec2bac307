import { rfc3339 } from "../../util/clock.js";
import { ensureConditionStatus, finishReasons, newCondition } from "./conditions.js";
import { countJob, isSuspended } from "./counting.js";
import type { JobEffects } from "./effects.js";
import { decideFinish } from "./finish-criteria.js";
import { planManage } from "./manage.js";
import type { Observed, SyncContext } from "./sync-context.js";
import { syncTracking } from "./sync-tracking.js";

/** syncJobBatchPeriod: a delayed look is never sooner than this. */
export const minDelayMs = 1000;

export interface SyncResult {
  /** Look at the Job again after this long (deadline, back-off). */
  readonly requeueAfterMs?: number;
  /** A pod write failed (the status was still brought up to date): retry with back-off. */
  readonly error?: unknown;
}


/**
 * upstream's syncJob for a Job that is neither finished nor managed elsewhere: count, decide the
 * end, delete or create pods, then record the status and free counted pods of the finalizer.
 * Pure decisions (counting, finish criteria, manage, tracking) with the effects in between.
 */
export async function syncJob(observed: Observed, effects: JobEffects, now: number): Promise<SyncResult> {
  const mode = observed.job.spec?.completionMode;
  if (mode !== undefined && mode !== "NonIndexed" && mode !== "Indexed") {
    effects.event(observed.job, { type: "Warning", reason: "UnknownCompletionMode", message: "Skipped Job sync because completion mode is unknown" });
    return {};
  }
  const ctx = countJob(observed, now);
  decideFinish(ctx, now);
  const before = { ...ctx.job.status };
  const { active, suspendChanged, error } = ctx.finishedCondition ? await endActivePods(ctx, effects) : await managePods(ctx, effects, now);
  const status = ctx.job.status;
  const needsUpdate = suspendChanged || active !== (before.active ?? 0) || ctx.ready !== before.ready || ctx.terminating !== before.terminating;
  status.active = active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  await syncTracking(ctx, { effects, needsFlush: needsUpdate, now });
  return error === undefined ? optionalRequeue(ctx) : { ...optionalRequeue(ctx), error };
}

function optionalRequeue(ctx: SyncContext): SyncResult {
  return ctx.requeueAfterMs === undefined ? {} : { requeueAfterMs: ctx.requeueAfterMs };
}

interface PodsOutcome {
  readonly active: number;
  readonly suspendChanged: boolean;
  readonly error?: unknown;
}

/** deleteActivePods: the Job ends; its active pods go (keeping the finalizer, counted as they end). */
async function endActivePods(ctx: SyncContext, effects: JobEffects): Promise<PodsOutcome> {
  const active = ctx.activePods.length;
  const out = active > 0 ? await effects.deletePods(ctx.job, ctx.activePods, { free: false }) : { deleted: 0, deletedReady: 0 };
  // Not finished while pods may remain, or pods not yet in the cache.
  if (out.deleted !== active || !ctx.expectationsSatisfied) delete ctx.finishedCondition;
  ctx.terminating += out.deleted;
  ctx.ready -= out.deletedReady;
  return { active: active - out.deleted, suspendChanged: false, error: out.error };
}

/** manageJob when expectations allow, then the completion check and the Suspended condition. */
async function managePods(ctx: SyncContext, effects: JobEffects, now: number): Promise<PodsOutcome> {
  const { job } = ctx;
  let active = ctx.activePods.length;
  let error: unknown;
  const manage = ctx.expectationsSatisfied && !job.metadata.deletionTimestamp;
  if (manage) ({ active, error } = await applyManage(ctx, effects, now));
  const completions = job.spec?.completions;
  const complete = active === 0 && (completions == null ? ctx.succeeded > 0 : ctx.succeeded >= completions);
  if (complete) {
    ctx.finishedCondition = newCondition({ type: "SuccessCriteriaMet", ...finishReasons.completionsReached }, now);
    return { active, suspendChanged: false, error };
  }
  return { active, suspendChanged: manage && updateSuspended(ctx, effects, now), error };
}

/** The Suspended condition follows spec.suspend; resuming restarts the active-deadline clock. */
function updateSuspended(ctx: SyncContext, effects: JobEffects, now: number): boolean {
  const status = ctx.job.status;
  const suspended = isSuspended(ctx.job);
  const spec = suspended
    ? { type: "Suspended", status: "True", reason: "JobSuspended", message: "Job suspended" } as const
    : { type: "Suspended", status: "False", reason: "JobResumed", message: "Job resumed" } as const;
  const result = ensureConditionStatus(status.conditions ?? [], spec, now);
  if (!result.changed) return false;
  status.conditions = result.conditions;
  if (suspended) effects.event(ctx.job, { type: "Normal", reason: "Suspended", message: "Job suspended" });
  else {
    effects.event(ctx.job, { type: "Normal", reason: "Resumed", message: "Job resumed" });
    status.startTime = rfc3339(now);
  }
  return true;
}

/** Carries out manageJob's plan; returns the active count it leaves. */
async function applyManage(ctx: SyncContext, effects: JobEffects, now: number): Promise<{ active: number; error?: unknown }> {
  const plan = planManage(ctx, now);
  const active = ctx.activePods.length;
  switch (plan.kind) {
    case "none":
      return { active };
    case "backoff":
      ctx.requeueAfterMs = Math.min(ctx.requeueAfterMs ?? Infinity, Math.max(plan.delayMs, minDelayMs));
      // upstream's manageJob reports no active pods while a replacement waits out its back-off.
      return { active: 0 };
    case "delete": {
      const out = await effects.deletePods(ctx.job, plan.pods, { free: true });
      ctx.terminating += out.deleted;
      ctx.ready -= out.deletedReady;
      return { active: active - out.deleted, error: out.error };
    }
    case "create": {
      const out = await effects.createPods(ctx.job, plan.pods);
      return { active: active + plan.pods.length - out.notCreated, error: out.error };
    }
  }
}
