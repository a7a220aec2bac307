import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ProcessRuntime } from "../../src/node/runtime/process/process-runtime.js";
import type { Runtime, Sandbox } from "../../src/node/runtime/runtime.js";
import { SimulatedRuntime } from "../../src/node/runtime/simulated/simulated-runtime.js";
import { RealClock } from "../../src/util/clock.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { spawnTrue } from "../lib/spawn-rate.js";
import { median, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { opsPerSecond } from "../lib/timer.js";

const WINDOWS = 5;
const IN_FLIGHT = 4;

export const runtimeStart: Scenario = {
  name: "runtime-start",
  description:
    "containers started and run to exit (`true`) per second by each runtime (process with namespaces, process " +
    "without, simulated) and pods per second (sandbox + container + removal), against spawn('/bin/true') per " +
    "second in the same run. ratio = process runtime container starts/s ÷ spawns/s",
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

interface Subject {
  key: string;
  runtime?: Runtime;
  op: (i: number) => Promise<unknown>;
}

async function measure(dir: string, { durationMs, progress }: ScenarioContext) {
  const clock = new RealClock();
  const logs = join(dir, "logs");
  mkdirSync(logs);
  const isolated = new ProcessRuntime({ clock, stateDir: join(dir, "isolated") });
  const plain = new ProcessRuntime({ clock, stateDir: join(dir, "plain"), isolation: "none" });
  const simulated = new SimulatedRuntime({ clock });
  const sandboxes = await Promise.all([isolated, plain, simulated].map((r, i) => r.createSandbox(pod(`bench-${i}`))));
  let pods = 0;
  const subjects: Subject[] = [
    { key: "spawnTruePerSec", op: () => spawnTrue() },
    { key: "processContainersPerSec", runtime: isolated, op: (i) => runTrue(sandboxes[0]!, join(logs, `i-${i}.log`)) },
    { key: "processPodsPerSec", runtime: isolated, op: (i) => runPod(isolated, { uid: `pod-${pods++}`, log: join(logs, `p-${i}.log`) }) },
    { key: "plainContainersPerSec", runtime: plain, op: (i) => runTrue(sandboxes[1]!, join(logs, `n-${i}.log`)) },
    { key: "simulatedContainersPerSec", runtime: simulated, op: (i) => runTrue(sandboxes[2]!, join(logs, `s-${i}.log`)) },
  ];
  const rates: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.key, []]));
  try {
    // Every subject runs once per round, so all see the same machine noise.
    for (let w = 0; w < WINDOWS; w++) {
      for (const subject of subjects) {
        let next = 0;
        const batch = () => Promise.all(Array.from({ length: IN_FLIGHT }, () => subject.op(next++)));
        const perSecond = (await opsPerSecond(batch, { durationMs: durationMs / (WINDOWS * subjects.length) })) * IN_FLIGHT;
        rates[subject.key]!.push(perSecond);
      }
      progress({ window: w, ...Object.fromEntries(subjects.map((s) => [s.key, round(rates[s.key]![w]!)])) });
    }
  } finally {
    await Promise.all([isolated.close(), plain.close(), simulated.close()]);
  }
  const figures = Object.fromEntries(subjects.map((s) => [s.key, round(median(rates[s.key]!))]));
  return {
    ratio: round(figures.processContainersPerSec! / figures.spawnTruePerSec!),
    ...figures,
    isolation: isolated.capabilities().isolation,
    inFlight: IN_FLIGHT,
  };
}

function pod(uid: string) {
  return { uid, namespace: "bench", name: uid, hostname: uid };
}

async function runTrue(sandbox: Sandbox, logPath: string): Promise<void> {
  const container = await sandbox.startContainer({ name: "c", argv: ["true"], env: [], mounts: [], logPath });
  const exit = await container.exited;
  if (exit.exitCode !== 0) throw new Error(`container ${container.id} failed: ${exit.message ?? exit.exitCode}`);
}

async function runPod(runtime: Runtime, options: { uid: string; log: string }): Promise<void> {
  const sandbox = await runtime.createSandbox(pod(options.uid));
  await runTrue(sandbox, options.log);
  await sandbox.remove();
}
