import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Job, JobStatus } from "kubernetes-types/batch/v1.js";
import { formatFieldError } from "../field-errors.js";
import { clone } from "../object.js";
import { jobStrategy as strategy } from "./job.js";
import { createdJob } from "./testing/jobs.js";

const t0 = "2024-01-01T00:00:00Z";
const t1 = "2024-01-01T00:01:00Z";
const t2 = "2024-01-01T00:02:00Z";
const cond = (type: string, status = "True") => ({ type, status });
const succeeded: JobStatus = {
  startTime: t0,
  completionTime: t1,
  succeeded: 1,
  conditions: [cond("SuccessCriteriaMet"), cond("Complete")],
};

function statusErrors(c: { job?: (j: Job) => void; old: JobStatus; status: JobStatus }): string[] {
  const old = createdJob(c.job);
  Object.assign(old, { status: c.old });
  const updated = clone(old);
  Object.assign(updated, { status: c.status });
  strategy.status!.prepareForUpdate(updated, old);
  return strategy.status!.validateUpdate(updated, old).map(formatFieldError);
}

describe("Job status updates (ValidateJobUpdateStatus, v1.32 with JobManagedBy)", () => {
  const cases: Array<{ name: string; job?: (j: Job) => void; old: JobStatus; status: JobStatus; want: string[] }> = [
    { name: "a job starting", old: {}, status: { startTime: t0, active: 1, ready: 0 }, want: [] },
    { name: "a job completing as the controller does it", old: { startTime: t0, active: 1 }, status: succeeded, want: [] },
    {
      name: "Complete without SuccessCriteriaMet",
      old: { startTime: t0, active: 1 },
      status: { ...succeeded, conditions: [cond("Complete")] },
      want: ["status.conditions: Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition"],
    },
    {
      name: "Complete without completionTime",
      old: { startTime: t0, active: 1 },
      status: { ...succeeded, completionTime: undefined },
      want: ["status.completionTime: Required value: completionTime is required for Complete jobs"],
    },
    {
      name: "Complete with pods still active",
      old: { startTime: t0, active: 1 },
      status: { ...succeeded, active: 1 },
      want: ["status.active: Invalid value: 1: active>0 is invalid for finished job"],
    },
    {
      name: "Failed without FailureTarget",
      old: { startTime: t0, active: 1 },
      status: { startTime: t0, failed: 7, conditions: [cond("Failed")] },
      want: ["status.conditions: Invalid value: cannot set Failed=True condition without the FailureTarget=true condition"],
    },
    {
      name: "Failed after FailureTarget",
      old: { startTime: t0, failed: 6, conditions: [cond("FailureTarget")] },
      status: { startTime: t0, failed: 7, conditions: [cond("FailureTarget"), cond("Failed")] },
      want: [],
    },
    {
      name: "a terminal condition taken back",
      old: succeeded,
      status: { startTime: t0, succeeded: 1, completionTime: t1 },
      want: [
        "status.completionTime: Invalid value: 2024-01-01 00:01:00 +0000 UTC: cannot set completionTime when there is no Complete=True condition",
        "status.conditions: Invalid value: cannot disable the terminal Complete=True condition",
        "status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True condition",
      ],
    },
    {
      name: "completionTime mutated",
      old: succeeded,
      status: { ...succeeded, completionTime: t2 },
      want: ["status.completionTime: Invalid value: 2024-01-01 00:02:00 +0000 UTC: completionTime cannot be mutated"],
    },
    {
      name: "completionTime before startTime",
      old: { startTime: t1, active: 1 },
      status: { ...succeeded, startTime: t1, completionTime: t0 },
      want: ["status.completionTime: Invalid value: 2024-01-01 00:00:00 +0000 UTC: completionTime cannot be set before startTime"],
    },
    {
      name: "the failed counter going down",
      old: { startTime: t0, failed: 2, active: 1 },
      status: { startTime: t0, failed: 1, active: 1 },
      want: ["status.failed: Invalid value: 1: cannot decrease the failed counter"],
    },
    {
      name: "the succeeded counter going down",
      job: (j) => Object.assign(j.spec!, { completions: 3 }),
      old: { startTime: t0, succeeded: 2, active: 1 },
      status: { startTime: t0, succeeded: 1, active: 1 },
      want: ["status.succeeded: Invalid value: 1: cannot decrease the succeeded counter"],
    },
    {
      name: "more ready than active",
      old: { startTime: t0, active: 1, ready: 0 },
      status: { startTime: t0, active: 1, ready: 2 },
      want: ["status.ready: Invalid value: 2: cannot set more ready pods than active"],
    },
    { name: "a negative count", old: {}, status: { active: -1 }, want: ["status.active: Invalid value: -1: must be greater than or equal to 0"] },
    {
      name: "startTime removed from a running job",
      old: { startTime: t0, active: 1 },
      status: { active: 1 },
      want: ["status.startTime: Required value: startTime cannot be removed for unsuspended job"],
    },
    {
      name: "startTime moved when a job resumes (Suspended True to False), as fixed in v1.32.10",
      old: { startTime: t0, conditions: [cond("Suspended")] },
      status: { startTime: t1, active: 1, conditions: [cond("Suspended", "False")] },
      want: [],
    },
    {
      name: "startTime moved while a job stays suspended-in-status but runs",
      old: { startTime: t0, conditions: [cond("Suspended")] },
      status: { startTime: t1, active: 1, conditions: [cond("Suspended")] },
      want: ["status.startTime: Required value: startTime cannot be removed for unsuspended job"],
    },
    {
      name: "completed indexes on a NonIndexed job",
      old: { startTime: t0, active: 1 },
      status: { startTime: t0, active: 1, completedIndexes: "0" },
      want: ['status.completedIndexes: Invalid value: "0": cannot set non-empty completedIndexes when non-indexed completion mode'],
    },
    {
      name: "completed indexes beyond completions",
      job: (j) => Object.assign(j.spec!, { completionMode: "Indexed", completions: 3, parallelism: 3 }),
      old: { startTime: t0, active: 3 },
      status: { startTime: t0, active: 2, completedIndexes: "0,5" },
      want: ['status.completedIndexes: Invalid value: "0,5": error parsing completedIndexes: too large index: "5"'],
    },
    {
      name: "failed indexes overlapping completed ones",
      job: (j) => Object.assign(j.spec!, { completionMode: "Indexed", completions: 5, parallelism: 5, backoffLimitPerIndex: 1 }),
      old: { startTime: t0, active: 5 },
      status: { startTime: t0, active: 2, completedIndexes: "0-2", failedIndexes: "2,4" },
      want: ['status.failedIndexes: Invalid value: "2,4": failedIndexes and completedIndexes overlap at index: 2'],
    },
    {
      name: "duplicate uncounted pods",
      old: { startTime: t0, active: 2 },
      status: { startTime: t0, active: 0, uncountedTerminatedPods: { succeeded: ["a"], failed: ["a"] } },
      want: ['status.uncountedTerminatedPods.failed[0]: Duplicate value: "a"'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(statusErrors(c), c.want));
  }
});
