import { performance } from "node:perf_hooks";
import { sampleRss } from "../lib/rss.js";
import type { Scenario } from "../lib/scenario.js";
import { round } from "../lib/stats.js";
import { withAgentWorld } from "./pod-startup.js";

const PODS = 10_000;
const BUDGET_MB = 1024;
/** Creates in flight at once. */
const BATCH = 200;

export const simulated10k: Scenario = {
  name: "simulated-10k",
  description:
    `${PODS} pods (sleep 3600) on an in-process node agent with the simulated runtime (production registry on SQLite): ` +
    `time until all are Running and the process's RSS then. ratio = max RSS ÷ ${BUDGET_MB} MB budget (≤ 1 meets it)`,
  async run(context) {
    return withAgentWorld("simulated", async (w) => {
      const rss = sampleRss({ intervalMs: 250 });
      const running = new Set<string>();
      let finish = (): void => {};
      const all = new Promise<void>((resolve) => (finish = resolve));
      const watch = await w.onPod((pod) => {
        if (pod.status?.phase === "Running") running.add(pod.metadata.name);
        if (running.size === PODS) finish();
      });
      const t0 = performance.now();
      for (let i = 0; i < PODS; i += BATCH) {
        await Promise.all(Array.from({ length: Math.min(BATCH, PODS - i) }, (_, j) => w.createPod(`sim-${i + j}`, {})));
        rss.sample();
        if ((i / BATCH) % 10 === 0) context.progress({ created: i + BATCH, running: running.size, rssMb: round(process.memoryUsage.rss() / 2 ** 20) });
      }
      await all;
      const seconds = (performance.now() - t0) / 1000;
      watch.stop();
      global.gc?.();
      rss.sample();
      const figures = rss.stop();
      return { pods: PODS, secondsToAllRunning: round(seconds), podsPerS: round(PODS / seconds), rssMedianMb: round(figures.medianMb), rssMaxMb: round(figures.maxMb), ratio: round(figures.maxMb / BUDGET_MB) };
    });
  },
};
