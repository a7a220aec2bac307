// One file past 300 lines because it mirrors one upstream package (robfig/cron v3): its parser,
// its schedule search, and the bits of Go's time package (Date, AddDate, ParseDuration) it
// relies on; split, each part would only make sense next to the others.
/**
 * CronJob schedules as upstream reads them: robfig/cron v3's ParseStandard (five fields or a
 * descriptor, an optional TZ=/CRON_TZ= prefix) and its SpecSchedule.Next, ported rather than
 * delegated to cron-parser, which accepts 4 and 6 fields, accepts weekday 7, rejects Feb 30, runs
 * a job shifted into a daylight-saving gap and only once in an overlap, where robfig skips the
 * gap and runs twice in the overlap. Error messages are robfig's, since validation shows them.
 */

/** A schedule robfig would reject; message is robfig's error text. */
export class CronScheduleError extends Error {
  override readonly name = "CronScheduleError";
}

export interface CronSchedule {
  /** The IANA zone the schedule runs in. */
  readonly timeZone: string;
  /** The first activation strictly after afterMs, or undefined if none within five years (robfig's zero time). */
  next(afterMs: number): number | undefined;
  /** The last activation strictly before beforeMs, or undefined if none within about eight years. */
  prev(beforeMs: number): number | undefined;
}

export interface ParseScheduleOptions {
  /** IANA zone; a TZ= prefix in the text wins. Default: this process's zone, as upstream's time.Local. */
  timeZone?: string;
}

/** Parses a schedule like cron.ParseStandard; throws CronScheduleError with robfig's message. */
export function parseSchedule(text: string, options: ParseScheduleOptions = {}): CronSchedule {
  if (text.length === 0) throw new CronScheduleError("empty spec string");
  let spec = text;
  let zoneName = options.timeZone ?? localZone();
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    const end = space < 0 ? spec.length : space;
    const name = spec.slice(spec.indexOf("=") + 1, end);
    const err = timeZoneError(name);
    if (err) throw new CronScheduleError(`provided bad location ${name}: ${err}`);
    zoneName = name === "" ? "UTC" : name;
    spec = spec.slice(end).trim();
  }
  const zone = new Zone(zoneName);
  if (spec.startsWith("@")) return parseDescriptor(spec, zone);
  const fields = spec.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    throw new CronScheduleError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  }
  const [minute, hour, dom, month, dow] = fields.map((f, i) => parseField(f, bounds[i]!));
  return specSchedule({ second: only(0), minute: minute!, hour: hour!, dom: dom!, month: month!, dow: dow! }, zone);
}

/** robfig's error text for a schedule, or undefined when it parses. */
export function scheduleError(text: string, options: ParseScheduleOptions = {}): string | undefined {
  try {
    parseSchedule(text, options);
    return undefined;
  } catch (err) {
    if (err instanceof CronScheduleError) return err.message;
    throw err;
  }
}

/**
 * Go's time.LoadLocation error for name, or undefined if it loads. Go reads zoneinfo files
 * by exact name, so a name ICU knows only in other letter case is unknown.
 */
export function timeZoneError(name: string): string | undefined {
  if (name === "" || name === "UTC" || name === "Local") return undefined;
  const unknown = `unknown time zone ${name}`;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return unknown;
  }
  if (resolved === name) return undefined;
  if (resolved.toLowerCase() === name.toLowerCase()) return unknown;
  return name.split("/").every((part) => /^[A-Z]/.test(part)) ? undefined : unknown;
}

function localZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

interface Field {
  readonly values: ReadonlySet<number>;
  /** Written as * or ? (without a step > 1): switches day matching from OR to AND. */
  readonly star: boolean;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const monthNames = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const dayNames = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Bounds of minute, hour, day of month, month, day of week, in schedule order. */
const bounds: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: monthNames },
  { min: 0, max: 6, names: dayNames },
];

function only(v: number): Field {
  return { values: new Set([v]), star: false };
}

function all(b: Bounds): Field {
  return { values: range(b.min, b.max, 1), star: true };
}

function range(start: number, end: number, step: number): Set<number> {
  const out = new Set<number>();
  for (let i = start; i <= end; i += step) out.add(i);
  return out;
}

function parseField(field: string, b: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(",").filter((e) => e !== "")) {
    const r = parseRange(expr, b);
    for (const v of r.values) values.add(v);
    star ||= r.star;
  }
  return { values, star };
}

