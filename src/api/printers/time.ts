/** Durations and ages as upstream prints them in tables (apimachinery/pkg/util/duration). */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** ~2–3 significant figures: "45s", "5m30s", "3h4m", "2d3h", "400d", "3y20d", "9y". */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / minute);
  if (minutes < 10) return withPart(`${minutes}m`, seconds % 60, "s");
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / hour);
  if (hours < 8) return withPart(`${hours}h`, minutes % 60, "m");
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return withPart(`${days}d`, hours % 24, "h");
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return withPart(`${years}y`, days % 365, "d");
  return `${years}y`;
}

/** One unit only: "45s", "5m", "3h", "20d", "2y". */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / minute);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / hour);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

function withPart(head: string, rest: number, unit: string): string {
  return rest === 0 ? head : `${head}${rest}${unit}`;
}

/** The AGE cell (upstream translateTimestampSince): "<unknown>" without a timestamp. */
export function ageCell(timestamp: string | undefined | null, nowMs: number): string {
  const t = parseTime(timestamp);
  return t === undefined ? "<unknown>" : humanDuration(nowMs - t);
}

/** Milliseconds of an RFC 3339 time, or undefined when missing or unparsable. */
export function parseTime(timestamp: string | undefined | null): number | undefined {
  if (!timestamp) return undefined;
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? undefined : t;
}
