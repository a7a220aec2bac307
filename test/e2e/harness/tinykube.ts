// Starts `bin/tinykube up` as a child process in a temporary directory and drives it with the real
// kubectl: what a user does, over the wire.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeTools } from "./kube-tools.js";
import { type ProcessResult, runProcess, type RunOptions } from "./run-process.js";
import { type StreamingProcess, streamProcess } from "./stream-process.js";

const repo = join(import.meta.dirname, "..", "..", "..");
export const tinykubeBin = join(repo, "bin", "tinykube");

export interface StartOptions {
  /** Reuse a data directory (a restart); a fresh temporary one by default. */
  readonly dataDir?: string;
  readonly port?: number;
  /** Extra arguments to `up`. */
  readonly args?: readonly string[];
}

export interface Tinykube {
  /** The temporary directory holding the data directory, kubeconfig and kubectl cache. */
  readonly dir: string;
  readonly dataDir: string;
  readonly kubeconfig: string;
  /** "https://127.0.0.1:PORT" */
  readonly url: string;
  readonly port: number;
  /** The `up` process's id (benchmarks read its CPU time). */
  readonly pid: number;
  /** What `up` printed on stdout (the one line saying where it listens). */
  readonly announced: string;
  /** What `up` has printed on stderr so far. */
  stderr(): string;
  /** Runs kubectl against this server with a fresh discovery cache of its own. */
  kubectl(args: readonly string[], opts?: RunOptions): Promise<ProcessResult>;
  /** kubectl left running (get -w), read line by line. */
  kubectlStream(args: readonly string[]): StreamingProcess;
  /** kubectl that must succeed: its stdout; throws with stderr otherwise. */
  kubectlOk(args: readonly string[], opts?: RunOptions): Promise<string>;
  helm(args: readonly string[], opts?: RunOptions): Promise<ProcessResult>;
  /** SIGTERM, then wait for the exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** stop() and remove the temporary directory. */
  dispose(): Promise<void>;
}

/** Resolves when cond holds (checked every 10 ms), rejects when the process exits first or after timeoutMs. */
function waitUntil(cond: () => boolean, child: ChildProcess, o: { what: string; timeoutMs: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const onExit = (code: number | null): void => reject(new Error(`tinykube up exited (${code}) before ${o.what}`));
    child.once("exit", onExit);
    const check = (): void => {
      if (cond()) {
        child.off("exit", onExit);
        resolve();
      } else if (Date.now() - started > o.timeoutMs) {
        child.off("exit", onExit);
        reject(new Error(`tinykube up: no ${o.what} within ${o.timeoutMs} ms`));
      } else setTimeout(check, 10);
    };
    check();
  });
}

export async function startTinykube(opts: StartOptions = {}): Promise<Tinykube> {
  const dir = mkdtempSync(join(tmpdir(), "tinykube-e2e-"));
  const dataDir = opts.dataDir ?? join(dir, "data");
  const kubeconfig = join(dir, "kubeconfig");
  const args = ["up", "--data-dir", dataDir, "--port", String(opts.port ?? 0), "--kubeconfig", kubeconfig, ...(opts.args ?? [])];
  const child = spawn(process.execPath, [tinykubeBin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    // as a script would: wait for the kubeconfig, then for the line saying where it listens
    await waitUntil(() => existsSync(kubeconfig), child, { what: `writing ${kubeconfig}`, timeoutMs: 30_000 });
    await waitUntil(() => stdout.includes("\n"), child, { what: "announcing where it listens", timeoutMs: 5_000 });
  } catch (err) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  const url = /server: "?([^"\s]+)"?/.exec(readFileSync(kubeconfig, "utf8"))?.[1] ?? "";
  const cacheDir = join(dir, "kubectl-cache");
  const tools = kubeTools();
  const kubectlArgs = (a: readonly string[]): string[] => ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, ...a];
  const kubectl = (a: readonly string[], o?: RunOptions) => runProcess(tools.kubectl, kubectlArgs(a), o);
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };
  return {
    dir,
    dataDir,
    kubeconfig,
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    get announced() {
      return stdout.trim();
    },
    stderr: () => stderr,
    kubectl,
    kubectlStream: (a) => streamProcess(tools.kubectl, kubectlArgs(a)),
    async kubectlOk(a, o) {
      const r = await kubectl(a, o);
      if (r.code !== 0) throw new Error(`kubectl ${a.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    helm: (a, o) =>
      runProcess(tools.helm, ["--kubeconfig", kubeconfig, ...a], {
        ...o,
        env: { ...process.env, HELM_CACHE_HOME: join(dir, "helm-cache"), HELM_CONFIG_HOME: join(dir, "helm-config"), HELM_DATA_HOME: join(dir, "helm-data") },
      }),
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a manifest into the server's directory and returns its path. */
export function writeManifest(t: Tinykube, name: string, text: string): string {
  const file = join(t.dir, name);
  writeFileSync(file, text);
  return file;
}

/**
 * The name of the node `up` registered, asked for every 100 ms for up to 10 s; throws when none
 * appears, since without a node no pod runs and a test would only time out later.
 */
export async function awaitNode(t: Tinykube): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const r = await t.kubectl(["get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"]);
    const node = r.code === 0 ? r.stdout.trim() : "";
    if (node) return node;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("tinykube up registered no node within 10 s");
}
