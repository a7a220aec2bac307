import type { CronJob, Job } from "kubernetes-types/batch/v1.js";
import { controllerRef, type KubeObject, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { Lister } from "../../client/lister.js";
import { isActive } from "./active-jobs.js";
import { finishedCondition } from "./job-state.js";
import type { Observed } from "./plan-types.js";

/** The job informer's index of Jobs by the CronJob controlling them ("namespace/name"). */
export const byCronJobIndex = "cronjob";

/**
 * upstream's getJobsToBeReconciled keys Jobs by their controller's name alone; tinykube also
 * requires the controller to be a CronJob, so a Job of another kind of owner is never touched.
 */
export function cronJobOf(job: KubeObject): string[] {
  const ref = controllerRef(job);
  if (!ref || ref.kind !== "CronJob") return [];
  return [`${job.metadata?.namespace ?? ""}/${ref.name}`];
}

export interface ObserveDeps {
  readonly client: Client;
  readonly jobs: Lister<Job>;
  readonly localTimeZone: string;
}

/**
 * What plan() needs about one CronJob, reading the server where the caches may lag as upstream
 * does: the CronJob again when it does not list a running Job of its own (its status update may
 * not have reached the cache yet), and each listed Job the cache does not have. Undefined when the
 * CronJob is gone.
 */
export async function observe(cached: Stored<CronJob>, deps: ObserveDeps): Promise<Observed | undefined> {
  const { namespace, name } = cached.metadata;
  const jobs = deps.jobs.byIndex(byCronJobIndex, `${namespace ?? ""}/${name}`).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  let cronJob = cached;
  const unlisted = jobs.some((j) => finishedCondition(j) === undefined && !isActive(cached.status ?? {}, j.metadata.uid));
  if (unlisted) {
    const fresh = await getOrUndefined<CronJob>(deps.client, { kind: "cronjob", namespace, name });
    if (!fresh || fresh.metadata.uid !== cached.metadata.uid) return undefined;
    cronJob = fresh;
  }
  const missingActive = new Set<string>();
  const cachedUids = new Set(jobs.map((j) => j.metadata.uid));
  for (const ref of cronJob.status?.active ?? []) {
    if (ref.uid !== undefined && cachedUids.has(ref.uid)) continue;
    // Asked of the server: a slow job watch must not make a running job look gone.
    const job = await getOrUndefined<Job>(deps.client, { kind: "job", namespace: ref.namespace, name: ref.name ?? "" });
    if (!job) missingActive.add(ref.uid ?? "");
  }
  return { cronJob, jobs, missingActive, localTimeZone: deps.localTimeZone };
}

async function getOrUndefined<T extends KubeObject>(client: Client, what: { kind: "cronjob" | "job"; namespace: string | undefined; name: string }): Promise<Stored<T> | undefined> {
  try {
    return await client.get<T>(what.kind === "job" ? refs.jobs : refs.cronJobs, what.namespace, what.name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
