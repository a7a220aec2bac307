import type { CronJob, CronJobStatus } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { rfc3339 } from "../../util/clock.js";
import { type CronSchedule, CronScheduleError, parseSchedule, timeZoneError } from "../../util/cron.js";
import { LruCache } from "../../util/lru-cache.js";
import { rfc1123zUtc } from "./go-time.js";
import { jobFromTemplate, jobName } from "./job-template.js";
import { event, type Step } from "./plan-types.js";
import { nextScheduleTime, nextScheduleTimeDuration } from "./schedule-times.js";

export interface SchedulingInput {
  readonly cronJob: Stored<CronJob>;
  /** The status after the Jobs were reconciled. */
  readonly status: CronJobStatus;
  readonly now: number;
  readonly localTimeZone: string;
}

export interface SchedulingResult {
  readonly steps: Step[];
  readonly requeueAfterMs?: number;
  readonly waitingFor: string;
}

/** The schedule as robfig should read it, with a warning when TZ= is written into it (upstream's formatSchedule). */
function formatSchedule(cj: CronJob): { text: string; steps: Step[] } {
  const schedule = cj.spec?.schedule ?? "";
  if (schedule.includes("TZ")) {
    const message = `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`;
    return { text: schedule, steps: [event("Warning", "UnsupportedSchedule", message)] };
  }
  const zone = cj.spec?.timeZone;
  return { text: zone != null && timeZoneError(zone) === undefined ? `TZ=${zone} ${schedule}` : schedule, steps: [] };
}

/** Parsed schedules by zone and text: every sync of every CronJob needs one, and they seldom change. */
const parsedSchedules = new LruCache<CronSchedule>(4096);

function parseCached(text: string, timeZone: string): CronSchedule {
  const key = `${timeZone} ${text}`;
  let schedule = parsedSchedules.get(key);
  if (!schedule) {
    schedule = memoized(parseSchedule(text, { timeZone }));
    parsedSchedules.set(key, schedule);
  }
  return schedule;
}

/**
 * Remembers recent next() answers: a sync asks for the same few times (after the last schedule
 * time, after the one after it) over and over until the next schedule time passes.
 */
function memoized(schedule: CronSchedule): CronSchedule {
  const nexts = new Map<number, number | undefined>();
  return {
    timeZone: schedule.timeZone,
    prev: (before) => schedule.prev(before),
    next(after) {
      if (nexts.has(after)) return nexts.get(after);
      if (nexts.size >= 64) nexts.clear();
      const t = schedule.next(after);
      nexts.set(after, t);
      return t;
    },
  };
}

/** The CronJob's schedule parsed as upstream's controller parses it, or the event saying why not. */
export function parseCronJobSchedule(cj: CronJob, localTimeZone: string): { schedule: CronSchedule; steps: Step[] } | { steps: Step[] } {
  const { text, steps } = formatSchedule(cj);
  try {
    return { schedule: parseCached(text, localTimeZone), steps };
  } catch (err) {
    if (!(err instanceof CronScheduleError)) throw err;
    const message = `unparseable schedule: ${JSON.stringify(cj.spec?.schedule ?? "")} : ${err.message}`;
    return { steps: [...steps, event("Warning", "UnparseableSchedule", message)] };
  }
}

function untilNext(cj: CronJob, now: number, schedule: CronSchedule): { requeueAfterMs: number; waitingFor: string } {
  const ms = nextScheduleTimeDuration(cj, now, schedule);
  return { requeueAfterMs: ms, waitingFor: `the next schedule time, ${rfc3339(now + ms)}` };
}

/**
 * The second half of upstream's syncCronJob: whether a schedule time is due and may start, under
 * the starting deadline and the concurrency policy, and the Job to create for it.
 */
export function planScheduling(input: SchedulingInput): SchedulingResult {
  const { cronJob: cj, status, now } = input;
  if (cj.metadata.deletionTimestamp) return { steps: [], waitingFor: "nothing: the CronJob is being deleted" };
  const zone = cj.spec?.timeZone;
  const zoneError = zone == null ? undefined : timeZoneError(zone);
  if (zoneError !== undefined) {
    const message = `invalid timeZone: ${JSON.stringify(zone)}: ${zoneError}`;
    return { steps: [event("Warning", "UnknownTimeZone", message)], waitingFor: "a valid spec.timeZone" };
  }
  if (cj.spec?.suspend) return { steps: [], waitingFor: "spec.suspend to be false" };
  const parsed = parseCronJobSchedule(cj, input.localTimeZone);
  if (!("schedule" in parsed)) return { steps: parsed.steps, waitingFor: "a parsable spec.schedule" };
  const { schedule } = parsed;
  const steps = [...parsed.steps];
  const current: CronJob = { ...cj, status };
  const due = nextScheduleTime(current, now, schedule);
  if (due.error !== undefined) {
    steps.push(event("Warning", "InvalidSchedule", `invalid schedule: ${cj.spec?.schedule ?? ""} : ${due.error}`));
    return { steps, waitingFor: "a valid spec.schedule" };
  }
  if (due.tooManyMissed) {
    steps.push(event("Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
  }
  const scheduledTime = due.time;
  if (scheduledTime === undefined) return { steps, ...untilNext(current, now, schedule) };
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline != null && scheduledTime + deadline * 1000 < now) {
    steps.push(event("Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123zUtc(scheduledTime)}`));
    return { steps, ...untilNext(current, now, schedule) };
  }
  const name = jobName(cj.metadata.name, scheduledTime);
  const active = status.active ?? [];
  const last = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : undefined;
  if (active.some((r) => r.name === name && r.namespace === cj.metadata.namespace) || last === scheduledTime) {
    return { steps, ...untilNext(current, now, schedule) };
  }
  const policy = cj.spec?.concurrencyPolicy;
  if (policy === "Forbid" && active.length > 0) {
    steps.push(event("Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid"));
    return { steps, ...untilNext(current, now, schedule) };
  }
  if (policy === "Replace") for (const ref of active) steps.push({ kind: "delete-active", ref });
  steps.push({ kind: "create", job: jobFromTemplate(cj, scheduledTime), scheduledTime });
  const after: CronJob = { ...cj, status: { ...status, lastScheduleTime: rfc3339(scheduledTime) } };
  return { steps, ...untilNext(after, now, schedule) };
}
