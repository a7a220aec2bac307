import assert from "node:assert/strict";
import { test } from "node:test";
import type { CronJob, CronJobSpec, Job } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { plan } from "./plan.js";
import type { Observed, Plan } from "./plan-types.js";
import { jobFromTemplate } from "./job-template.js";

// The times of upstream's cronjob_controllerv2_test.go.
const at = (s: string): number => Date.parse(s);
const justBeforeThePriorHour = at("2016-05-19T08:59:00Z");
const justAfterThePriorHour = at("2016-05-19T09:01:00Z");
const justBeforeTheHour = at("2016-05-19T09:59:00Z");
const topOfTheHour = at("2016-05-19T10:00:00Z");
const justAfterTheHour = at("2016-05-19T10:01:00Z");
const justBeforeTheNextHour = at("2016-05-19T10:59:00Z");
const weekAfterTheHour = at("2016-05-26T10:00:00Z");
const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const delta = 100;
const shortDead = 10;
const mediumDead = 2 * 60 * 60;
const longDead = 1_000_000;
const onTheHour = "0 * * * ?";
const everyHour = "@every 1h";

function cronJob(spec: Partial<CronJobSpec>, over: { created?: number; lastScheduleTime?: number } = {}): Stored<CronJob> {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "mycronjob", namespace: "snazzycats", uid: "1a2b3c", resourceVersion: "1", creationTimestamp: iso(over.created ?? justBeforeTheHour) },
    spec: {
      schedule: onTheHour,
      concurrencyPolicy: "Allow",
      jobTemplate: { metadata: { labels: { a: "b" }, annotations: { x: "y" } }, spec: { template: { spec: { containers: [{ name: "c", image: "foo/bar" }] } } } },
      ...spec,
    },
    status: over.lastScheduleTime === undefined ? {} : { lastScheduleTime: iso(over.lastScheduleTime) },
  };
}

/** A Job the CronJob made for a schedule time, as upstream's test builds it; finished 10 s after it was made. */
function ownJob(cj: Stored<CronJob>, scheduled: number, state: "running" | "Complete" | "Failed"): Stored<Job> {
  const job = jobFromTemplate(cj, scheduled) as Stored<Job>;
  job.metadata.uid = `uid-${scheduled}`;
  job.metadata.resourceVersion = "5";
  job.metadata.creationTimestamp = iso(scheduled);
  job.status = { startTime: iso(scheduled) };
  if (state !== "running") {
    job.status.conditions = [{ type: state, status: "True" }];
    if (state === "Complete") job.status.completionTime = iso(scheduled + 10 * S);
  }
  return job;
}

function activeRef(job: Stored<Job>): { kind: string; namespace: string; name: string; uid: string; apiVersion: string; resourceVersion: string } {
  return { kind: "Job", namespace: job.metadata.namespace!, name: job.metadata.name, uid: job.metadata.uid, apiVersion: "batch/v1", resourceVersion: "5" };
}

type History = "never ran" | "ran, done" | "still active";

interface Case {
  name: string;
  spec?: Partial<CronJobSpec>;
  history: History;
  created?: number;
  lastScheduleTime?: number;
  jobTime?: number;
  now: number;
  /** Steps in order: "create mycronjob-…", "delete-active …", "Warning Reason". */
  steps: string[];
  requeueAfterMs?: number;
}

function observe(c: Case): Observed {
  const ran = c.history !== "never ran";
  const cj = cronJob(c.spec ?? {}, {
    created: c.created ?? (ran ? justBeforeThePriorHour : justBeforeTheHour),
    ...(ran ? { lastScheduleTime: c.lastScheduleTime ?? justAfterThePriorHour } : {}),
  });
  const jobs: Stored<Job>[] = [];
  if (ran) {
    const job = ownJob(cj, c.jobTime ?? justAfterThePriorHour, c.history === "still active" ? "running" : "Complete");
    jobs.push(job);
    // The finished job is still listed: the controller has not seen it finish yet.
    cj.status!.active = [activeRef(job)];
  }
  return { cronJob: cj, jobs, missingActive: new Set(), localTimeZone: "UTC" };
}

function describeSteps(p: Plan): string[] {
  return p.steps.map((s) => {
    switch (s.kind) {
      case "event":
        return `${s.type} ${s.reason}`;
      case "create":
        return `create ${s.job.metadata!.name}`;
      case "delete-active":
        return `delete-active ${s.ref.name}`;
      case "delete-finished":
        return `delete-finished ${s.job.metadata.name}`;
    }
  });
}

