import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Etcd3 } from "etcd3";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { openEtcdStore } from "../../src/store/etcd/etcd-store.js";
import { RealClock } from "../../src/util/clock.js";
import { configFromKubeconfig } from "../../src/client/http/kubeconfig-config.js";
import { HttpClient } from "../../src/client/http-client.js";
import { startEtcdCluster } from "../../src/store/etcd/testing/etcd-cluster.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, percentile, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { extraNodeArgs, tinykubeBin } from "../lib/tinykube-process.js";
import { podLikeValue } from "../lib/values.js";

const CONCURRENCY = 64;
const ROUNDS = 3;
/**
 * Operations each path does before it is measured. The server's JIT takes a few thousand
 * requests to settle: with half a window of warm-up (10 s runs), its rounds ramped 707 → 823 →
 * 1,550 creates/s and the median took the second.
 */
const WARM_UP_OPS = 3000;

export const etcdWrite: Scenario = {
  name: "etcd-write",
  description:
    `ConfigMap creates/s (a Pod-sized value each) over HTTPS to bin/tinykube up --store etcd://… (3 members on loopback), ${CONCURRENCY} in flight, ` +
    `vs raw etcd puts/s of the same values with the same concurrency, taking turns in the same run. ratio = API ÷ raw (budget ≥ 0.30). ` +
    `Also the same creates through the registry on an EtcdStore in the bench process (no HTTP, TLS or server process): registryRatio`,
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

/** `tinykube up --store etcd://…` as a child process. */
export interface EtcdServer {
  readonly name: string;
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly kubeconfig: string;
  stderr(): string;
  /** A client for it, from its kubeconfig. */
  client(): HttpClient;
  /** SIGTERM (or SIGKILL when not graceful) and wait for the exit. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
}

/** Starts a server on the etcd cluster and resolves once it serves. */
export async function startEtcdServer(dir: string, o: { name: string; store: string; pkiFrom?: string }): Promise<EtcdServer> {
  const dataDir = join(dir, o.name);
  const kubeconfig = join(dir, `${o.name}.kubeconfig`);
  // A restart on the same directory: wait for this process's kubeconfig, not the last one's.
  rmSync(kubeconfig, { force: true });
  const args = ["up", "--data-dir", dataDir, "--port", "0", "--kubeconfig", kubeconfig, "--store", o.store, ...(o.pkiFrom ? ["--pki-from", o.pkiFrom] : [])];
  const child = spawn(process.execPath, [...extraNodeArgs(), tinykubeBin, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  while (!existsSync(kubeconfig)) {
    if (child.exitCode !== null) throw new Error(`${o.name} exited ${child.exitCode}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    name: o.name,
    child,
    dataDir,
    kubeconfig,
    stderr: () => stderr,
    client: () => new HttpClient(configFromKubeconfig(readFileSync(kubeconfig, "utf8"))),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Runs op from `concurrency` workers until `count` ops are done, not measured. */
async function warmUp(op: (i: number) => Promise<unknown>, count: number, next: () => number): Promise<void> {
  let done = 0;
  const worker = async (): Promise<void> => {
    while (done++ < count) await op(next());
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Runs op from `concurrency` workers for windowMs; returns ops/s and records each op's latency. */
async function concurrentRate(op: (i: number) => Promise<unknown>, o: { windowMs: number; latencies: number[]; next: () => number }): Promise<number> {
  const start = performance.now();
  let done = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() - start < o.windowMs) {
      const before = performance.now();
      await op(o.next());
      o.latencies.push(performance.now() - before);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (done / (performance.now() - start)) * 1000;
}

async function measure(dir: string, { durationMs, progress }: ScenarioContext) {
  const etcd = await startEtcdCluster({ members: 3 });
  const server = await startEtcdServer(dir, { name: "server", store: etcd.url }).catch(async (err: unknown) => {
    await etcd.stop();
    throw err;
  });
  const api = server.client();
  const raw = new Etcd3({ hosts: [...etcd.endpoints] });
  const store = await openEtcdStore({ hosts: etcd.endpoints, namespace: "/bench-registry" });
  const registry = createRegistry({ store, resources: servedResources(), clock: new RealClock() });
  await ensureSystemNamespaces(registry);
  let n = 0;
  const next = () => n++;
  const apiRates: number[] = [];
  const rawRates: number[] = [];
  const apiLatencies: number[] = [];
  const registryRates: number[] = [];
  const rawLatencies: number[] = [];
  try {
    const windowMs = durationMs / (3 * ROUNDS + 1);
    const create = (i: number) => api.create<ConfigMap>(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `bench-${i}`, namespace: "default" }, data: { value: podLikeValue(i) } });
    const put = (i: number) => raw.kv.put({ key: Buffer.from(`/bench/raw/${i}`), value: Buffer.from(podLikeValue(i)) });
    const viaRegistry = (i: number) => registry.create(refs.configMaps, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `bench-${i}` }, data: { value: podLikeValue(i) } });
    // warm-up of every path (JIT, connections), not measured
    for (const op of [create, put, viaRegistry]) await warmUp(op, WARM_UP_OPS, next);
    for (let r = 0; r < ROUNDS; r++) {
      rawRates.push(await concurrentRate(put, { windowMs, latencies: rawLatencies, next }));
      apiRates.push(await concurrentRate(create, { windowMs, latencies: apiLatencies, next }));
      registryRates.push(await concurrentRate(viaRegistry, { windowMs, latencies: [], next }));
      progress({ round: r, rawPutsPerSec: round(rawRates[r]!), apiCreatesPerSec: round(apiRates[r]!), registryCreatesPerSec: round(registryRates[r]!) });
    }
  } finally {
    api.close();
    raw.close();
    await store.close();
    await server.stop();
    await etcd.stop();
  }
  return {
    ratio: round(median(apiRates) / median(rawRates)),
    apiCreatesPerSec: round(median(apiRates)),
    rawEtcdPutsPerSec: round(median(rawRates)),
    registryRatio: round(median(registryRates) / median(rawRates)),
    registryCreatesPerSec: round(median(registryRates)),
    apiCreateLatencyMs: { p50: round(median(apiLatencies)), p99: round(percentile(apiLatencies, 99)) },
    rawPutLatencyMs: { p50: round(median(rawLatencies)), p99: round(percentile(rawLatencies, 99)) },
    concurrency: CONCURRENCY,
  };
}
