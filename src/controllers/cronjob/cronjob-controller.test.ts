import assert from "node:assert/strict";
import { test } from "node:test";
import type { CronJob, CronJobSpec, Job } from "kubernetes-types/batch/v1.js";
import type { Event } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { rfc3339 } from "../../util/clock.js";
import { RecordingEventRecorder } from "../runtime/recording-event-recorder.js";
import { CronJobController } from "./cronjob-controller.js";

/** Half a minute before 03:05 UTC. */
const start = Date.UTC(2026, 0, 2, 3, 4, 30);
const minute = (h: number, m: number): number => Date.UTC(2026, 0, 2, h, m) / 60_000;
const M = 60_000;

/** Moves the clock to a time of the day ("03:05:00.1" is just after the requeue of 03:05). */
function to(c: TestCluster, time: string): Promise<void> {
  return c.clock.advanceTo(Date.parse(`2026-01-02T${time}Z`));
}

interface Harness {
  readonly c: TestCluster;
  readonly events: RecordingEventRecorder;
  readonly errors: unknown[];
  /** Starts a controller (again, after stop(): a restart); "written" leaves it its own recorder, writing Events. */
  startController(opts?: { events?: "recorded" | "written" }): Promise<void>;
  stopController(): Promise<void>;
}

async function withCluster(fn: (h: Harness) => Promise<void>): Promise<void> {
  const c = await openTestCluster(start);
  const events = new RecordingEventRecorder();
  const errors: unknown[] = [];
  let running: { controller: CronJobController; factory: InformerFactory } | undefined;
  const h: Harness = {
    c,
    events,
    errors,
    async startController(opts = {}) {
      const factory = new InformerFactory(c.client, { clock: c.clock });
      const controller = new CronJobController({
        client: c.client,
        clock: c.clock,
        factory,
        ...(opts.events === "written" ? {} : { recorder: events }),
        localTimeZone: "UTC",
        onError: (_k, e) => errors.push(e),
      });
      factory.start();
      assert.equal(await controller.start(), true);
      running = { controller, factory };
    },
    async stopController() {
      await running?.controller.stop();
      running?.factory.stop();
      running = undefined;
    },
  };
  try {
    await h.startController();
    await fn(h);
    assert.deepEqual(errors, []);
  } finally {
    await h.stopController();
    await c.close();
  }
}

function cronJob(name: string, spec: Partial<CronJobSpec> = {}): CronJob {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: "default" },
    spec: {
      schedule: "*/1 * * * *",
      jobTemplate: {
        metadata: { labels: { app: name } },
        spec: { backoffLimit: 1, template: { spec: { containers: [{ name: "c", image: "nginx:1.12", command: ["sleep", "40"] }], restartPolicy: "Never" } } },
      },
      ...spec,
    },
  };
}

async function jobNames(c: TestCluster): Promise<string[]> {
  return (await c.client.list<Job>(refs.jobs, "default")).items.map((j) => j.metadata.name).sort();
}

const getCronJob = (c: TestCluster, name: string): Promise<Stored<CronJob>> => c.client.get<CronJob>(refs.cronJobs, "default", name);

/** Finishes a Job as the Job controller would, at the clock's now, started when it was created. */
async function finish(c: TestCluster, name: string, outcome: "Complete" | "Failed"): Promise<void> {
  const job = await c.client.get<Job>(refs.jobs, "default", name);
  const now = rfc3339(c.clock.now());
  const condition = (type: string) => ({ type, status: "True", lastProbeTime: now, lastTransitionTime: now });
  job.status = {
    ...job.status,
    startTime: job.metadata.creationTimestamp,
    ...(outcome === "Complete"
      ? { completionTime: now, succeeded: 1, conditions: [condition("SuccessCriteriaMet"), condition("Complete")] }
      : { failed: 1, conditions: [condition("FailureTarget"), condition("Failed")] }),
  };
  await c.client.update(refs.jobs, job, { subresource: "status" });
}

