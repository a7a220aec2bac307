import { performance } from "node:perf_hooks";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { measureSpawnRate } from "../lib/spawn-rate.js";
import { median, round } from "../lib/stats.js";
import { withAgentWorld } from "./pod-startup.js";
import type { AgentWorld } from "./pod-startup.js";

const PODS = 300;
/**
 * Rounds run first and not counted, as store-write and http-create warm up: a fresh process
 * starts its first pods cold (one run's rounds: 245 → 293 → 382 → 381 → 382 pods/s), and the
 * budget is the rate pods start at. The first round's rate is reported beside it.
 */
const WARM_UP_ROUNDS = 2;
const ROUNDS = 3;
const BUDGET_SHARE = 0.8;

interface Round {
  podsPerS: number;
  /** Pod watch events (ADDED and MODIFIED) per pod. */
  podUpdatesPerPod: number;
}

/** PODS pods of /bin/true (restartPolicy Never) created at once; pods/s from the first create to the last Succeeded. */
async function runRound(w: AgentWorld, prefix: string): Promise<Round> {
  const done = new Set<string>();
  let podUpdates = 0;
  let finish = (): void => {};
  const all = new Promise<void>((resolve) => (finish = resolve));
  const watch = await w.onPod((pod) => {
    if (!pod.metadata.name.startsWith(prefix)) return;
    podUpdates++;
    if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") done.add(pod.metadata.name);
    if (done.size === PODS) finish();
  });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: PODS }, (_, i) => w.createPod(`${prefix}${i}`, { restartPolicy: "Never", containers: [{ name: "app", image: "busybox", command: ["/bin/true"] }] })));
  await all;
  const seconds = (performance.now() - t0) / 1000;
  watch.stop();
  return { podsPerS: PODS / seconds, podUpdatesPerPod: podUpdates / PODS };
}

/** The rounds, one after another on one node agent; the first WARM_UP_ROUNDS are not counted. */
function podRounds(context: ScenarioContext): Promise<Round[]> {
  return withAgentWorld("process", async (w) => {
    const rounds: Round[] = [];
    for (let r = 0; r < WARM_UP_ROUNDS + ROUNDS; r++) {
      const result = await runRound(w, `tp${r}-`);
      rounds.push(result);
      context.progress({ round: r, counted: r >= WARM_UP_ROUNDS, pods: PODS, podsPerS: round(result.podsPerS), isolation: w.runtime.capabilities().isolation, podUpdatesPerPod: round(result.podUpdatesPerPod) });
    }
    return rounds;
  });
}

export const podThroughput: Scenario = {
  name: "pod-throughput",
  description:
    `rounds of ${PODS} pods running /bin/true (restartPolicy Never) created at once on an in-process node agent with the process runtime: ` +
    `pods/s from a round's first create to its last Succeeded, median of ${ROUNDS} rounds after ${WARM_UP_ROUNDS} uncounted, ` +
    `against spawn('/bin/true')/s measured in the same run. ratio = pods/s ÷ spawn rate (budget ≥ ${BUDGET_SHARE})`,
  async run(context) {
    const spawnRates = await measureSpawnRate({ durationMs: Math.min(context.durationMs, 6000) });
    const spawnRate = median(spawnRates);
    context.progress({ baseline: "spawn('/bin/true')/s", rates: spawnRates.map((r) => round(r)), median: round(spawnRate) });
    const rounds = await podRounds(context);
    const counted = rounds.slice(WARM_UP_ROUNDS);
    const podsPerS = median(counted.map((r) => r.podsPerS));
    return {
      pods: PODS,
      rounds: ROUNDS,
      spawnRatePerS: round(spawnRate),
      podsPerS: round(podsPerS),
      firstRoundPodsPerS: round(rounds[0]!.podsPerS),
      podUpdatesPerPod: round(median(counted.map((r) => r.podUpdatesPerPod))),
      ratio: round(podsPerS / spawnRate),
    };
  },
};