function parseRange(expr: string, b: Bounds): Field {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  let start: bigint;
  let end: bigint;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    [start, end, star] = [BigInt(b.min), BigInt(b.max), true];
  } else {
    start = parseIntOrName(lowAndHigh[0]!, b.names);
    if (lowAndHigh.length > 2) throw new CronScheduleError(`too many hyphens: ${expr}`);
    end = lowAndHigh.length === 2 ? parseIntOrName(lowAndHigh[1]!, b.names) : start;
  }
  let step = 1n;
  if (rangeAndStep.length > 2) throw new CronScheduleError(`too many slashes: ${expr}`);
  if (rangeAndStep.length === 2) {
    step = parseNonNegative(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = BigInt(b.max);
    if (step > 1n) star = false;
  }
  if (start < BigInt(b.min)) throw new CronScheduleError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > BigInt(b.max)) throw new CronScheduleError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0n) throw new CronScheduleError(`step of range should be a positive number: ${expr}`);
  return { values: range(Number(start), Number(end), Number(step)), star };
}

function parseIntOrName(expr: string, names: Readonly<Record<string, number>> | undefined): bigint {
  const named = names?.[expr.toLowerCase()];
  return named === undefined ? parseNonNegative(expr) : BigInt(named);
}

/** robfig's mustParseInt over Go's strconv.Atoi. */
function parseNonNegative(expr: string): bigint {
  if (!/^[+-]?\d+$/.test(expr)) {
    throw new CronScheduleError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  }
  const n = BigInt(expr);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) {
    throw new CronScheduleError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  }
  if (n < 0n) throw new CronScheduleError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseDescriptor(spec: string, zone: Zone): CronSchedule {
  const [, hour, dom, month, dow] = bounds.map(all) as [Field, Field, Field, Field, Field];
  const atMidnight = { second: only(0), minute: only(0), hour: only(0) };
  switch (spec) {
    case "@yearly":
    case "@annually":
      return specSchedule({ ...atMidnight, dom: only(1), month: only(1), dow }, zone);
    case "@monthly":
      return specSchedule({ ...atMidnight, dom: only(1), month, dow }, zone);
    case "@weekly":
      return specSchedule({ ...atMidnight, dom, month, dow: only(0) }, zone);
    case "@daily":
    case "@midnight":
      return specSchedule({ ...atMidnight, dom, month, dow }, zone);
    case "@hourly":
      return specSchedule({ second: only(0), minute: only(0), hour, dom, month, dow }, zone);
  }
  const every = "@every ";
  if (spec.startsWith(every)) {
    const text = spec.slice(every.length);
    const ms = parseGoDuration(text);
    if (typeof ms === "string") throw new CronScheduleError(`failed to parse duration ${spec}: ${ms}`);
    return everySchedule(ms, zone);
  }
  throw new CronScheduleError(`unrecognized descriptor: ${spec}`);
}

const durationUnits: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds, or its error text. */
function parseGoDuration(orig: string): number | string {
  const invalid = `time: invalid duration ${JSON.stringify(orig)}`;
  let s = orig;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s.startsWith("-") ? -1 : 1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return invalid;
  let total = 0;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === "" || (m[1] === "" && !m[2])) return invalid;
    s = s.slice(m[0].length);
    const unit = /^[^.\d]*/.exec(s)![0];
    if (unit === "") return `time: missing unit in duration ${JSON.stringify(orig)}`;
    const scale = durationUnits[unit];
    if (scale === undefined) return `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(orig)}`;
    s = s.slice(unit.length);
    total += Number(`${m[1] || "0"}.${m[2] ?? "0"}`) * scale;
  }
  return sign * total;
}

interface Spec {
  readonly second: Field;
  readonly minute: Field;
  readonly hour: Field;
  readonly dom: Field;
  readonly month: Field;
  readonly dow: Field;
}

/** Wall-clock fields of an instant in a zone. */
interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

/** The time-of-day part of a wall clock at midnight. */
const midnight = { hour: 0, minute: 0, second: 0 } as const;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** robfig's ConstantDelaySchedule: at least a second, whole seconds, from the time it is asked. */
function everySchedule(ms: number, zone: Zone): CronSchedule {
  const delay = ms < SECOND ? SECOND : ms - (ms % SECOND);
  return {
    timeZone: zone.name,
    next: (after) => Math.floor(after / SECOND) * SECOND + delay,
    // Any whole second can be an activation, depending on when next() is asked.
    prev: (before) => Math.ceil(before / SECOND) * SECOND - SECOND,
  };
}

