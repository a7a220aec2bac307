// Times written the way Go's time package formats them in the CronJob controller's annotation and
// events: RFC 3339 in the schedule's zone, and RFC 1123 with a numeric zone.

const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, f);
  }
  return f;
}

/** Milliseconds to add to an instant to read its wall clock in zone as if it were UTC. */
export function zoneOffsetMs(ms: number, zone: string): number {
  if (zone === "UTC" || zone === "Etc/UTC") return 0;
  const whole = Math.floor(ms / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of formatFor(zone).formatToParts(whole)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - whole;
}

const two = (n: number): string => String(n).padStart(2, "0");

function numericZone(offsetMs: number, separator: string): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? "-" : "+"}${two(Math.trunc(minutes / 60))}${separator}${two(minutes % 60)}`;
}

/** Go's t.In(zone).Format(time.RFC3339): "2016-05-19T06:00:00-04:00"; "Z07:00" writes a zero offset as "Z" in any zone. */
export function rfc3339InZone(ms: number, zone: string): string {
  const offset = zoneOffsetMs(ms, zone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19);
  return `${wall}${offset === 0 ? "Z" : numericZone(offset, ":")}`;
}

/** Go's t.UTC().Format(time.RFC1123Z): "Thu, 19 May 2016 10:00:00 +0000". */
export function rfc1123zUtc(ms: number): string {
  const d = new Date(ms);
  const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${days[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${clock} +0000`;
}
