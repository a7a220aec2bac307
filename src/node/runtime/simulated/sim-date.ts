// `date` in a simulated container. The Clock has millisecond precision, yet scripts read %N
// (nanoseconds) as a source of randomness (e.g. `date +'%N' | cut -c 9` for a digit), so the
// six digits below the millisecond come from a hash of (seed, clock ms, how many times `date`
// has run in this runtime): a run replays identically given the same seed and the same
// sequence of events on the clock, while different calls still see different digits.

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Nanoseconds within the millisecond (0…999 999), deterministic in its inputs. */
export function subMillisecondNanos(seed: number, ms: number, sequence: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (const n of [ms % 0x100000000, Math.floor(ms / 0x100000000), sequence]) {
    for (let shift = 0; shift < 32; shift += 8) {
      h ^= (n >>> shift) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  }
  // A final avalanche so neighbouring inputs spread over every digit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % 1_000_000;
}

/** GNU date's output in UTC: the default format, or +FORMAT with the common conversions. */
export function formatSimDate(ms: number, subMsNanos: number, options: { format?: string }): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  const conversions: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    m: () => two(d.getUTCMonth() + 1),
    d: () => two(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, " "),
    H: () => two(d.getUTCHours()),
    M: () => two(d.getUTCMinutes()),
    S: () => two(d.getUTCSeconds()),
    N: () => `${String(d.getUTCMilliseconds()).padStart(3, "0")}${String(subMsNanos).padStart(6, "0")}`,
    s: () => String(Math.floor(ms / 1000)),
    a: () => DAYS[d.getUTCDay()]!,
    b: () => MONTHS[d.getUTCMonth()]!,
    Z: () => "UTC",
    z: () => "+0000",
    T: () => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
    F: () => `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`,
    "%": () => "%",
  };
  const format = options.format ?? "%a %b %e %H:%M:%S %Z %Y";
  return format.replace(/%(.)/g, (whole, code: string) => conversions[code]?.() ?? whole);
}
