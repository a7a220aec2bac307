// plan() driven over whole virtual days against an in-memory world: Jobs run for a while and
// finish, the plan's steps are applied as the controller would, and invariants are checked after
// every sync. No server: this is the schedule and policy logic alone, at a minute per step.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { CronJob, CronJobSpec, CronJobStatus, Job } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { rfc3339 } from "../../util/clock.js";
import { isActive, removeActive } from "./active-jobs.js";
import { finishedCondition } from "./job-state.js";
import { plan } from "./plan.js";

const start = Date.UTC(2026, 0, 2, 0, 0, 30);
const day = 24 * 60 * 60_000;

interface SimJob {
  job: Stored<Job>;
  finishAt: number;
  outcome: "Complete" | "Failed";
}

interface Tally {
  created: string[];
  deletedRunning: number;
  reasons: Map<string, number>;
  maxRunning: number;
}

interface RunOptions {
  spec: Partial<CronJobSpec>;
  /** How long the job of a scheduled minute runs, and how it ends. */
  run: (minute: number) => { ms: number; outcome: "Complete" | "Failed" };
  /** Checked after every sync. */
  invariant?: (jobs: readonly SimJob[], status: CronJobStatus) => void;
}

function newCronJob(spec: Partial<CronJobSpec>): Stored<CronJob> {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "sim", namespace: "default", uid: "cj", resourceVersion: "1", creationTimestamp: rfc3339(start) },
    spec: { schedule: "*/1 * * * *", concurrencyPolicy: "Allow", successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template: {} } }, ...spec },
    status: {},
  };
}

function finishDue(jobs: SimJob[], now: number): void {
  for (const j of jobs) {
    if (finishedCondition(j.job) || j.finishAt > now) continue;
    const done = rfc3339(j.finishAt);
    j.job.status = { ...j.job.status, conditions: [{ type: j.outcome, status: "True" }], ...(j.outcome === "Complete" ? { completionTime: done } : {}) };
  }
}

/** Runs the CronJob for a virtual day, waking at each requeue and each job's end, as the controller does. */
function simulateDay(o: RunOptions): Tally {
  const cj = newCronJob(o.spec);
  let jobs: SimJob[] = [];
  const tally: Tally = { created: [], deletedRunning: 0, reasons: new Map(), maxRunning: 0 };
  let uid = 0;
  let wake = start;
  let requeue: number | undefined;
  while (wake <= start + day) {
    const now = wake;
    finishDue(jobs, now);
    const p = plan({ cronJob: cj, jobs: jobs.map((j) => j.job), missingActive: new Set(), localTimeZone: "UTC" }, now);
    const status = structuredClone(p.status);
    for (const step of p.steps) {
      if (step.kind === "event") tally.reasons.set(step.reason, (tally.reasons.get(step.reason) ?? 0) + 1);
      if (step.kind === "delete-finished") jobs = jobs.filter((j) => j.job.metadata.uid !== step.job.metadata.uid);
      if (step.kind === "delete-active") {
        const gone = jobs.find((j) => j.job.metadata.name === step.ref.name)!;
        if (!finishedCondition(gone.job)) tally.deletedRunning++;
        jobs = jobs.filter((j) => j !== gone);
        removeActive(status, gone.job.metadata.uid);
      }
      if (step.kind === "create") {
        const name = step.job.metadata!.name!;
        assert.ok(!jobs.some((j) => j.job.metadata.name === name), `${name} is created once`);
        const job = { ...step.job, metadata: { ...step.job.metadata!, name, uid: `u${uid++}`, resourceVersion: "1", creationTimestamp: rfc3339(now) } } as Stored<Job>;
        job.status = { startTime: rfc3339(now) };
        const r = o.run(step.scheduledTime / 60_000);
        jobs.push({ job, finishAt: now + r.ms, outcome: r.outcome });
        (status.active ??= []).push({ kind: "Job", name, namespace: "default", uid: job.metadata.uid });
        status.lastScheduleTime = rfc3339(step.scheduledTime);
        tally.created.push(name);
      }
    }
    cj.status = status;
    checkCommon(cj, jobs);
    const running = jobs.filter((j) => !finishedCondition(j.job)).length;
    tally.maxRunning = Math.max(tally.maxRunning, running);
    o.invariant?.(jobs, status);
    requeue = p.requeueAfterMs === undefined ? undefined : now + p.requeueAfterMs;
    const nextFinish = Math.min(...jobs.filter((j) => !finishedCondition(j.job) && j.finishAt > now).map((j) => j.finishAt));
    wake = Math.min(requeue ?? Infinity, nextFinish);
    assert.ok(wake > now, "time moves forward");
  }
  return tally;
}