test("a */1 CronJob creates the job of each minute, named by the minute, labelled, annotated and owned, and lists it", async () => {
  await withCluster(async ({ c, events }) => {
    const cj = await c.client.create(refs.cronJobs, cronJob("sample"));
    await to(c, "03:05:00.000");
    assert.deepEqual(await jobNames(c), [], "nothing runs before the first minute (and its 100 ms of margin)");
    await to(c, "03:05:00.100");
    const name = `sample-${minute(3, 5)}`;
    assert.deepEqual(await jobNames(c), [name]);
    const job = await c.client.get<Job>(refs.jobs, "default", name);
    assert.equal(job.metadata.labels?.app, "sample");
    assert.equal(job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"], "2026-01-02T03:05:00Z");
    assert.deepEqual(job.metadata.ownerReferences, [{ apiVersion: "batch/v1", kind: "CronJob", name: "sample", uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const status = (await getCronJob(c, "sample")).status;
    assert.equal(status?.lastScheduleTime, "2026-01-02T03:05:00Z");
    assert.deepEqual(status?.active?.map((r) => [r.kind, r.name, r.uid]), [["Job", name, job.metadata.uid]]);
    await to(c, "03:07:00.100");
    assert.deepEqual(await jobNames(c), [name, `sample-${minute(3, 6)}`, `sample-${minute(3, 7)}`]);
    assert.deepEqual(events.lines(), [5, 6, 7].map((m) => `Normal SuccessfulCreate Created job sample-${minute(3, m)}`));
  });
});

test("finished jobs leave the active list, lastSuccessfulTime follows the latest success, and history limits delete the oldest", async () => {
  await withCluster(async ({ c, events }) => {
    await c.client.create(refs.cronJobs, cronJob("hist", { successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }));
    for (let i = 0; i < 4; i++) {
      await to(c, `03:0${5 + i}:20`);
      await finish(c, `hist-${minute(3, 5 + i)}`, i === 1 ? "Failed" : "Complete");
    }
    await to(c, "03:09:00.100");
    // 03:05 ok, 03:06 failed, 03:07 ok, 03:08 ok (and 03:09 just started): the oldest success is gone.
    assert.deepEqual(await jobNames(c), [6, 7, 8, 9].map((m) => `hist-${minute(3, m)}`));
    const status = (await getCronJob(c, "hist")).status;
    assert.deepEqual(status?.active?.map((r) => r.name), [`hist-${minute(3, 9)}`]);
    assert.equal(status?.lastSuccessfulTime, "2026-01-02T03:08:20Z");
    const lines = events.lines().filter((l) => !l.includes("SuccessfulCreate"));
    assert.deepEqual(lines, [
      `Normal SawCompletedJob Saw completed job: hist-${minute(3, 5)}, condition: Complete`,
      `Normal SawCompletedJob Saw completed job: hist-${minute(3, 6)}, condition: Failed`,
      `Normal SawCompletedJob Saw completed job: hist-${minute(3, 7)}, condition: Complete`,
      `Normal SuccessfulDelete Deleted job hist-${minute(3, 5)}`,
      `Normal SawCompletedJob Saw completed job: hist-${minute(3, 8)}, condition: Complete`,
    ]);
  });
});

test("Forbid skips a schedule time while a job runs; Replace deletes the running job and starts anew", async () => {
  await withCluster(async ({ c, events }) => {
    await c.client.create(refs.cronJobs, cronJob("forbid", { concurrencyPolicy: "Forbid", startingDeadlineSeconds: 30 }));
    await c.client.create(refs.cronJobs, cronJob("replace", { concurrencyPolicy: "Replace" }));
    await to(c, "03:07:00.100");
    assert.deepEqual(await jobNames(c), [`forbid-${minute(3, 5)}`, `replace-${minute(3, 7)}`]);
    const lines = events.lines();
    assert.equal(lines.filter((l) => l === "Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid").length, 2);
    assert.deepEqual(lines.filter((l) => l.includes("replace-")), [
      `Normal SuccessfulCreate Created job replace-${minute(3, 5)}`,
      `Normal SuccessfulDelete Deleted job replace-${minute(3, 5)}`,
      `Normal SuccessfulCreate Created job replace-${minute(3, 6)}`,
      `Normal SuccessfulDelete Deleted job replace-${minute(3, 6)}`,
      `Normal SuccessfulCreate Created job replace-${minute(3, 7)}`,
    ]);
    assert.deepEqual((await getCronJob(c, "replace")).status?.active?.map((r) => r.name), [`replace-${minute(3, 7)}`]);
    // The Forbid job finishes at 03:07:40, when the skipped 03:07 is older than the 30 s deadline.
    await to(c, "03:07:40");
    await finish(c, `forbid-${minute(3, 5)}`, "Complete");
    await to(c, "03:07:50");
    assert.deepEqual((await jobNames(c)).filter((n) => n.startsWith("forbid-")), [`forbid-${minute(3, 5)}`]);
    await to(c, "03:08:00.100");
    assert.deepEqual((await jobNames(c)).filter((n) => n.startsWith("forbid-")), [`forbid-${minute(3, 5)}`, `forbid-${minute(3, 8)}`]);
  });
});

test("Forbid without a deadline starts the skipped time as soon as the running job finishes", async () => {
  await withCluster(async ({ c }) => {
    await c.client.create(refs.cronJobs, cronJob("late", { concurrencyPolicy: "Forbid" }));
    await to(c, "03:06:20");
    await finish(c, `late-${minute(3, 5)}`, "Complete");
    await to(c, "03:06:21");
    assert.deepEqual(await jobNames(c), [`late-${minute(3, 5)}`, `late-${minute(3, 6)}`]);
  });
});

test("suspend stops new runs; resuming starts only a time still within the starting deadline", async () => {
  await withCluster(async ({ c }) => {
    const cj = await c.client.create(refs.cronJobs, cronJob("pause", { suspend: true, startingDeadlineSeconds: 30 }));
    await to(c, "03:08:20");
    assert.deepEqual(await jobNames(c), []);
    await c.client.update(refs.cronJobs, { ...cj, spec: { ...cj.spec!, suspend: false } });
    await to(c, "03:08:21");
    assert.deepEqual(await jobNames(c), [`pause-${minute(3, 8)}`], "03:08 is 21 s old: within the deadline");
  });
});

test("a job made just before a crash, its status update lost, is listed rather than made twice", async () => {
  await withCluster(async ({ c, events, stopController, startController }) => {
    const cj = await c.client.create(refs.cronJobs, cronJob("crash"));
    await stopController();
    await to(c, "03:05:00.100");
    const name = `crash-${minute(3, 5)}`;
    const template = cronJob("crash").spec!.jobTemplate!;
    await c.client.create<Job>(refs.jobs, {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name, namespace: "default", ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "crash", uid: cj.metadata.uid, controller: true }] },
      spec: template.spec!,
    });
    await startController();
    await to(c, "03:05:01");
    assert.deepEqual(await jobNames(c), [name]);
    const status = (await getCronJob(c, "crash")).status;
    assert.deepEqual(status?.active?.map((r) => r.name), [name]);
    assert.equal(status?.lastScheduleTime, "2026-01-02T03:05:00Z");
    assert.equal(events.lines().filter((l) => l.includes("SuccessfulCreate")).length, 0, "the controller made no job itself");
  });
});

test("after a restart, a tick missed by less than startingDeadlineSeconds still fires and one missed by more does not", async () => {
  await withCluster(async ({ c, stopController, startController }) => {
    await c.client.create(refs.cronJobs, cronJob("within", { startingDeadlineSeconds: 30 }));
    await c.client.create(refs.cronJobs, cronJob("beyond", { startingDeadlineSeconds: 10 }));
    await to(c, "03:04:50");
    await stopController();
    await to(c, "03:05:20");
    await startController();
    await to(c, "03:05:21");
    assert.deepEqual(await jobNames(c), [`within-${minute(3, 5)}`]);
  });
});

test("a job made with kubectl create job --from=cronjob is reported as unexpected and not listed", async () => {
  await withCluster(async ({ c, events }) => {
    const cj = await c.client.create(refs.cronJobs, cronJob("manual"));
    await c.client.create<Job>(refs.jobs, {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: "manual-run",
        namespace: "default",
        annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
        ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "manual", uid: cj.metadata.uid, controller: true }],
      },
      spec: cronJob("manual").spec!.jobTemplate!.spec!,
    });
    await c.clock.advance(1_000);
    assert.deepEqual(events.lines(), ["Warning UnexpectedJob Saw a job that the controller did not create or forgot: manual-run"]);
    assert.equal((await getCronJob(c, "manual")).status?.active, undefined);
  });
});

