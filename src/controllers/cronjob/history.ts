import type { CronJob, Job } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { byJobStartTime, finishedCondition } from "./job-state.js";

/**
 * upstream's cleanupFinishedJobs: of the finished Jobs, those beyond successfulJobsHistoryLimit
 * (Complete) and failedJobsHistoryLimit (Failed), oldest start first. No limit set keeps them all.
 */
export function jobsBeyondHistory(cj: CronJob, jobs: readonly Stored<Job>[]): Stored<Job>[] {
  const succeeded = jobs.filter((j) => finishedCondition(j) === "Complete");
  const failed = jobs.filter((j) => finishedCondition(j) === "Failed");
  return [...oldest(succeeded, cj.spec?.successfulJobsHistoryLimit), ...oldest(failed, cj.spec?.failedJobsHistoryLimit)];
}

function oldest(jobs: Stored<Job>[], limit: number | undefined | null): Stored<Job>[] {
  if (limit == null || jobs.length <= limit) return [];
  return [...jobs].sort(byJobStartTime).slice(0, jobs.length - limit);
}
