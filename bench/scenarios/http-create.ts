import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { refs } from "../../src/api/refs.js";
import { configFromKubeconfig } from "../../src/client/http/kubeconfig-config.js";
import { HttpClient } from "../../src/client/http-client.js";
import { measureRawStoreWrites } from "../lib/raw-store.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, percentile, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { spawnUp } from "../lib/tinykube-process.js";
import { podLikeValue } from "../lib/values.js";

const CLIENTS = 32;
const WINDOWS = 5;
const WARM_UP_WINDOWS = 2;

export const httpCreate: Scenario = {
  name: "http-create",
  description:
    `ConfigMap creates/s (a Pod-sized value each) over HTTPS to bin/tinykube up from ${CLIENTS} concurrent keep-alive clients; ` +
    "ratio = that ÷ the raw SqliteStore single-write rate measured in the same run (budget ≥ 0.30)",
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

function configMap(i: number): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `bench-${i}`, namespace: "default" }, data: { value: podLikeValue(i) } };
}

async function measure(dir: string, { durationMs, progress }: ScenarioContext) {
  const kubeconfig = join(dir, "kubeconfig");
  const up = spawnUp(join(dir, "data"), kubeconfig);
  const latencies: number[] = [];
  const rates: number[] = [];
  try {
    await up.ready();
    const client = new HttpClient(configFromKubeconfig(readFileSync(kubeconfig, "utf8")));
    let next = 0;
    const windowMs = (durationMs * 0.6) / (WARM_UP_WINDOWS + WINDOWS);
    /** Creates/s from CLIENTS workers for one window; each create's latency is pushed to `into`. */
    const window = async (into: number[]): Promise<number> => {
      const start = performance.now();
      let done = 0;
      const worker = async (): Promise<void> => {
        while (performance.now() - start < windowMs) {
          const before = performance.now();
          await client.create(refs.configMaps, configMap(next++));
          into.push(performance.now() - before);
          done++;
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, worker));
      return (done / (performance.now() - start)) * 1000;
    };
    // Warm-up, not measured, as in store-write and etcd-write: the 32 TLS handshakes and the
    // JIT of both processes' paths (windows ramped 753 → 1000 → 1800 → 2170 → 2090 creates/s).
    for (let w = 0; w < WARM_UP_WINDOWS; w++) progress({ phase: "http warm-up", window: w, createsPerSec: round(await window([])) });
    for (let w = 0; w < WINDOWS; w++) {
      rates.push(await window(latencies));
      progress({ phase: "http", window: w, createsPerSec: round(rates[w]!) });
    }
    client.close();
  } finally {
    await up.stop();
  }
  const raw = await measureRawStoreWrites({ durationMs: durationMs * 0.4 });
  progress({ phase: "raw store", writesPerSec: round(raw.perSecond.median) });
  const http = median(rates);
  return {
    ratio: round(http / raw.perSecond.median),
    httpCreatesPerSec: round(http),
    rawStoreWritesPerSec: round(raw.perSecond.median),
    createLatencyMs: { p50: round(median(latencies)), p99: round(percentile(latencies, 99)) },
    clients: CLIENTS,
  };
}
