import { spawn } from "node:child_process";
import { constants } from "node:os";
import { ExecStartError, type ExecOptions, type ProcessSession } from "../runtime.js";
import { createSession } from "../session.js";
import type { HostSupport } from "./host-support.js";
import { resolveExecutable } from "./resolve-executable.js";
import { resizeTerminal, terminalOf, underTerminal } from "./terminal.js";

export interface ExecTarget {
  /** The container's main process on the host: PID 1 of its namespaces when isolated. */
  readonly pid: number;
  readonly isolated: boolean;
  readonly env: ReadonlyMap<string, string>;
  readonly workingDir: string;
  readonly support: HostSupport;
}

/** A running exec, and how to end it early (the container is going away). */
export interface ExecHandle {
  readonly session: ProcessSession;
  kill(): void;
}

/**
 * Runs a command in a container: through nsenter into its namespaces (root, working directory
 * and environment as its process has them) when isolated, as a plain process otherwise; under
 * a `script` terminal for tty. Rejects with ExecStartError when the command cannot be found.
 */
export function startExec(target: ExecTarget, options: ExecOptions): ExecHandle {
  const program = options.command[0] ?? "";
  const root = target.isolated ? `/proc/${target.pid}/root` : "";
  const resolution = resolveExecutable(program, {
    pathEnv: target.env.get("PATH") ?? "",
    workingDir: target.workingDir,
    hostPathOf: (path) => `${root}${path}`,
  });
  if ("error" in resolution) throw new ExecStartError(`failed to exec in container: unable to start container process: ${resolution.error}`);
  const { programs } = target.support;
  // nsenter's --wd=DIR resolves DIR outside the new root (util-linux 2.38): a shell inside changes to it.
  const inside = target.isolated
    ? [programs.nsenter!, "-t", String(target.pid), "-m", "-u", "-i", "-p", "-r", "--", programs.sh!, "-c", 'cd -- "$0" && exec "$@"', target.workingDir, ...options.command]
    : [...options.command];
  const useTerminal = options.tty && target.support.capabilities.tty;
  const argv = useTerminal ? underTerminal(inside, { script: programs.script!, size: options.size, shell: target.env.get("SHELL") }) : inside;
  const wrapped = programs.setpriv ? [programs.setpriv, "--pdeathsig", "KILL", "--", ...argv] : argv;
  const env = Object.fromEntries(target.env);
  if (useTerminal) env.SHELL = "/bin/sh";
  const child = spawn(wrapped[0]!, wrapped.slice(1), {
    cwd: target.isolated ? "/" : target.workingDir,
    env,
    detached: true,
    // Without a terminal to merge them, a tty session still gets stderr, on stdout (createSession).
    stdio: [options.stdin ? "pipe" : "ignore", options.stdout ? "pipe" : "ignore", (options.tty ? !useTerminal : options.stderr) ? "pipe" : "ignore"],
  });
  const kill = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  const ends = createSession(options, {
    onClose: kill,
    onResize: (size) => {
      const tty = child.pid === undefined ? undefined : terminalOf(child.pid);
      if (tty && programs.stty) resizeTerminal(tty, size, { stty: programs.stty });
    },
  });
  child.stdout?.on("data", (chunk: Buffer) => ends.write("stdout", chunk));
  child.stderr?.on("data", (chunk: Buffer) => ends.write("stderr", chunk));
  if (ends.input && child.stdin) {
    child.stdin.on("error", () => undefined);
    ends.input.pipe(child.stdin);
  }
  child.on("error", (error) => {
    ends.write("stderr", `${error.message}\n`);
    ends.finish(126);
  });
  child.on("close", (code, signal) => ends.finish(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  return { session: ends.session, kill };
}
