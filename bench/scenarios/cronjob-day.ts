// 100 CronJobs "*/1 * * * *" (the seed's, history 5 and 3) over a virtual day on the production
// registry (SQLite in a file), the CronJob controller writing its Events, and a stand-in for the Job
// controller that ends each Job 40 s after it appears, every other minute's as a failure.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { CronJob, Job } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../src/api/object.js";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import type { Client } from "../../src/client/client.js";
import { InProcessClient } from "../../src/client/in-process-client.js";
import { InformerFactory } from "../../src/client/informer-factory.js";
import { startCronJobController } from "../../src/controllers/cronjob/cronjob-controller.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { openProductionStore } from "../lib/production-store.js";
import { rfc3339 } from "../../src/util/clock.js";
import { VirtualClock } from "../../src/util/virtual-clock.js";
import { sampleRss } from "../lib/rss.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";

const CRONJOBS = 100;
const HOURS = 24;
const BUDGET_WALL_S = 120;
const BUDGET_RSS_MB = 500;
/** The whole stack is slower by an order of magnitude: an hour of it, not a day. */
const FULL_STACK_HOURS = 1;
const start = Date.UTC(2026, 0, 2, 0, 0, 30);

function seedCronJob(name: string): CronJob {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: "default" },
    spec: {
      schedule: "*/1 * * * *",
      concurrencyPolicy: "Allow",
      startingDeadlineSeconds: 30,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          completions: 1,
          parallelism: 1,
          backoffLimit: 1,
          template: { spec: { containers: [{ name: "sleep-container", image: "nginx:1.12", command: ["sh", "-c"], args: ["sleep 40"] }], restartPolicy: "Never" } },
        },
      },
    },
  };
}

/** Ends each new Job 40 s (virtual) after it appears, as the Job controller would report it. */
function standInJobRunner(client: Client, informers: InformerFactory, clock: VirtualClock): void {
  const finish = async (job: Stored<Job>): Promise<void> => {
    const release = clock.busy();
    try {
      const now = rfc3339(clock.now());
      const c = (type: string) => ({ type, status: "True", lastProbeTime: now, lastTransitionTime: now });
      const minute = Number(job.metadata.name.slice(job.metadata.name.lastIndexOf("-") + 1));
      const ok = minute % 2 === 0;
      const status = ok
        ? { startTime: job.metadata.creationTimestamp, completionTime: now, succeeded: 1, conditions: [c("SuccessCriteriaMet"), c("Complete")] }
        : { startTime: job.metadata.creationTimestamp, failed: 1, conditions: [c("FailureTarget"), c("Failed")] };
      await client.update<Job>(refs.jobs, { ...job, status }, { subresource: "status" }).catch(() => undefined);
    } finally {
      release();
    }
  };
  informers.informerFor<Job>(refs.jobs).addEventHandler({
    onAdd: (job) => {
      if (!job.status?.conditions?.length) clock.setTimeout(() => void client.get<Job>(refs.jobs, "default", job.metadata.name).then(finish, () => undefined), 40_000);
    },
  });
}

export interface DayOptions {
  readonly hours: number;
  readonly cronJobs: number;
}

async function runDay(context: ScenarioContext, dir: string, o: DayOptions) {
  const { hours: HOURS, cronJobs: CRONJOBS } = o;
  const clock = new VirtualClock(start);
  const store = await openProductionStore(dir, clock);
  const registry = createRegistry({ store, resources: servedResources(), clock });
  await ensureSystemNamespaces(registry);
  const client = new InProcessClient(registry, { userAgent: "bench" });
  const informers = new InformerFactory(client, { clock });
  const created = new Set<string>();
  let maxKept = 0;
  const jobs = informers.informerFor<Job>(refs.jobs);
  jobs.addEventHandler({ onAdd: (j) => created.add(j.metadata.name) });
  const controller = startCronJobController({ client, clock, factory: informers, localTimeZone: "UTC", onError: () => undefined });
  standInJobRunner(client, informers, clock);
  informers.start();
  await informers.waitForSync();
  const rss = sampleRss({ intervalMs: 250 });
  const began = performance.now();
  try {
    for (let i = 0; i < CRONJOBS; i++) await client.create(refs.cronJobs, seedCronJob(`cron-${i}`));
    for (let h = 1; h <= HOURS; h++) {
      await clock.advanceTo(start + h * 3_600_000);
      rss.sample();
      const perCronJob = new Map<string, number>();
      for (const j of jobs.lister.list()) perCronJob.set(j.metadata.ownerReferences?.[0]?.name ?? "", (perCronJob.get(j.metadata.ownerReferences?.[0]?.name ?? "") ?? 0) + 1);
      maxKept = Math.max(maxKept, ...perCronJob.values());
      const revision = Number(await store.currentRevision());
      context.progress({ virtualHours: h, jobsCreated: created.size, writesPerJob: round(revision / created.size, 1), jobsKept: jobs.lister.list().length, wallS: round((performance.now() - began) / 1000), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) });
    }
    const wallS = (performance.now() - began) / 1000;
    const cronJobs = (await client.list<CronJob>(refs.cronJobs, "default")).items;
    return { wallS, rss: rss.stop(), created: created.size, jobsKept: jobs.lister.list().length, maxKept, scheduledNow: cronJobs.filter((c) => c.status?.lastScheduleTime === rfc3339(start + HOURS * 3_600_000 - 30_000)).length };
  } finally {
    await controller.stop();
    informers.stop();
    await store.close();
  }
}

