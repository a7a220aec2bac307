// upstream's utils.go time arithmetic (mostRecentScheduleTime, nextScheduleTimeDuration,
// nextScheduleTime) over util/cron's robfig-compatible schedules, in milliseconds.
import type { CronJob } from "kubernetes-types/batch/v1.js";
import type { CronSchedule } from "../../util/cron.js";

/** upstream's nextScheduleDelta: requeues land this long after a schedule time, against clock skew. */
export const nextScheduleDeltaMs = 100;

/** Go's zero time.Time (January 1, year 1, UTC): what robfig's Next returns when nothing matches. */
export const goZeroTime = -62135596800000;

/** How many schedule times passed unmet: upstream's missedSchedulesType. */
export type MissedSchedules = "none" | "few" | "many";

export interface MostRecent {
  /** The last schedule time, or the CronJob's creation, or (with the deadline) the earliest start still allowed. */
  readonly earliestTime: number;
  /** The latest schedule time not after now and after earliestTime, if any. */
  readonly mostRecentTime: number | undefined;
  readonly missed: MissedSchedules;
  /** Set for a schedule that parses but never runs twice a second apart (Feb 31). */
  readonly error?: string;
}

/** robfig's Next, with its zero time for "never". */
function next(schedule: CronSchedule, t: number): number {
  if (t === goZeroTime) return goZeroTime;
  return schedule.next(t) ?? goZeroTime;
}

function parseTime(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The time schedule times are counted from: lastScheduleTime, else the creation time. */
function lastKnownTime(cj: CronJob): number {
  return parseTime(cj.status?.lastScheduleTime) ?? parseTime(cj.metadata?.creationTimestamp) ?? goZeroTime;
}

export interface MostRecentOptions {
  /** Start no earlier than now - startingDeadlineSeconds (upstream's includeStartingDeadlineSeconds). */
  readonly withDeadline: boolean;
}

/**
 * upstream's mostRecentScheduleTime: counts the schedule times missed since earliestTime by the
 * gap between its next two, then walks only the last couple of gaps to find the latest one.
 */
export function mostRecentScheduleTime(cj: CronJob, now: number, schedule: CronSchedule, options: MostRecentOptions): MostRecent {
  let earliestTime = lastKnownTime(cj);
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (options.withDeadline && deadline != null) earliestTime = Math.max(earliestTime, now - deadline * 1000);
  const t1 = next(schedule, earliestTime);
  const t2 = next(schedule, t1);
  if (now < t1) return { earliestTime, mostRecentTime: undefined, missed: "none" };
  if (now < t2) return { earliestTime, mostRecentTime: t1, missed: "none" };
  // An impossible date (31st of February) gives the zero time twice: no gap between them.
  const between = Math.round((t2 - t1) / 1000);
  if (!(between >= 1)) {
    return { earliestTime, mostRecentTime: undefined, missed: "none", error: "time difference between two schedules is less than 1 second" };
  }
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  // One gap further back than the estimate, so uneven schedules (30 6-16/4 * * 1-5) are still found.
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  let mostRecentTime: number | undefined;
  for (let t = next(schedule, potentialEarliest); t !== goZeroTime && t <= now; t = next(schedule, t)) mostRecentTime = t;
  const missed: MissedSchedules = missedCount > 100 ? "many" : "few";
  return { earliestTime, mostRecentTime, missed };
}

/**
 * upstream's nextScheduleTimeDuration: how long until the schedule time after the most recent one
 * (or after now, when times were missed), plus the skew delta.
 */
export function nextScheduleTimeDuration(cj: CronJob, now: number, schedule: CronSchedule): number {
  const r = mostRecentScheduleTime(cj, now, schedule, { withDeadline: false });
  let from: number;
  if (r.error !== undefined) from = now;
  else if (r.mostRecentTime !== undefined) from = r.mostRecentTime;
  else from = r.missed === "none" ? r.earliestTime : now;
  return next(schedule, from) + nextScheduleDeltaMs - now;
}

export interface NextScheduleTime {
  /** The unmet schedule time to start a job for, if any. */
  readonly time: number | undefined;
  /** More than 100 times were missed: upstream warns (TooManyMissedTimes) and starts the latest. */
  readonly tooManyMissed: boolean;
  readonly error?: string;
}

/** upstream's nextScheduleTime: the latest unmet time within the starting deadline. */
export function nextScheduleTime(cj: CronJob, now: number, schedule: CronSchedule): NextScheduleTime {
  const r = mostRecentScheduleTime(cj, now, schedule, { withDeadline: true });
  const base = r.error === undefined ? {} : { error: r.error };
  if (r.mostRecentTime === undefined || r.mostRecentTime > now) return { time: undefined, tooManyMissed: false, ...base };
  return { time: r.mostRecentTime, tooManyMissed: r.missed === "many", ...base };
}
