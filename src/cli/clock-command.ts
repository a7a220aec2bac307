// `tinykube clock [advance DURATION | --to TIME]`: reads or moves the clock of the tinykube the
// kubeconfig's current context points at, through its /tinykube/clock path.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isPlainObject } from "../api/object.js";
import { configFromKubeconfig } from "../client/http/kubeconfig-config.js";
import { Transport } from "../client/http/transport.js";
import { CommandLineError } from "./command-line-error.js";
import { formatDuration, parseDuration } from "./clock-duration.js";
import { type ClockMove, clockPath } from "./clock-endpoint.js";
import { defaultKubeconfigPath } from "./kubeconfig.js";

export const clockUsage = `Usage: tinykube clock [advance DURATION | --to TIME] [--kubeconfig FILE] [--context NAME]

Prints the clock of the tinykube in the kubeconfig's current context. With a virtual clock
(\`tinykube up --clock virtual\`), moves it forward: by DURATION (24h, 1h30m, 90s) or to TIME
(RFC 3339, e.g. 2026-01-02T00:00:00Z), firing every timer that falls due in order, and returns
once everything has settled at the new time.
`;

interface ClockOptions {
  readonly move?: ClockMove;
  readonly kubeconfig: string;
  readonly context?: string;
}

function parseClockOptions(argv: readonly string[]): ClockOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: { to: { type: "string" }, kubeconfig: { type: "string" }, context: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    throw new CommandLineError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  const { values: v, positionals: p } = parsed;
  if (v.help) return "help";
  const base = { kubeconfig: v.kubeconfig ?? defaultKubeconfigPath(), ...(v.context === undefined ? {} : { context: v.context }) };
  if (p.length === 0) return v.to === undefined ? base : { ...base, move: { to: v.to } };
  if (p[0] !== "advance" || p.length !== 2 || v.to !== undefined) throw new CommandLineError(`unexpected arguments: ${p.join(" ")}\n\n${clockUsage}`);
  try {
    parseDuration(p[1]!);
  } catch (err) {
    throw new CommandLineError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  return { ...base, move: { advance: p[1]! } };
}

export async function run(argv: readonly string[]): Promise<number> {
  const options = parseClockOptions(argv);
  if (options === "help") {
    process.stdout.write(clockUsage);
    return 0;
  }
  const config = configFromKubeconfig(readFileSync(options.kubeconfig, "utf8"), options.context);
  const transport = new Transport({ ...config, userAgent: "tinykube-clock/v0.1" });
  try {
    const body = options.move ? JSON.stringify(options.move) : undefined;
    const answer = await request(transport, { method: body ? "POST" : "GET", path: clockPath, ...(body ? { body, headers: { "content-type": "application/json" } } : {}) });
    process.stdout.write(`${describe(answer)}\n`);
    return 0;
  } finally {
    transport.close();
  }
}

interface Answer {
  readonly now: string;
  readonly virtual: boolean;
  readonly from?: string;
  readonly wallMs?: number;
}

async function request(transport: Transport, req: { method: string; path: string; body?: string; headers?: Record<string, string> }): Promise<Answer> {
  let res;
  try {
    res = await transport.send(req);
  } catch (err) {
    throw new Error(`cannot reach ${transport.url}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  let v: unknown;
  try {
    v = JSON.parse(res.body.toString("utf8"));
  } catch {
    v = undefined;
  }
  if (res.status !== 200 || !isPlainObject(v) || typeof v.now !== "string") {
    const message = isPlainObject(v) && typeof v.message === "string" ? v.message : `HTTP ${res.status}`;
    throw new Error(res.status === 404 ? `${transport.url} has no clock to show: is it a tinykube?` : message);
  }
  const moved = typeof v.from === "string" && typeof v.wallMs === "number" ? { from: v.from, wallMs: v.wallMs } : {};
  return { now: v.now, virtual: v.virtual === true, ...moved };
}

/** "2026-01-02T03:04:05.000Z (virtual)", and after a move how far it went and how long that took. */
function describe(a: Answer): string {
  const kind = a.virtual ? "virtual" : "real";
  if (a.from === undefined || a.wallMs === undefined) return `${a.now} (${kind})`;
  const moved = formatDuration(Date.parse(a.now) - Date.parse(a.from));
  return `${a.now} (${kind}, advanced ${moved} in ${(a.wallMs / 1000).toFixed(1)} s of wall time)`;
}
