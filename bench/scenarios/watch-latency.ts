import { performance } from "node:perf_hooks";
import type { KubeObject } from "../../src/api/object.js";
import { refs } from "../../src/api/refs.js";
import { InProcessClient } from "../../src/client/in-process-client.js";
import type { WatchHandle } from "../../src/client/client.js";
import { openServedRegistry } from "../../src/registry/testing/served-registry.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, percentile, round } from "../lib/stats.js";
import { yieldToEventLoop } from "../lib/timer.js";

const WATCHERS = 100;
const WINDOWS = 5;

export const watchLatency: Scenario = {
  name: "watch-latency",
  description:
    `${WATCHERS} in-process watchers (InProcessClient) of the ConfigMaps of one namespace; each write waits until every ` +
    "watcher has its event. Latency = write call → event in a watcher's hands (budget p99 ≤ 5 ms)",
  run: (context) => measure(context),
};

async function measure({ durationMs, progress }: ScenarioContext) {
  const served = await openServedRegistry();
  const client = new InProcessClient(served.registry);
  const latencies: number[] = [];
  const perWindowP99: number[] = [];
  let started = 0;
  let received = 0;
  let wake = (): void => {};
  const handles: WatchHandle[] = [];
  try {
    const rv = (await client.list(refs.configMaps, "default")).metadata.resourceVersion;
    for (let i = 0; i < WATCHERS; i++) {
      handles.push(
        await client.watch<KubeObject>(refs.configMaps, "default", { resourceVersion: rv }, () => {
          latencies.push(performance.now() - started);
          if (++received === WATCHERS) wake();
        }),
      );
    }
    let n = 0;
    for (let w = 0; w < WINDOWS; w++) {
      const from = latencies.length;
      const end = performance.now() + durationMs / WINDOWS;
      while (performance.now() < end) {
        received = 0;
        const all = new Promise<void>((resolve) => (wake = resolve));
        started = performance.now();
        await client.create(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${n++}`, namespace: "default" }, data: { k: "v" } });
        await all;
        if (n % 50 === 0) await yieldToEventLoop();
      }
      const window = latencies.slice(from);
      perWindowP99.push(percentile(window, 99));
      progress({ window: w, writes: window.length / WATCHERS, p50Ms: round(median(window)), p99Ms: round(percentile(window, 99)) });
    }
    return {
      watchers: WATCHERS,
      writes: n,
      deliveries: latencies.length,
      latencyP50Ms: round(median(latencies)),
      latencyP99Ms: round(percentile(latencies, 99)),
      medianOfWindowP99Ms: round(median(perWindowP99)),
    };
  } finally {
    for (const h of handles) h.stop();
    await served.close();
  }
}
