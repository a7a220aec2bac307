import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, round, summarize } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { kubectlPath, spawnUp } from "../lib/tinykube-process.js";

const RUNS = 5;
const budgetMs = { existing: 500, first: 1000 };

export const startup: Scenario = {
  name: "startup",
  description:
    `bin/tinykube up to the first answered \`kubectl get ns\` (fresh kubectl cache), median of ${RUNS}, on a new data directory ` +
    `(budget ${budgetMs.first} ms) and an existing one (budget ${budgetMs.existing} ms). ratio = existing-directory median ÷ its budget (≤ 1 is within)`,
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

interface Sample {
  readyMs: number;
  answeredMs: number;
}

/** One start: spawn, wait for the kubeconfig, run kubectl get ns, stop. */
async function once(dataDir: string, dir: string, run: string): Promise<Sample> {
  const kubeconfig = join(dir, `kubeconfig-${run}`);
  const up = spawnUp(dataDir, kubeconfig);
  try {
    const readyAt = await up.ready();
    const r = spawnSync(kubectlPath(), ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, `cache-${run}`), "get", "ns"], { encoding: "utf8" });
    const answeredAt = performance.now();
    if (r.status !== 0) throw new Error(`kubectl get ns failed: ${r.stderr}`);
    return { readyMs: readyAt - up.spawnedAt, answeredMs: answeredAt - up.spawnedAt };
  } finally {
    await up.stop();
  }
}

async function measure(dir: string, { progress }: ScenarioContext) {
  kubectlPath(); // found (or unpacked) before any run is timed
  const first: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    first.push(await once(join(dir, `first-${i}`), dir, `first-${i}`));
    progress({ phase: "first start", run: i, ...rounded(first[i]!) });
  }
  const existing: Sample[] = [];
  const dataDir = join(dir, "first-0");
  for (let i = 0; i < RUNS; i++) {
    existing.push(await once(dataDir, dir, `existing-${i}`));
    progress({ phase: "existing data dir", run: i, ...rounded(existing[i]!) });
  }
  const existingMs = median(existing.map((s) => s.answeredMs));
  return {
    ratio: round(existingMs / budgetMs.existing),
    existingDataDirMs: figures(existing),
    firstStartMs: figures(first),
    budgetsMs: budgetMs,
  };
}

function rounded(s: Sample): Record<string, number> {
  return { kubeconfigWrittenMs: round(s.readyMs), getNsAnsweredMs: round(s.answeredMs) };
}

function figures(samples: readonly Sample[]) {
  const answered = summarize(samples.map((s) => s.answeredMs));
  return {
    toGetNsAnswered: { median: round(answered.median), min: round(answered.min), max: round(answered.max) },
    toKubeconfigWritten: round(median(samples.map((s) => s.readyMs))),
  };
}
