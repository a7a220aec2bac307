import type { CronJob, CronJobStatus, Job } from "kubernetes-types/batch/v1.js";
import type { ObjectReference } from "kubernetes-types/core/v1.js";
import { clone, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isAlreadyExists, StatusError } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { ControllerExpectations } from "../../client/expectations.js";
import { rfc3339 } from "../../util/clock.js";
import type { EventRecorder } from "../runtime/event-recorder.js";
import { updateStatusWithRetry } from "../runtime/retry-on-conflict.js";
import { isActive, removeActive } from "./active-jobs.js";
import { isControlledBy } from "./job-state.js";
import type { CreateStep, Plan, ReplaceDeleteStep, Step } from "./plan-types.js";

export interface ApplyContext {
  readonly client: Client;
  readonly recorder: EventRecorder;
  /** Creates and deletes of Jobs not yet seen by the job informer, per CronJob key. */
  readonly expectations: ControllerExpectations;
  readonly key: string;
}

/** Why the steps stopped early: the error is returned after the status is written, as upstream's sync does. */
type Outcome = { readonly stop: false } | { readonly stop: true; readonly error?: unknown };

const go: Outcome = { stop: false };

/**
 * Carries a plan out in order, keeping the status in step with what succeeded (a deleted active
 * Job leaves status.active; a created one joins it and sets lastScheduleTime), then writes the
 * status if it changed. Throws the error that stopped the steps, so the key is retried.
 */
export async function applyPlan(ctx: ApplyContext, cronJob: Stored<CronJob>, p: Plan): Promise<void> {
  const status = clone(p.status);
  const creates = p.steps.filter((s) => s.kind === "create").length;
  const deletes = p.steps.filter((s) => s.kind === "delete-finished" || s.kind === "delete-active").length;
  if (creates + deletes > 0) ctx.expectations.set(ctx.key, { add: creates, del: deletes });
  let outcome: Outcome = go;
  for (const [i, step] of p.steps.entries()) {
    outcome = await applyStep(ctx, { cronJob, status, step });
    if (outcome.stop) {
      unexpectRest(ctx, p.steps.slice(i + 1));
      break;
    }
  }
  if (!sameStatus(cronJob.status ?? {}, status)) {
    await updateStatusWithRetry<CronJob>({ client: ctx.client, ref: refs.cronJobs, object: cronJob }, status);
  }
  if (outcome.stop && outcome.error !== undefined) throw outcome.error;
}

interface StepInput<S extends Step = Step> {
  readonly cronJob: Stored<CronJob>;
  /** Changed in place as steps succeed. */
  readonly status: CronJobStatus;
  readonly step: S;
}

async function applyStep(ctx: ApplyContext, input: StepInput): Promise<Outcome> {
  const { step, cronJob } = input;
  switch (step.kind) {
    case "event":
      ctx.recorder.event(cronJob, step.type, step.reason, step.message);
      return go;
    case "delete-finished":
      await deleteJob(ctx, cronJob, step.job);
      return go;
    case "delete-active":
      return replaceActive(ctx, { ...input, step });
    case "create":
      return createJob(ctx, { ...input, step });
  }
}

/** upstream's deleteJob: background propagation, so the Job goes at once and its pods after it. True when deleted. */
async function deleteJob(ctx: ApplyContext, cronJob: Stored<CronJob>, job: Stored<Job>): Promise<boolean> {
  try {
    await ctx.client.delete(refs.jobs, job.metadata.namespace, job.metadata.name, {
      propagationPolicy: "Background",
      preconditions: { uid: job.metadata.uid },
    });
  } catch (err) {
    ctx.expectations.deletionObserved(ctx.key);
    ctx.recorder.event(cronJob, "Warning", "FailedDelete", `Deleted job: ${message(err)}`);
    return false;
  }
  ctx.recorder.event(cronJob, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`);
  return true;
}

/** Replace: the running Job is read from the server (not the cache) and deleted; any failure stops the sync. */
async function replaceActive(ctx: ApplyContext, input: StepInput<ReplaceDeleteStep>): Promise<Outcome> {
  const { cronJob, status, step } = input;
  let job: Stored<Job>;
  try {
    job = await ctx.client.get<Job>(refs.jobs, step.ref.namespace, step.ref.name ?? "");
  } catch (err) {
    ctx.expectations.deletionObserved(ctx.key);
    ctx.recorder.event(cronJob, "Warning", "FailedGet", `Get job: ${message(err)}`);
    return { stop: true, error: err };
  }
  if (!(await deleteJob(ctx, cronJob, job))) {
    return { stop: true, error: new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`) };
  }
  removeActive(status, job.metadata.uid);
  return go;
}

async function createJob(ctx: ApplyContext, input: StepInput<CreateStep>): Promise<Outcome> {
  const { cronJob, status, step } = input;
  let created: Stored<Job>;
  try {
    created = await ctx.client.create<Job>(refs.jobs, step.job);
    ctx.recorder.event(cronJob, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name}`);
  } catch (err) {
    ctx.expectations.creationObserved(ctx.key);
    if (namespaceTerminating(err)) return { stop: true, error: err };
    if (!isAlreadyExists(err)) {
      ctx.recorder.event(cronJob, "Warning", "FailedCreate", `Error creating job: ${message(err)}`);
      return { stop: true, error: err };
    }
    // The name is the schedule time: it was made before, by us (then our status update was lost) or by someone else.
    const existing = await ctx.client.get<Job>(refs.jobs, step.job.metadata?.namespace, step.job.metadata?.name ?? "");
    if (!isControlledBy(existing, cronJob.metadata.uid) || isActive(status, existing.metadata.uid)) return { stop: true };
    created = existing;
  }
  (status.active ??= []).push(jobReference(created));
  status.lastScheduleTime = rfc3339(step.scheduledTime);
  return go;
}

/** ref.GetReference of a Job, in the field order Go writes an ObjectReference. */
function jobReference(job: Stored<Job>): ObjectReference {
  const { namespace, name, uid, resourceVersion } = job.metadata;
  return { kind: "Job", namespace, name, uid, apiVersion: "batch/v1", resourceVersion };
}

function unexpectRest(ctx: ApplyContext, rest: readonly Step[]): void {
  for (const s of rest) {
    if (s.kind === "create") ctx.expectations.creationObserved(ctx.key);
    if (s.kind === "delete-active" || s.kind === "delete-finished") ctx.expectations.deletionObserved(ctx.key);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function namespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.status.details?.causes?.some((c) => c.reason === "NamespaceTerminating") ?? false);
}

/** Equal as JSON values, whatever the key order. */
function sameStatus(a: CronJobStatus, b: CronJobStatus): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && !(Array.isArray(x) && x.length === 0));
    return `{${entries.sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}
