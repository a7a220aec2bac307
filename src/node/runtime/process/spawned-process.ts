import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { StopSignal } from "../runtime.js";
import type { MainProcess, MainProcessEvents } from "./main-process.js";

/** How to spawn a container's process from Node (the chain of util-linux programs, or a plain process). */
export interface SpawnLaunch {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /**
   * The lines fd 3 carries before the command runs: the setup script's "ok" (isolated containers,
   * which also report "pid N"), the idle stand-in's "idle" once its trap is set; none: no fd 3.
   */
  readonly ready: readonly ("ok" | "idle")[];
  readonly stdin: boolean;
}

/**
 * Spawns the main process from Node. Output is held until the process runs, and is the reason
 * it could not start when it ends before that (a failing mount prints why).
 */
export function startSpawnedProcess(launch: SpawnLaunch, events: MainProcessEvents): MainProcess {
  const child = spawn(launch.argv[0]!, launch.argv.slice(1), {
    cwd: launch.cwd,
    env: launch.env,
    detached: true,
    stdio: [launch.stdin ? "pipe" : "ignore", "pipe", "pipe", ...(launch.ready.length > 0 ? ["pipe" as const] : [])],
  });
  child.stdin?.on("error", () => undefined);
  let mainPid: number | undefined;
  let running = false;
  // Output read before fd 3 said "ok" (the pipes race) is the command's, or why setup failed.
  const held: Array<[stream: "stdout" | "stderr", chunk: Buffer]> = [];
  const output = (stream: "stdout" | "stderr", chunk: Buffer) => (running ? events.onOutput(stream, chunk) : held.push([stream, chunk]));
  child.stdout!.on("data", (chunk: Buffer) => output("stdout", chunk));
  child.stderr!.on("data", (chunk: Buffer) => output("stderr", chunk));
  const run = () => {
    if (running) return;
    running = true;
    events.onRunning(mainPid ?? child.pid!);
    for (const [stream, chunk] of held.splice(0)) events.onOutput(stream, chunk);
  };
  if (launch.ready.length === 0) child.on("spawn", () => ((mainPid = child.pid), run()));
  else {
    child.on("spawn", () => (mainPid ??= child.pid));
    readStatus(child.stdio[3] as Readable, { ready: launch.ready, onPid: (pid) => (mainPid = pid), onReady: run });
  }
  let failed = false;
  child.on("error", (error) => {
    if (running || failed) return;
    failed = true;
    events.onStartFailed(`unable to start container process: ${error.message}`);
  });
  child.on("exit", (code, signal) => {
    if (running) events.onExited(code, signal);
  });
  child.on("close", (code, signal) => {
    if (running) return events.onClosed();
    if (failed) return;
    failed = true;
    const why = Buffer.concat(held.map(([, chunk]) => chunk)).toString().trim();
    events.onStartFailed(why || `setup exited with ${code ?? signal}`);
  });
  return {
    stdin: child.stdin ?? undefined,
    signal: (signal: StopSignal) => {
      if (mainPid !== undefined) kill(mainPid, signal);
    },
    killAll: () => {
      if (child.pid !== undefined) kill(-child.pid, "SIGKILL");
    },
    dropOutput: () => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

function kill(pid: number, signal: StopSignal): void {
  try {
    process.kill(pid, signal);
  } catch {
    // it has just exited
  }
}

/** Reads fd 3 until every line of ready has come (and, from the setup script, the pid of PID 1). */
function readStatus(status: Readable, handlers: { ready: readonly string[]; onPid(pid: number): void; onReady(): void }): void {
  let text = "";
  status.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    const lines = text.split("\n");
    const pid = lines.find((line) => line.startsWith("pid "));
    if (pid) handlers.onPid(Number(pid.slice(4)));
    const needsPid = handlers.ready.includes("ok");
    if ((pid || !needsPid) && handlers.ready.every((line) => lines.includes(line))) handlers.onReady();
  });
  status.on("error", () => undefined);
}