const minuteName = (t: number): string => `create mycronjob-${t / M}`;

const cases: Case[] = [
  { name: "an unparsable schedule is reported and not retried", spec: { schedule: "obvious error schedule" }, history: "never ran", now: justBeforeTheHour, steps: ["Warning UnparseableSchedule"] },
  { name: "an unknown time zone is reported and not retried", spec: { timeZone: "bad timezone" }, history: "never ran", now: justBeforeTheHour, steps: ["Warning UnknownTimeZone"] },
  { name: "before the first schedule time nothing starts and the controller looks again just after it", history: "never ran", now: justBeforeTheHour, steps: [], requeueAfterMs: M + delta },
  { name: "in a time zone, the wait is counted in that zone", spec: { timeZone: "America/New_York" }, history: "never ran", now: justBeforeTheHour, steps: [], requeueAfterMs: M + delta },
  { name: "at the schedule time the job of that time is created", history: "never ran", now: justAfterTheHour, steps: [minuteName(topOfTheHour)], requeueAfterMs: H - M + delta },
  { name: "Forbid starts a job when none runs", spec: { concurrencyPolicy: "Forbid" }, history: "never ran", now: justAfterTheHour, steps: [minuteName(topOfTheHour)], requeueAfterMs: H - M + delta },
  { name: "TZ= in the schedule is warned about and still obeyed", spec: { schedule: `TZ=UTC ${onTheHour}`, timeZone: "America/New_York" }, history: "never ran", now: justAfterTheHour, steps: ["Warning UnsupportedSchedule", minuteName(topOfTheHour)], requeueAfterMs: H - M + delta },
  { name: "a suspended CronJob starts nothing and waits for a change", spec: { suspend: true }, history: "never ran", now: justAfterTheHour, steps: [] },
  {
    name: "a schedule time older than startingDeadlineSeconds is skipped without an event",
    spec: { startingDeadlineSeconds: shortDead },
    history: "never ran",
    now: justAfterTheHour + 11 * M,
    steps: [],
    requeueAfterMs: H - M - 11 * M + delta,
  },
  { name: "a schedule time within a long deadline starts", spec: { startingDeadlineSeconds: longDead }, history: "never ran", now: justAfterTheHour, steps: [minuteName(topOfTheHour)], requeueAfterMs: H - M + delta },
  { name: "a finished job leaves the active list before the schedule time", history: "ran, done", now: justBeforeTheHour, steps: ["Normal SawCompletedJob"], requeueAfterMs: M + delta },
  { name: "after a finished run the next schedule time starts a job", history: "ran, done", now: justAfterTheHour, steps: ["Normal SawCompletedJob", minuteName(topOfTheHour)], requeueAfterMs: H - M + delta },
  { name: "after a finished run a suspended CronJob only updates its status", spec: { suspend: true }, history: "ran, done", now: justAfterTheHour, steps: ["Normal SawCompletedJob"] },
  {
    name: "after a finished run the schedule time past a short deadline is skipped",
    spec: { startingDeadlineSeconds: shortDead },
    history: "ran, done",
    now: justAfterTheHour,
    steps: ["Normal SawCompletedJob"],
    requeueAfterMs: H - M + delta,
  },
  { name: "Allow starts the next job beside a running one", history: "still active", now: justAfterTheHour, steps: [minuteName(topOfTheHour)], requeueAfterMs: H - M + delta },
  {
    name: "Forbid does not start while a job runs, says so, and looks again at the next time",
    spec: { concurrencyPolicy: "Forbid" },
    history: "still active",
    now: justAfterTheHour,
    steps: ["Normal JobAlreadyActive"],
    requeueAfterMs: H - M + delta,
  },
  {
    name: "Replace deletes the running job, then starts the new one",
    spec: { concurrencyPolicy: "Replace" },
    history: "still active",
    now: justAfterTheHour,
    steps: [`delete-active mycronjob-${justAfterThePriorHour / M}`, minuteName(topOfTheHour)],
    requeueAfterMs: H - M + delta,
  },
  { name: "a running job before the schedule time changes nothing", spec: { concurrencyPolicy: "Replace" }, history: "still active", now: justBeforeTheHour, steps: [], requeueAfterMs: M + delta },
  {
    name: "more than 100 missed times are warned about and only the latest starts",
    history: "ran, done",
    now: weekAfterTheHour,
    steps: ["Normal SawCompletedJob", "Warning TooManyMissedTimes", minuteName(weekAfterTheHour)],
    requeueAfterMs: H + delta,
  },
  {
    name: "a week of missed times within a medium deadline starts only the latest, without a warning",
    spec: { startingDeadlineSeconds: mediumDead },
    history: "ran, done",
    now: weekAfterTheHour,
    steps: ["Normal SawCompletedJob", minuteName(weekAfterTheHour)],
    requeueAfterMs: H + delta,
  },
  {
    name: "a week late with a short deadline still starts the time that is due right now",
    spec: { startingDeadlineSeconds: shortDead },
    history: "ran, done",
    now: weekAfterTheHour,
    steps: ["Normal SawCompletedJob", minuteName(weekAfterTheHour)],
    requeueAfterMs: H + delta,
  },
  {
    name: "a finished job from after now (the clock drifted back) starts nothing early",
    spec: { concurrencyPolicy: "Forbid" },
    history: "ran, done",
    jobTime: justAfterTheHour,
    now: justBeforeTheHour,
    steps: ["Normal SawCompletedJob"],
    requeueAfterMs: M + delta,
  },
  {
    name: "@every never ran: the first time is an interval after creation",
    spec: { schedule: everyHour },
    history: "never ran",
    created: justBeforeThePriorHour,
    now: justBeforeTheHour,
    steps: [minuteName(justBeforeTheHour)],
    requeueAfterMs: H + delta,
  },
  {
    name: "@every, still active, is time: Allow starts a second job",
    spec: { schedule: everyHour },
    history: "still active",
    created: justBeforeThePriorHour,
    lastScheduleTime: justBeforeThePriorHour,
    jobTime: justBeforeThePriorHour,
    now: justAfterTheHour,
    steps: [minuteName(justBeforeTheHour)],
    requeueAfterMs: H - 2 * M + delta,
  },
  {
    name: "@every, prev ran, past a short deadline: nothing starts",
    spec: { schedule: everyHour, startingDeadlineSeconds: shortDead },
    history: "ran, done",
    created: justBeforeThePriorHour,
    lastScheduleTime: justBeforeTheHour,
    jobTime: justBeforeThePriorHour,
    now: justBeforeTheNextHour + (shortDead + 1) * S,
    steps: ["Normal SawCompletedJob"],
    requeueAfterMs: H - (shortDead + 1) * S + delta,
  },
  {
    name: "a schedule that can never run (31 February) is an invalid schedule",
    spec: { schedule: "0 0 31 2 *" },
    history: "never ran",
    now: justAfterTheHour,
    steps: ["Warning InvalidSchedule"],
  },
];

