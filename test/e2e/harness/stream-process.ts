import { spawn } from "node:child_process";

/** A long-running process (kubectl get -w) whose output is read as it comes. */
export interface StreamingProcess {
  /** Complete lines printed on stdout so far. */
  lines(): string[];
  /** Resolves once cond holds for the lines so far; rejects if the process exits or timeoutMs passes first. */
  until(cond: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  /** Ends the process (SIGTERM) and resolves with what it printed on stderr. */
  stop(): Promise<string>;
}

export function streamProcess(file: string, args: readonly string[], env?: NodeJS.ProcessEnv): StreamingProcess {
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    wake();
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  child.once("close", wake);
  const lines = (): string[] => stdout.split("\n").slice(0, -1);
  return {
    lines,
    until(cond, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out; output so far:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
        const done = (err?: Error): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(lines());
        };
        const check = (): void => {
          if (cond(lines())) done();
          else if (child.exitCode !== null || child.signalCode !== null) done(new Error(`exited (${child.exitCode}); output:\n${stdout}\nstderr:\n${stderr}`));
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      return stderr;
    },
  };
}
