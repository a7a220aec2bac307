import { performance } from "node:perf_hooks";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { measureSpawnRate } from "../lib/spawn-rate.js";
import { median, round } from "../lib/stats.js";
import { withAgentWorld } from "./pod-startup.js";

const PODS = 300;
const BUDGET_SHARE = 0.8;

/** Pods of /bin/true (restartPolicy Never) created at once; pods/s from the first create to the last Succeeded. */
async function podsPerSecond(context: ScenarioContext): Promise<{ podsPerS: number; statusWrites: number }> {
  return withAgentWorld("process", async (w) => {
    const done = new Set<string>();
    let statusWrites = 0;
    let finish = (): void => {};
    const all = new Promise<void>((resolve) => (finish = resolve));
    const watch = await w.onPod((pod) => {
      statusWrites++;
      if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") done.add(pod.metadata.name);
      if (done.size === PODS) finish();
    });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: PODS }, (_, i) => w.createPod(`tp-${i}`, { restartPolicy: "Never", containers: [{ name: "app", image: "busybox", command: ["/bin/true"] }] })));
    await all;
    const seconds = (performance.now() - t0) / 1000;
    watch.stop();
    context.progress({ pods: PODS, seconds: round(seconds), isolation: w.runtime.capabilities().isolation, podUpdatesPerPod: round(statusWrites / PODS) });
    return { podsPerS: PODS / seconds, statusWrites };
  });
}

export const podThroughput: Scenario = {
  name: "pod-throughput",
  description:
    `${PODS} pods running /bin/true (restartPolicy Never) created at once on an in-process node agent with the process runtime: ` +
    `pods/s from the first create to the last Succeeded, against spawn('/bin/true')/s measured in the same run. ` +
    `ratio = pods/s ÷ spawn rate (budget ≥ ${BUDGET_SHARE})`,
  async run(context) {
    const spawnRates = await measureSpawnRate({ durationMs: Math.min(context.durationMs, 6000) });
    const spawnRate = median(spawnRates);
    context.progress({ baseline: "spawn('/bin/true')/s", rates: spawnRates.map((r) => round(r)), median: round(spawnRate) });
    const { podsPerS, statusWrites } = await podsPerSecond(context);
    return { pods: PODS, spawnRatePerS: round(spawnRate), podsPerS: round(podsPerS), podUpdatesPerPod: round(statusWrites / PODS), ratio: round(podsPerS / spawnRate) };
  },
};