test("a batch/v1beta1 CronJob is scheduled like a batch/v1 one", async () => {
  await withCluster(async ({ c }) => {
    await c.client.create(refs.cronJobsV1beta1, { ...cronJob("old"), apiVersion: "batch/v1beta1" });
    await to(c, "03:05:00.100");
    assert.deepEqual(await jobNames(c), [`old-${minute(3, 5)}`]);
    const old = await c.client.get<CronJob>(refs.cronJobsV1beta1, "default", "old");
    assert.equal(old.apiVersion, "batch/v1beta1");
    assert.equal(old.status?.lastScheduleTime, "2026-01-02T03:05:00Z");
  });
});

test("events are written as core/v1 Events about the CronJob, from cronjob-controller", async () => {
  await withCluster(async ({ c, stopController, startController }) => {
    await stopController();
    await startController({ events: "written" });
    await c.client.create(refs.cronJobs, cronJob("evt"));
    await to(c, "03:05:00.100");
    const written = (await c.client.list<Event>(refs.events, "default")).items;
    const e = written.find((x) => x.reason === "SuccessfulCreate");
    assert.ok(e, JSON.stringify(written.map((x) => x.reason)));
    assert.equal(e.message, `Created job evt-${minute(3, 5)}`);
    assert.equal(e.involvedObject.kind, "CronJob");
    assert.equal(e.source?.component, "cronjob-controller");
  });
});