function specSchedule(spec: Spec, zone: Zone): CronSchedule {
  const next = (after: number): number | undefined => nextActivation(spec, zone, after);
  return { timeZone: zone.name, next, prev: (before) => prevActivation(next, before) };
}

function dayMatches(spec: Spec, w: Wall): boolean {
  const domMatch = spec.dom.values.has(w.day);
  const dowMatch = spec.dow.values.has(w.weekday);
  return spec.dom.star || spec.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
}

/**
 * SpecSchedule.Next: from the next whole second, advance month, day, hour, minute, second
 * until each matches, wrapping to re-check the larger fields. Hours and smaller step in
 * real time, so a daylight-saving gap is skipped and an overlap is visited twice.
 */
function nextActivation(spec: Spec, zone: Zone, after: number): number | undefined {
  let t = Math.floor(after / SECOND) * SECOND + SECOND;
  let added = false;
  const yearLimit = zone.wall(t).year + 5;
  wrap: for (;;) {
    let w = zone.wall(t);
    if (w.year > yearLimit) return undefined;
    while (!spec.month.values.has(w.month)) {
      if (!added) [added, t] = [true, zone.date({ ...midnight, year: w.year, month: w.month, day: 1 })];
      t = zone.addDate(t, { months: 1 });
      w = zone.wall(t);
      if (w.month === 1) continue wrap;
    }
    while (!dayMatches(spec, w)) {
      if (!added) [added, t] = [true, zone.date({ ...w, ...midnight })];
      t = zone.addDate(t, { days: 1 });
      w = zone.wall(t);
      // Where midnight does not exist, land on it anyway as robfig does.
      if (w.hour !== 0) {
        t += (w.hour > 12 ? 24 - w.hour : -w.hour) * HOUR;
        w = zone.wall(t);
      }
      if (w.day === 1) continue wrap;
    }
    while (!spec.hour.values.has(w.hour)) {
      if (!added) [added, t] = [true, zone.date({ ...w, minute: 0, second: 0 })];
      t += HOUR;
      w = zone.wall(t);
      if (w.hour === 0) continue wrap;
    }
    while (!spec.minute.values.has(w.minute)) {
      if (!added) [added, t] = [true, Math.floor(t / MINUTE) * MINUTE];
      t += MINUTE;
      w = zone.wall(t);
      if (w.minute === 0) continue wrap;
    }
    while (!spec.second.values.has(w.second)) {
      if (!added) [added, t] = [true, Math.floor(t / SECOND) * SECOND];
      t += SECOND;
      w = zone.wall(t);
      if (w.second === 0) continue wrap;
    }
    return t;
  }
}

/** The latest next() result before `before`, looking back over doubling windows. */
function prevActivation(next: (after: number) => number | undefined, before: number): number | undefined {
  for (let window = MINUTE; window <= MINUTE * 2 ** 22; window *= 2) {
    let last: number | undefined;
    for (let s = next(before - window); s !== undefined && s < before; s = next(s)) last = s;
    if (last !== undefined) return last;
  }
  return undefined;
}

/** An IANA zone's wall clock, with Go's time.Date and AddDate normalization. */
class Zone {
  private readonly format: Intl.DateTimeFormat | undefined;

  constructor(readonly name: string) {
    const utc = name === "UTC" || name === "Etc/UTC";
    this.format = utc
      ? undefined
      : new Intl.DateTimeFormat("en-US", {
          timeZone: name,
          hourCycle: "h23",
          year: "numeric",
          month: "numeric",
          day: "numeric",
          hour: "numeric",
          minute: "numeric",
          second: "numeric",
        });
  }

  wall(ms: number): Wall {
    const local = ms + this.offset(ms);
    const d = new Date(local);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }

  /** Milliseconds to add to an instant to get its wall clock read as UTC. */
  offset(ms: number): number {
    if (!this.format) return 0;
    const whole = Math.floor(ms / SECOND) * SECOND;
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(whole)) {
      if (p.type !== "literal") parts[p.type] = Number(p.value);
    }
    const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return wall - whole;
  }

  /** time.Date: overflowing fields carry; a wall time in a gap takes the offset after the change. */
  date(w: Omit<Wall, "weekday">): number {
    const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    return local - this.offset(local - this.offset(local));
  }

  /** time.AddDate on the wall clock of t. */
  addDate(t: number, by: { months?: number; days?: number }): number {
    const w = this.wall(t);
    return this.date({ ...w, month: w.month + (by.months ?? 0), day: w.day + (by.days ?? 0) });
  }
}
