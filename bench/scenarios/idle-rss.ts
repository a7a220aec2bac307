import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { kubectlPath, rssOfPid, spawnUp } from "../lib/tinykube-process.js";

const IDLE_MS = 10_000;
const budgetMb = 100;

export const idleRss: Scenario = {
  name: "idle-rss",
  description: `RSS of bin/tinykube up (all its controllers running) after ${IDLE_MS / 1000} s idle, after one kubectl get ns. ratio = RSS ÷ ${budgetMb} MB (≤ 1 is within budget)`,
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

async function measure(dir: string, { progress }: ScenarioContext) {
  const kubeconfig = join(dir, "kubeconfig");
  const up = spawnUp(join(dir, "data"), kubeconfig);
  try {
    await up.ready();
    spawnSync(kubectlPath(), ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), "get", "ns"]);
    const pid = up.child.pid!;
    const samples: number[] = [];
    const started = Date.now();
    while (Date.now() - started < IDLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      samples.push(rssOfPid(pid));
      progress({ idleSeconds: Math.round((Date.now() - started) / 1000), rssMb: round(samples[samples.length - 1]!) });
    }
    const rssMb = samples[samples.length - 1]!;
    return { ratio: round(rssMb / budgetMb), rssMb: round(rssMb), medianOverIdleMb: round(median(samples)), budgetMb };
  } finally {
    await up.stop();
  }
}
