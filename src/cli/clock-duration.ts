/** Milliseconds per unit of Go's time.ParseDuration. */
const units: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration as Go (and so kubectl's flags) writes it, "24h", "1h30m", "90s", "250ms", in
 * milliseconds; throws Go's error text for anything else. Negative durations are refused: the
 * clock only moves forward.
 */
export function parseDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let s = text.startsWith("+") ? text.slice(1) : text;
  if (s.startsWith("-")) throw new Error(`the clock only moves forward: ${quoted} is negative`);
  if (s === "0") return 0;
  if (s === "") throw new Error(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (number[0] === "" || number[0] === ".") throw new Error(`time: invalid duration ${quoted}`);
    s = s.slice(number[0].length);
    const unit = /^[^.\d]*/.exec(s)![0];
    if (unit === "") throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = units[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    s = s.slice(unit.length);
    total += Number(`${number[1] || "0"}.${number[2] || "0"}`) * scale;
  }
  return total;
}

/** Go's Duration.String for whole milliseconds: "24h0m0s", "1m30s", "250ms", "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const seconds = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  if (h > 0) return `${h}h${m}m${seconds}`;
  if (m > 0) return `${m}m${seconds}`;
  return seconds;
}