for (const c of cases) {
  test(`plan: ${c.name}`, () => {
    const p = plan(observe(c), c.now);
    assert.deepEqual(describeSteps(p), c.steps);
    assert.equal(p.requeueAfterMs, c.requeueAfterMs);
  });
}

test("plan: event messages carry upstream's wording", () => {
  const wording = (c: Case): string[] => plan(observe(c), c.now).steps.flatMap((s) => (s.kind === "event" ? [s.message] : []));
  const base = { history: "never ran" as const, now: justAfterTheHour, steps: [] };
  assert.deepEqual(wording({ ...base, name: "", spec: { schedule: "obvious error schedule" } }), [
    'unparseable schedule: "obvious error schedule" : expected exactly 5 fields, found 3: [obvious error schedule]',
  ]);
  assert.deepEqual(wording({ ...base, name: "", spec: { timeZone: "bad timezone" } }), ['invalid timeZone: "bad timezone": unknown time zone bad timezone']);
  assert.deepEqual(wording({ ...base, name: "", spec: { schedule: "0 0 31 2 *" } }), ["invalid schedule: 0 0 31 2 * : time difference between two schedules is less than 1 second"]);
  assert.deepEqual(wording({ ...base, name: "", spec: { schedule: `TZ=UTC ${onTheHour}` } }), [
    'CRON_TZ or TZ used in schedule "TZ=UTC 0 * * * ?" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
  ]);
  assert.deepEqual(wording({ name: "", history: "ran, done", now: justBeforeTheHour, steps: [] }), [`Saw completed job: mycronjob-${justAfterThePriorHour / M}, condition: Complete`]);
  assert.deepEqual(wording({ name: "", history: "still active", spec: { concurrencyPolicy: "Forbid" }, now: justAfterTheHour, steps: [] }), [
    "Not starting job because prior execution is running and concurrency policy is Forbid",
  ]);
  assert.deepEqual(wording({ name: "", history: "ran, done", now: weekAfterTheHour, steps: [] }).slice(1), [
    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
  ]);
});

