import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { Clock } from "../../../util/clock.js";
import { parseCriLogLine } from "../log/cri-log.js";
import type { Container, ContainerSpec, Runtime, Sandbox, SandboxSpec } from "../runtime.js";

/** The small programs the suite runs (fixtures/*.sh for the process runtime; equivalents elsewhere). */
export type Fixture =
  | "run-forever" // prints "started", runs until SIGTERM, then prints "stopping" and exits 143
  | "exit-with" // exits with args[0]
  | "ignore-sigterm" // prints "ready"; on SIGTERM prints "ignoring TERM" and keeps running
  | "print-env" // prints NAME=value for each name in args
  | "print-hostname"
  | "print-cwd"
  | "write-file" // writes args[1] into the file args[0]; prints "wrote", or "refused" and exits 1
  | "print-file" // prints the file args[0]
  | "print-streams" // prints args[0] on stdout, args[1] on stderr
  | "echo-stdin"; // copies stdin to stdout until it ends

/** What a runtime implementation gives the suite. */
export interface RuntimeHarness {
  /** A new runtime and the clock it runs on. */
  open(): { runtime: Runtime; clock: Clock };
  /** The argv running a fixture in this runtime. */
  program(fixture: Fixture, args?: readonly string[]): string[];
  /** How to make a container fail to start here, and what its message says. */
  readonly startFailure: { argv: string[]; annotations?: Record<string, string>; message: RegExp };
}

/** One test's world: a fresh runtime, its clock and a directory for logs and volumes. */
export interface World {
  readonly runtime: Runtime;
  readonly clock: Clock;
  readonly dir: string;
  readonly harness: RuntimeHarness;
  sandbox(spec?: Partial<SandboxSpec>): Promise<Sandbox>;
  /** Starts a container in sandbox with defaults for what the spec leaves out (log in dir). */
  start(sandbox: Sandbox, spec: Partial<ContainerSpec> & { argv?: string[] }): Promise<Container>;
  /** The lines a container started by start() has logged so far, as "stream content". */
  log(container: Container): string[];
}

let pods = 0;

/** Runs body in a fresh world and tears it down afterwards, pass or fail. */
export async function withWorld(harness: RuntimeHarness, body: (world: World) => Promise<void>): Promise<void> {
  const { runtime, clock } = harness.open();
  const dir = mkdtempSync(join(tmpdir(), "tinykube-runtime-conf-"));
  let containers = 0;
  const logs = new Map<Container, string>();
  const world: World = {
    runtime,
    clock,
    dir,
    harness,
    sandbox: (spec = {}) => {
      const n = pods++;
      return runtime.createSandbox({ uid: `uid-${process.pid}-${n}`, namespace: "default", name: `pod-${n}`, hostname: `pod-${n}`, ...spec });
    },
    start: async (sandbox, spec) => {
      const logPath = join(dir, `container-${containers++}.log`);
      const container = await sandbox.startContainer({ name: "main", env: [], mounts: [], logPath, ...spec });
      logs.set(container, spec.logPath ?? logPath);
      return container;
    },
    log: (container) => logLines(logs.get(container) ?? ""),
  };
  try {
    await body(world);
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CRI log file's lines as "stream content" ([] while it does not exist). */
export function logLines(path: string): string[] {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return text.split("\n").filter(Boolean).map((line) => {
    const record = parseCriLogLine(line);
    return record ? `${record.stream} ${record.content}` : `unparsed ${line}`;
  });
}

/** Polls condition until it holds (real time, for processes; simulated work settles meanwhile). */
export async function eventually<T>(condition: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Everything a readable stream gives until it ends. */
export function readAll(stream: Readable | undefined): Promise<string> {
  if (!stream) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    let text = "";
    stream.on("data", (chunk: Buffer | string) => (text += chunk.toString()));
    stream.on("end", () => resolve(text));
    stream.on("error", reject);
  });
}