/**
 * The whole of tinykube (startCluster: every controller, the scheduler, the node agent on the
 * simulated runtime, the garbage collector) on a virtual clock, driven over HTTPS: the seed's
 * CronJobs with their real "sleep 40; … | egrep …" pods.
 */
async function runFullStack(context: ScenarioContext, dir: string, o: DayOptions) {
  const { startCluster } = await import("../../src/cli/start-cluster.js");
  const { HttpClient } = await import("../../src/client/http-client.js");
  const seed = await import("node:fs").then((fs) => fs.readFileSync("/work/shared/seed/sample-cronjob.yaml", "utf8"));
  const { parse } = await import("yaml");
  const cluster = await startCluster({ dataDir: join(dir, "data"), port: 0, kubeconfig: join(dir, "kubeconfig"), store: "sqlite", runtime: "simulated", clock: "virtual" });
  const clock = cluster.clock as VirtualClock;
  const client = new HttpClient({ server: cluster.url, caCert: cluster.kubeconfig.caCert, token: cluster.kubeconfig.token, userAgent: "bench" });
  const created = new Set<string>();
  const listed = await client.list<Job>(refs.jobs, "default");
  const watch = await client.watch<Job>(refs.jobs, "default", { resourceVersion: listed.metadata.resourceVersion }, (e) => {
    if (e.type === "ADDED") created.add(e.object.metadata.name);
  });
  const rss = sampleRss({ intervalMs: 250 });
  const began = performance.now();
  try {
    const manifest = parse(seed) as CronJob;
    for (let i = 0; i < o.cronJobs; i++) {
      await client.create(refs.cronJobsV1beta1, { ...manifest, metadata: { name: `seed-${i}`, namespace: "default" } });
    }
    const from = clock.now();
    for (let h = 1; h <= o.hours; h++) {
      await clock.advanceTo(from + h * 3_600_000);
      rss.sample();
      const jobs = await client.list<Job>(refs.jobs, "default");
      context.progress({ stack: "full", virtualHours: h, jobsCreated: created.size, jobsKept: jobs.items.length, wallS: round((performance.now() - began) / 1000), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) });
    }
    const cronJobs = (await client.list<CronJob>(refs.cronJobs, "default")).items;
    const lastMinute = Math.floor(clock.now() / 60_000) * 60_000;
    const onSchedule = cronJobs.filter((c) => Date.parse(c.status?.lastScheduleTime ?? "") === lastMinute).length;
    return { wallS: (performance.now() - began) / 1000, rss: rss.stop(), onSchedule, created: created.size };
  } finally {
    watch.stop();
    client.close();
    await cluster.stop();
  }
}

/** The whole stack for a few virtual hours (see runFullStack). */
export function runFullStackHours(context: ScenarioContext, o: DayOptions): ReturnType<typeof runFullStack> {
  return withTempDir((dir) => runFullStack(context, dir, o));
}

/** The scenario's run, smaller: for profiling and quick checks. */
export function runCronJobDays(context: ScenarioContext, o: DayOptions): ReturnType<typeof runDay> {
  return withTempDir((dir) => runDay(context, dir, o));
}

export const cronjobDay: Scenario = {
  name: "cronjob-day",
  description:
    `${CRONJOBS} CronJobs "*/1 * * * *" (history 5/3) over a virtual ${HOURS} h: the CronJob controller with its Events on the production ` +
    `registry (SQLite file), a stand-in Job runner ending each Job 40 s after it starts (half fail); then ${FULL_STACK_HOURS} virtual h of the whole ` +
    `stack (tinykube up's components, the seed's pods on the simulated runtime). Budget ≤ ${BUDGET_WALL_S} s wall, ≤ ${BUDGET_RSS_MB} MB RSS; ratio = wall s ÷ ${BUDGET_WALL_S}`,
  async run(context) {
    const r = await withTempDir((dir) => runDay(context, dir, { hours: HOURS, cronJobs: CRONJOBS }));
    const full = await runFullStackHours(context, { hours: FULL_STACK_HOURS, cronJobs: CRONJOBS });
    return {
      cronJobs: CRONJOBS,
      virtualHours: HOURS,
      jobsCreated: r.created,
      jobsExpected: CRONJOBS * HOURS * 60,
      jobsKeptAtEnd: r.jobsKept,
      maxJobsKeptPerCronJob: r.maxKept,
      cronJobsOnScheduleAtEnd: r.scheduledNow,
      wallS: round(r.wallS),
      rssMaxMb: Math.round(r.rss.maxMb),
      rssMedianMb: Math.round(r.rss.medianMb),
      jobsPerWallS: round(r.created / r.wallS),
      fullStack: {
        virtualHours: FULL_STACK_HOURS,
        jobsCreated: full.created,
        cronJobsOnScheduleAtEnd: full.onSchedule,
        wallS: round(full.wallS),
        rssMaxMb: Math.round(full.rss.maxMb),
        jobsPerWallS: round(full.created / full.wallS),
      },
      ratio: round(r.wallS / BUDGET_WALL_S),
    };
  },
};
