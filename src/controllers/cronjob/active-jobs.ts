import type { CronJobStatus, Job } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { event, type EventStep } from "./plan-types.js";
import { finishedCondition } from "./job-state.js";

export interface ActiveJobsResult {
  readonly status: CronJobStatus;
  readonly events: EventStep[];
}

export interface ActiveJobsInput {
  /** Changed in place: the caller's own copy. */
  readonly status: CronJobStatus;
  readonly jobs: readonly Stored<Job>[];
  /** Active entries whose Job is gone from the server too. */
  readonly missingActive: ReadonlySet<string>;
}

/**
 * The first half of upstream's syncCronJob: finished Jobs leave status.active (SawCompletedJob) and
 * advance lastSuccessfulTime; a running Job the CronJob does not list is reported (UnexpectedJob);
 * a listed Job that no longer exists leaves the list (MissingJob).
 */
export function reconcileActiveJobs(input: ActiveJobsInput): ActiveJobsResult {
  const status = input.status;
  const events: EventStep[] = [];
  const children = new Set<string>();
  for (const job of input.jobs) {
    children.add(job.metadata.uid);
    const found = isActive(status, job.metadata.uid);
    const condition = finishedCondition(job);
    if (!found && condition === undefined) {
      events.push(event("Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${job.metadata.name}`));
      continue;
    }
    if (condition === undefined) continue;
    if (found) {
      removeActive(status, job.metadata.uid);
      events.push(event("Normal", "SawCompletedJob", `Saw completed job: ${job.metadata.name}, condition: ${condition}`));
    }
    if (condition === "Complete") noteSuccess(status, job);
  }
  for (const ref of [...(status.active ?? [])]) {
    if (ref.uid !== undefined && children.has(ref.uid)) continue;
    if (!input.missingActive.has(ref.uid ?? "")) continue;
    events.push(event("Normal", "MissingJob", `Active job went missing: ${ref.name}`));
    removeActive(status, ref.uid);
  }
  return { status, events };
}

export function isActive(status: CronJobStatus, uid: string | undefined): boolean {
  return (status.active ?? []).some((r) => r.uid === uid);
}

/** upstream's deleteFromActiveList; an empty list is left out, as Go's omitempty writes it. */
export function removeActive(status: CronJobStatus, uid: string | undefined): void {
  const rest = (status.active ?? []).filter((r) => r.uid !== uid);
  if (rest.length > 0) status.active = rest;
  else delete status.active;
}

/** lastSuccessfulTime moves only forward, to the latest completionTime seen. */
function noteSuccess(status: CronJobStatus, job: Job): void {
  const completed = job.status?.completionTime;
  if (!status.lastSuccessfulTime) {
    if (completed) status.lastSuccessfulTime = completed;
    return;
  }
  if (completed && Date.parse(completed) > Date.parse(status.lastSuccessfulTime)) status.lastSuccessfulTime = completed;
}