test("plan: the status drops finished jobs, moves lastSuccessfulTime forward and keeps lastScheduleTime for the create to set", () => {
  const o = observe({ name: "", history: "ran, done", now: justAfterTheHour, steps: [] });
  const p = plan(o, justAfterTheHour);
  assert.deepEqual(p.status, { lastScheduleTime: iso(justAfterThePriorHour), lastSuccessfulTime: iso(justAfterThePriorHour + 10 * S) });
});

test("plan: lastSuccessfulTime never moves back to an older completion", () => {
  const o = observe({ name: "", history: "ran, done", now: justBeforeTheHour, steps: [] });
  o.cronJob.status!.lastSuccessfulTime = iso(justBeforeTheHour);
  assert.equal(plan(o, justBeforeTheHour).status.lastSuccessfulTime, iso(justBeforeTheHour));
});

test("plan: a running job the CronJob does not list is reported as unexpected, a listed job gone from the server as missing", () => {
  const cj = cronJob({}, { created: justBeforeThePriorHour, lastScheduleTime: justAfterThePriorHour });
  const manual = ownJob(cj, justAfterThePriorHour, "running");
  manual.metadata.name = "mycronjob-manual-x";
  manual.metadata.uid = "manual";
  const gone = ownJob(cj, justAfterThePriorHour, "running");
  cj.status!.active = [activeRef(gone)];
  const p = plan({ cronJob: cj, jobs: [manual], missingActive: new Set([gone.metadata.uid]), localTimeZone: "UTC" }, justBeforeTheHour);
  assert.deepEqual(
    p.steps.map((s) => (s.kind === "event" ? `${s.reason}: ${s.message}` : s.kind)),
    ["UnexpectedJob: Saw a job that the controller did not create or forgot: mycronjob-manual-x", `MissingJob: Active job went missing: ${gone.metadata.name}`],
  );
  assert.equal(p.status.active, undefined);
});

test("plan: a listed job missing only from the cache (the server still has it) stays listed", () => {
  const c: Case = { name: "", history: "still active", now: justBeforeTheHour, steps: [] };
  const o = observe(c);
  const p = plan({ ...o, jobs: [] }, justBeforeTheHour);
  assert.deepEqual(describeSteps(p), []);
  assert.equal(p.status.active?.length, 1);
});

test("plan: history limits delete the oldest finished jobs of each kind, and keep running ones", () => {
  const cj = cronJob({ successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }, { lastScheduleTime: justBeforeTheHour });
  const times = [0, 1, 2, 3, 4, 5, 6].map((i) => justAfterThePriorHour + i * M);
  const jobs = [
    ownJob(cj, times[3]!, "Complete"),
    ownJob(cj, times[0]!, "Complete"),
    ownJob(cj, times[1]!, "Failed"),
    ownJob(cj, times[2]!, "Complete"),
    ownJob(cj, times[4]!, "Failed"),
    ownJob(cj, times[5]!, "running"),
    ownJob(cj, times[6]!, "Failed"),
  ];
  cj.status!.active = [activeRef(jobs[5]!)];
  const p = plan({ cronJob: cj, jobs, missingActive: new Set(), localTimeZone: "UTC" }, justBeforeTheHour);
  const name = (i: number): string => `mycronjob-${times[i]! / M}`;
  assert.deepEqual(describeSteps(p), [`delete-finished ${name(0)}`, `delete-finished ${name(1)}`, `delete-finished ${name(4)}`]);
});

test("plan: a job already listed under the due time's name is not created again", () => {
  const cj = cronJob({}, { created: justBeforeThePriorHour, lastScheduleTime: justAfterThePriorHour });
  const running = ownJob(cj, topOfTheHour, "running");
  cj.status!.active = [activeRef(running)];
  const p = plan({ cronJob: cj, jobs: [running], missingActive: new Set(), localTimeZone: "UTC" }, justAfterTheHour);
  assert.deepEqual(describeSteps(p), []);
  assert.equal(p.requeueAfterMs, H - M + delta);
});

test("plan: a CronJob being deleted still reconciles its jobs but starts nothing", () => {
  const o = observe({ name: "", history: "ran, done", now: justAfterTheHour, steps: [] });
  Object.assign(o.cronJob.metadata, { deletionTimestamp: iso(justBeforeTheHour) });
  const p = plan(o, justAfterTheHour);
  assert.deepEqual(describeSteps(p), ["Normal SawCompletedJob"]);
  assert.equal(p.requeueAfterMs, undefined);
});