/** What holds for every CronJob after every sync: history within its limits, and active = the running jobs listed. */
function checkCommon(cj: Stored<CronJob>, jobs: readonly SimJob[]): void {
  const count = (c: string): number => jobs.filter((j) => finishedCondition(j.job) === c).length;
  assert.ok(count("Complete") <= (cj.spec?.successfulJobsHistoryLimit ?? Infinity), "successful history limit holds");
  assert.ok(count("Failed") <= (cj.spec?.failedJobsHistoryLimit ?? Infinity), "failed history limit holds");
  for (const j of jobs) {
    assert.equal(isActive(cj.status ?? {}, j.job.metadata.uid), !finishedCondition(j.job), `${j.job.metadata.name} is listed exactly while it runs`);
  }
}

const everyOther = (minute: number): "Complete" | "Failed" => (minute % 2 === 0 ? "Complete" : "Failed");

test("the seed's CronJob (Allow, 40 s jobs, half failing) over a virtual day: 1,440 jobs, one per minute, history 5 and 3", () => {
  const t = simulateDay({
    spec: { startingDeadlineSeconds: 30, successfulJobsHistoryLimit: 5, failedJobsHistoryLimit: 3 },
    run: (m) => ({ ms: 40_000, outcome: everyOther(m) }),
  });
  assert.equal(t.created.length, 1440);
  assert.equal(new Set(t.created).size, 1440);
  const first = Date.UTC(2026, 0, 2, 0, 1) / 60_000;
  assert.deepEqual([t.created[0], t.created.at(-1)], [`sim-${first}`, `sim-${first + 1439}`]);
  assert.equal(t.maxRunning, 1);
  assert.equal(t.reasons.get("SawCompletedJob"), 1439);
});

test("Allow with 90 s jobs runs two at once, never more", () => {
  const t = simulateDay({ spec: {}, run: () => ({ ms: 90_000, outcome: "Complete" }) });
  assert.equal(t.created.length, 1440);
  assert.equal(t.maxRunning, 2);
});

test("Forbid with 90 s jobs and a 30 s deadline starts every other minute and says why it skips the rest", () => {
  const t = simulateDay({
    spec: { concurrencyPolicy: "Forbid", startingDeadlineSeconds: 30 },
    run: () => ({ ms: 90_000, outcome: "Complete" }),
    invariant: (jobs) => assert.ok(jobs.filter((j) => !finishedCondition(j.job)).length <= 1, "never two at once"),
  });
  assert.equal(t.created.length, 720);
  assert.equal(t.reasons.get("JobAlreadyActive"), 720);
});

test("Forbid without a deadline starts a skipped minute late, as soon as the running job ends", () => {
  const t = simulateDay({
    spec: { concurrencyPolicy: "Forbid" },
    run: () => ({ ms: 90_000, outcome: "Complete" }),
    invariant: (jobs) => assert.ok(jobs.filter((j) => !finishedCondition(j.job)).length <= 1, "never two at once"),
  });
  // Each job starts 30 s late at the end of the previous one: one per 90 s.
  assert.equal(t.created.length, 960);
});

test("Replace with 90 s jobs starts one every minute and deletes its running predecessor", () => {
  const t = simulateDay({
    spec: { concurrencyPolicy: "Replace" },
    run: () => ({ ms: 90_000, outcome: "Complete" }),
    invariant: (jobs) => assert.ok(jobs.filter((j) => !finishedCondition(j.job)).length <= 1, "never two at once"),
  });
  assert.equal(t.created.length, 1440);
  assert.equal(t.deletedRunning, 1439);
  assert.equal(t.reasons.get("SawCompletedJob"), undefined, "no job lives to finish");
});

test("hourly at minute 30 in a time zone with a half-hour offset runs 24 times a day, on the zone's half hours", () => {
  const t = simulateDay({ spec: { schedule: "30 * * * *", timeZone: "Asia/Kolkata" }, run: () => ({ ms: 1_000, outcome: "Complete" }) });
  assert.equal(t.created.length, 24);
  // 30 past in Kolkata (+05:30) is on the hour in UTC.
  assert.ok(t.created.every((n) => Number(n.slice(4)) % 60 === 0));
});
