import type { Job, JobCondition } from "kubernetes-types/batch/v1.js";
import { clone, type Stored } from "../../api/object.js";
import type { JobEffects } from "./effects.js";
import type { SyncContext } from "./sync-context.js";
import { countFreedPods, enactFinished, planTracking } from "./tracking.js";

/** The Job's status as written: Go omits zero counters (omitempty); ready and terminating stay. */
function forWrite(job: Stored<Job>): Stored<Job> {
  const copy = clone(job);
  const status = (copy.status ??= {});
  for (const key of ["active", "succeeded", "failed"] as const) if (status[key] === 0) delete status[key];
  return copy;
}

async function writeStatus(ctx: SyncContext, effects: JobEffects): Promise<void> {
  const written = await effects.updateStatus(forWrite(ctx.job));
  ctx.job = { ...written, status: written.status ?? {} };
}

/** recordJobFinished: the events of a Job's end. */
function recordFinished(ctx: SyncContext, effects: JobEffects, finished: JobCondition): void {
  const job = ctx.job;
  if (finished.type !== "Complete") {
    effects.event(job, { type: "Warning", reason: finished.reason ?? "", message: finished.message ?? "" });
    return;
  }
  const completions = job.spec?.completions;
  if (completions != null && (job.status?.succeeded ?? 0) > completions) {
    effects.event(job, { type: "Warning", reason: "TooManySucceededPods", message: "Too many succeeded pods running after completion count reached" });
  }
  effects.event(job, { type: "Normal", reason: "Completed", message: "Job completed" });
}

/**
 * trackJobStatusAndRemoveFinalizers: (1) write the status naming the finished pods as uncounted,
 * (2) free them of the tracking finalizer, (3) count those freed, (4) declare the Job finished
 * when nothing is left uncounted or terminating. A crash between any two steps loses and
 * double-counts nothing: an uncounted pod is counted once it has no finalizer, and a pod keeps
 * its finalizer until it is named in the status.
 */
export async function syncTracking(ctx: SyncContext, input: { effects: JobEffects; needsFlush: boolean; now: number }): Promise<void> {
  const { effects, now } = input;
  const plan = planTracking(ctx, { needsFlush: input.needsFlush, now });
  if (plan.needsFlush) {
    await writeStatus(ctx, effects);
    effects.recordBackoff(ctx.job, ctx.newBackoff);
  }
  let needsFlush = false;
  const removal = plan.podsToRemoveFinalizer.length > 0 ? await effects.removeFinalizers(ctx.job, plan.podsToRemoveFinalizer) : { removed: new Set<string>() };
  const withFinalizer = new Set([...plan.uidsWithFinalizer].filter((uid) => !removal.removed.has(uid)));
  if (countFreedPods(ctx.job.status, withFinalizer)) needsFlush = true;
  if (removal.error !== undefined) {
    // Record what was counted before giving up: the rest is retried.
    if (needsFlush) await writeStatus(ctx, effects);
    throw removal.error;
  }
  const finished = !plan.reachedMaxUncounted && enactFinished(ctx, plan.finishedCondition, now);
  if (!needsFlush && !finished) return;
  await writeStatus(ctx, effects);
  if (finished) recordFinished(ctx, effects, plan.finishedCondition!);
}
