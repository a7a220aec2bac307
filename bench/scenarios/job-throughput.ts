import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { measureSpawnRate, spawnTrue } from "../lib/spawn-rate.js";
import { median, round } from "../lib/stats.js";
import { ProcessRuntime } from "../../src/node/runtime/process/process-runtime.js";
import { join } from "node:path";
import { runJobInProcess, runJobThroughTinykube, type TinykubeJobRun } from "./job-simulated.js";

const COMPLETIONS = 1000;
const PARALLELISM = 50;
/** Runs through tinykube up, each in a fresh server: one ~4 s run swung 220–300 pods/s on a quiet machine. */
const UP_RUNS = 3;
/** The budget: pods/s at least this share of the raw spawn rate measured in the same run. */
const BUDGET_SHARE = 0.8;

const describeError = (err: unknown): string => `unavailable: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;

interface Figures {
  spawnRate: number;
  agent: number | string;
  standIn: number;
  /** The median run's figures, or why there is none. */
  up: TinykubeJobRun | string;
  upRuns: number[];
}

async function measure(context: ScenarioContext): Promise<Figures> {
  const spawnRates = await measureSpawnRate({ durationMs: Math.min(context.durationMs, 6000) });
  const spawnRate = median(spawnRates);
  context.progress({ baseline: "spawn('/bin/true')/s", rates: spawnRates.map((r) => round(r)), median: round(spawnRate) });
  const spec = { completions: COMPLETIONS, parallelism: PARALLELISM, command: ["true"] };
  const agentRun = await runJobInProcess(spec, { agent: (clock, dir) => new ProcessRuntime({ clock, stateDir: join(dir, "runtime") }) }).catch(describeError);
  const agent = typeof agentRun === "string" ? agentRun : agentRun.podsPerS;
  context.progress({ runtime: "process (scheduler and node agent, in process)", ...spec, podsPerS: typeof agent === "number" ? round(agent) : agent });
  // Each container a plain /bin/true, started and awaited by a stand-in kubelet.
  const standIn = await runJobInProcess(spec, { standIn: async () => (await spawnTrue(), 0) });
  context.progress({ runtime: "stand-in kubelet spawning /bin/true, in process", ...spec, podsPerS: round(standIn.podsPerS) });
  const runs: TinykubeJobRun[] = [];
  for (let i = 0; i < UP_RUNS; i++) {
    const up = await runJobThroughTinykube({ ...spec, runtime: "process", timeoutS: 120 }).catch(describeError);
    if (typeof up === "string") {
      context.progress({ runtime: "process (tinykube up)", podsPerS: up });
      return { spawnRate, agent, standIn: standIn.podsPerS, up, upRuns: runs.map((r) => r.podsPerS) };
    }
    context.progress({ runtime: "process (tinykube up)", run: i + 1, podsPerS: round(up.podsPerS), cpuMsPerPod: round(up.cpuMsPerPod) });
    runs.push(up);
  }
  const middle = [...runs].sort((a, b) => a.podsPerS - b.podsPerS)[runs.length >> 1]!;
  return { spawnRate, agent, standIn: standIn.podsPerS, up: middle, upRuns: runs.map((r) => r.podsPerS) };
}

export const jobThroughput: Scenario = {
  name: "job-throughput",
  description:
    `A Job of ${COMPLETIONS} completions, parallelism ${PARALLELISM}, command true, process runtime: pods/s from create to Complete ` +
    `against spawn('/bin/true')/s measured in the same run. In process (production registry on SQLite, the Job controller, the ` +
    `scheduler and the node agent on the process runtime; then a stand-in kubelet spawning /bin/true) and through tinykube up ` +
    `--runtime process when a node registers (the median of ${UP_RUNS} runs, each with its CPU ms per pod). ratio = pods/s ÷ spawn rate (budget ≥ ${BUDGET_SHARE}): tinykube up's figure when it ` +
    `has one, else the in-process agent's`,
  async run(context) {
    const f = await measure(context);
    const up = typeof f.up === "string" ? f.up : f.up.podsPerS;
    const best = [up, f.agent, f.standIn].find((v): v is number => typeof v === "number")!;
    const figure = (v: number | string): number | string => (typeof v === "number" ? round(v) : v);
    return {
      completions: COMPLETIONS,
      parallelism: PARALLELISM,
      spawnRatePerS: round(f.spawnRate),
      agentPodsPerS: figure(f.agent),
      standInPodsPerS: round(f.standIn),
      tinykubeUpPodsPerS: figure(up),
      tinykubeUpRunsPodsPerS: f.upRuns.map((r) => round(r)),
      tinykubeUpCpuMsPerPod: typeof f.up === "string" ? f.up : round(f.up.cpuMsPerPod),
      budgetShare: BUDGET_SHARE,
      ratio: round(best / f.spawnRate),
    };
  },
};
