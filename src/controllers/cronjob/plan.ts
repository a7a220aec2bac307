import type { CronJobStatus } from "kubernetes-types/batch/v1.js";
import { reconcileActiveJobs, removeActive } from "./active-jobs.js";
import { jobsBeyondHistory } from "./history.js";
import type { Observed, Plan, Step } from "./plan-types.js";
import { planScheduling } from "./scheduling.js";

/**
 * What one sync of a CronJob does (upstream's sync: cleanupFinishedJobs, then syncCronJob), as a
 * value: no client, no clock, no recorder. Deletes of finished Jobs are assumed to succeed (they are
 * finished, so they leave status.active either way).
 */
export function plan(observed: Observed, now: number): Plan {
  const cj = observed.cronJob;
  const beyond = jobsBeyondHistory(cj, observed.jobs);
  // A copy deep enough for what the plan changes: the active list and the times.
  const status: CronJobStatus = { ...cj.status, ...(cj.status?.active ? { active: [...cj.status.active] } : {}) };
  for (const job of beyond) removeActive(status, job.metadata.uid);
  const reconciled = reconcileActiveJobs({ status, jobs: observed.jobs, missingActive: observed.missingActive });
  const scheduling = planScheduling({ cronJob: cj, status: reconciled.status, now, localTimeZone: observed.localTimeZone });
  const steps: Step[] = [...beyond.map((job) => ({ kind: "delete-finished" as const, job })), ...reconciled.events, ...scheduling.steps];
  const p = { steps, status: reconciled.status, waitingFor: scheduling.waitingFor };
  return scheduling.requeueAfterMs === undefined ? p : { ...p, requeueAfterMs: scheduling.requeueAfterMs };
}
