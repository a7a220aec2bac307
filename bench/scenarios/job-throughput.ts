import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { measureSpawnRate, spawnTrue } from "../lib/spawn-rate.js";
import { median, round } from "../lib/stats.js";
import { runJobInProcess, runJobThroughTinykube } from "./job-simulated.js";

const COMPLETIONS = 1000;
const PARALLELISM = 50;
/** The budget: pods/s at least this share of the raw spawn rate measured in the same run. */
const BUDGET_SHARE = 0.8;

const describeError = (err: unknown): string => `unavailable: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;

async function measure(context: ScenarioContext): Promise<{ spawnRate: number; inProcess: number; up: number | string }> {
  const spawnRates = await measureSpawnRate({ durationMs: Math.min(context.durationMs, 6000) });
  const spawnRate = median(spawnRates);
  context.progress({ baseline: "spawn('/bin/true')/s", rates: spawnRates.map(round), median: round(spawnRate) });
  const spec = { completions: COMPLETIONS, parallelism: PARALLELISM, command: ["true"] };
  // Each container a real /bin/true, started and awaited by the stand-in kubelet.
  const inProcess = await runJobInProcess(spec, async () => (await spawnTrue(), 0));
  context.progress({ runtime: "process (stand-in kubelet spawning /bin/true, in process)", ...spec, seconds: round(inProcess.seconds), podsPerS: round(inProcess.podsPerS), succeeded: inProcess.succeeded });
  const up = await runJobThroughTinykube({ ...spec, runtime: "process", timeoutS: 120 }).catch(describeError);
  context.progress({ runtime: "process (tinykube up)", podsPerS: typeof up === "number" ? round(up) : up });
  return { spawnRate, inProcess: inProcess.podsPerS, up };
}

export const jobThroughput: Scenario = {
  name: "job-throughput",
  description:
    `A Job of ${COMPLETIONS} completions, parallelism ${PARALLELISM}, command true, process runtime: pods/s from create to Complete ` +
    `against spawn('/bin/true')/s measured in the same run. In process (production registry on SQLite, the Job controller, a stand-in ` +
    `kubelet spawning /bin/true per pod) and through tinykube up --runtime process when a node registers. ratio = pods/s ÷ spawn rate ` +
    `(budget ≥ ${BUDGET_SHARE}), tinykube up's figure when it has one`,
  async run(context) {
    const { spawnRate, inProcess, up } = await measure(context);
    const best = typeof up === "number" ? up : inProcess;
    return {
      completions: COMPLETIONS,
      parallelism: PARALLELISM,
      spawnRatePerS: round(spawnRate),
      inProcessPodsPerS: round(inProcess),
      tinykubeUpPodsPerS: typeof up === "number" ? round(up) : up,
      budgetShare: BUDGET_SHARE,
      ratio: round(best / spawnRate),
    };
  },
};
