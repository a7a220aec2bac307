import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { servedResources } from "../../src/api/served.js";
import { refs } from "../../src/api/refs.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { RealClock } from "../../src/util/clock.js";
import { measureRawStoreWrites } from "../lib/raw-store.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, percentile, round, summarize } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { sampleRates } from "../lib/timer.js";
import { podCreateBody } from "../lib/values.js";

const ROUNDS = 2;
const WINDOWS = 3;
/** Share of the duration spent warming up before the first window. */
const WARM_UP_SHARE = 0.1;

export const storeWrite: Scenario = {
  name: "store-write",
  description:
    "Pod creates/s through the registry (decode checks, defaulting, validation, namespace check, encode, store write) " +
    "vs the raw store's single creates/s measured in the same run. ratio = registry ÷ raw (budget ≥ 0.40)",
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

async function measure(dir: string, { durationMs, progress }: ScenarioContext) {
  const store = await openSqliteStore(join(dir, "registry.db"));
  try {
    const registry = createRegistry({ store, resources: servedResources(), clock: new RealClock() });
    await ensureSystemNamespaces(registry);
    const windowMs = (durationMs * (1 - WARM_UP_SHARE)) / (2 * ROUNDS * WINDOWS);
    const raw: number[] = [];
    const viaRegistry: number[] = [];
    const latencies: number[] = [];
    let next = 0;
    // warm-up, not measured: the registry's many code paths need the JIT before they are at speed
    const warmUntil = performance.now() + durationMs * WARM_UP_SHARE;
    while (performance.now() < warmUntil) await registry.create(refs.pods, "default", podCreateBody(next++));
    progress({ phase: "warm-up", creates: next });
    // raw and registry take turns so both see the same machine noise
    for (let r = 0; r < ROUNDS; r++) {
      const baseline = await measureRawStoreWrites({ durationMs: windowMs * WINDOWS, windows: WINDOWS });
      raw.push(baseline.perSecond.median);
      const rates = await sampleRates(() => registry.create(refs.pods, "default", podCreateBody(next++)), { windows: WINDOWS, windowMs, latencies });
      viaRegistry.push(...rates);
      progress({ round: r, rawCreatesPerSec: round(baseline.perSecond.median), registryCreatesPerSec: rates.map((x) => round(x)) });
    }
    const registryRate = summarize(viaRegistry);
    const rawRate = summarize(raw);
    return {
      registryCreatesPerSec: registryRate,
      rawStoreCreatesPerSec: rawRate,
      registryCreateLatencyMs: { median: round(median(latencies)), p99: round(percentile(latencies, 99)), count: latencies.length },
      ratio: round(registryRate.median / rawRate.median),
    };
  } finally {
    await store.close();
  }
}
