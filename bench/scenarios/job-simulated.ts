import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../src/api/object.js";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import type { Client } from "../../src/client/client.js";
import { InProcessClient } from "../../src/client/in-process-client.js";
import { InformerFactory } from "../../src/client/informer-factory.js";
import { startJobController } from "../../src/controllers/job/job-controller.js";
import { startScheduler } from "../../src/controllers/scheduler/scheduler.js";
import { startNodeAgent } from "../../src/node/node-agent.js";
import type { Runtime } from "../../src/node/runtime/runtime.js";
import { SimulatedRuntime } from "../../src/node/runtime/simulated/simulated-runtime.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { processCpuSeconds } from "../lib/process-cpu.js";
import { openProductionStore } from "../lib/production-store.js";
import { RealClock, rfc3339 } from "../../src/util/clock.js";
import { awaitNode, startTinykube } from "../../test/e2e/harness/tinykube.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";

const COMPLETIONS = 10_000;
const PARALLELISM = 500;
const BUDGET_PODS_PER_S = 1000;

/** A Job of `completions` pods running `command`, `parallelism` at a time. */
export function benchJob(name: string, o: { completions: number; parallelism: number; command: string[] }): Job {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: {
      completions: o.completions,
      parallelism: o.parallelism,
      template: { spec: { containers: [{ name: "main", image: "busybox", command: o.command }], restartPolicy: "Never" } },
    },
  };
}

/** How a stand-in kubelet runs one pod's container: resolves with its exit code. */
export type RunContainer = (pod: Stored<Pod>) => Promise<number>;

/**
 * A kubelet stand-in over the informers: each new pod is reported Running, its container run,
 * then reported Succeeded or Failed, as the node agent would (two status writes per pod).
 */
function standInKubelet(client: Client, informers: InformerFactory, run: RunContainer): void {
  const started = new Set<string>();
  const write = (pod: Stored<Pod>, status: Pod["status"]) => client.update<Pod>(refs.pods, { ...pod, status }, { subresource: "status" });
  const play = async (pod: Stored<Pod>): Promise<void> => {
    const running = await write(pod, { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: rfc3339(Date.now()) }] });
    const exitCode = await run(pod);
    const t = rfc3339(Date.now());
    await write(running, {
      phase: exitCode === 0 ? "Succeeded" : "Failed",
      conditions: [{ type: "Ready", status: "False", lastTransitionTime: t, reason: "PodCompleted" }],
      containerStatuses: [{ name: "main", image: "busybox", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode, startedAt: t, finishedAt: t } } }],
    });
  };
  informers.informerFor<Pod>(refs.pods).addEventHandler({
    onAdd: (pod) => {
      if (started.has(pod.metadata.uid) || pod.status?.phase !== "Pending" || pod.metadata.deletionTimestamp) return;
      started.add(pod.metadata.uid);
      void play(pod).catch(() => undefined);
    },
  });
}

/** Resolves with the ms from now until the Job has a Complete condition. */
function timeToComplete(informers: InformerFactory, name: string): Promise<{ ms: number; job: Stored<Job> }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const off = informers.informerFor<Job>(refs.jobs).addEventHandler({
      onUpdate: (_old, job) => {
        if (job.metadata.name !== name || !job.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True")) return;
        off();
        resolve({ ms: performance.now() - start, job });
      },
    });
  });
}

export interface InProcessJobRun {
  readonly seconds: number;
  readonly podsPerS: number;
  readonly succeeded: number | undefined;
}

/** Who runs the pods: a stand-in kubelet running each container with `run`, or the scheduler and node agent on a runtime. */
export type PodRunner = { readonly standIn: RunContainer } | { readonly agent: (clock: RealClock, dir: string) => Runtime };

/**
 * One Job run in process: the production registry over SQLite in a file, the Job controller with
 * its event recorder, and the pods run by `runner`.
 */
export async function runJobInProcess(spec: { completions: number; parallelism: number; command: string[] }, runner: PodRunner): Promise<InProcessJobRun> {
  return withTempDir(async (dir) => {
    const clock = new RealClock();
    const store = await openProductionStore(dir, clock);
    const registry = createRegistry({ store, resources: servedResources(), clock });
    await ensureSystemNamespaces(registry);
    const client = new InProcessClient(registry, { userAgent: "bench" });
    const informers = new InformerFactory(client, { clock });
    const stops: Array<() => Promise<void>> = [startJobController({ client, clock, factory: informers }).stop];
    if ("standIn" in runner) standInKubelet(client, informers, runner.standIn);
    else {
      stops.push(startScheduler({ client, clock, factory: informers }).stop);
      const agent = await startNodeAgent({ client, clock, runtime: runner.agent(clock, dir), dataDir: join(dir, "node"), nodeName: "bench-node", onError: () => undefined });
      stops.push(() => agent.stop());
    }
    informers.start();
    await informers.waitForSync();
    // The clock's timers do not hold the process open (as in tinykube up, where the server does).
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      const done = timeToComplete(informers, "bench");
      await client.create(refs.jobs, benchJob("bench", spec));
      const { ms, job } = await done;
      return { seconds: ms / 1000, podsPerS: (spec.completions / ms) * 1000, succeeded: job.status?.succeeded };
    } finally {
      clearInterval(keepAlive);
      for (const stop of stops.reverse()) await stop();
      informers.stop();
      await store.close();
    }
  });
}

export interface TinykubeJobRun {
  readonly podsPerS: number;
  /** CPU time tinykube up used per pod (all its threads), create to complete: far steadier than pods/s on a shared machine. */
  readonly cpuMsPerPod: number;
}

/**
 * The same Job through `tinykube up` and kubectl, when a node agent registers a Node: pods/s from
 * `kubectl create` to `kubectl wait --for=condition=complete`.
 */
export async function runJobThroughTinykube(spec: { completions: number; parallelism: number; command: string[]; runtime: string; timeoutS: number }): Promise<TinykubeJobRun | string> {
  const t = await startTinykube({ args: ["--runtime", spec.runtime] });
  try {
    // Throws when none registers; the callers report that as "unavailable: …".
    await awaitNode(t);
    const file = join(t.dir, "job.json");
    writeFileSync(file, JSON.stringify(benchJob("bench", spec)));
    const start = performance.now();
    const cpuBefore = processCpuSeconds(t.pid);
    await t.kubectlOk(["create", "-f", file]);
    const r = await t.kubectl(["wait", "--for=condition=complete", "job/bench", `--timeout=${spec.timeoutS}s`], { timeoutMs: (spec.timeoutS + 10) * 1000 });
    if (r.code !== 0) return `unavailable: not complete within ${spec.timeoutS} s (${r.stderr.trim()})`;
    const cpuMsPerPod = ((processCpuSeconds(t.pid) - cpuBefore) * 1000) / spec.completions;
    return { podsPerS: (spec.completions / (performance.now() - start)) * 1000, cpuMsPerPod };
  } finally {
    await t.dispose();
  }
}

const describeError = (err: unknown): string => `unavailable: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;

async function simulated(context: ScenarioContext): Promise<Record<string, unknown>> {
  const spec = { completions: COMPLETIONS, parallelism: PARALLELISM, command: ["true"] };
  const agent = await runJobInProcess(spec, { agent: (clock) => new SimulatedRuntime({ clock }) }).catch(describeError);
  const agentFigure = typeof agent === "string" ? agent : round(agent.podsPerS);
  context.progress({ runtime: "simulated (scheduler and node agent, in process)", ...spec, podsPerS: agentFigure, succeeded: typeof agent === "string" ? undefined : agent.succeeded });
  // `true` exits at once: the stand-in reports Running then Succeeded, the API path's cost alone.
  const standIn = await runJobInProcess(spec, { standIn: async () => 0 });
  context.progress({ runtime: "stand-in kubelet, in process", ...spec, podsPerS: round(standIn.podsPerS), succeeded: standIn.succeeded });
  const up = await runJobThroughTinykube({ ...spec, runtime: "simulated", timeoutS: 900 }).catch(describeError);
  context.progress({ runtime: "simulated (tinykube up)", ...(typeof up === "string" ? { podsPerS: up } : { podsPerS: round(up.podsPerS), cpuMsPerPod: round(up.cpuMsPerPod) }) });
  return {
    agentPodsPerS: typeof agent === "string" ? agent : agent.podsPerS,
    standInPodsPerS: standIn.podsPerS,
    tinykubeUpPodsPerS: typeof up === "string" ? up : up.podsPerS,
    tinykubeUpCpuMsPerPod: typeof up === "string" ? up : up.cpuMsPerPod,
  };
}

export const jobSimulated: Scenario = {
  name: "job-simulated",
  description:
    `A Job of ${COMPLETIONS} completions, parallelism ${PARALLELISM}, command true, simulated runtime: pods/s from create to Complete, ` +
    `in process (production registry on SQLite, the Job controller, the scheduler and the node agent on the simulated runtime; then a ` +
    `stand-in kubelet instead, for the API path alone) and through tinykube up --runtime simulated when a node registers. ` +
    `ratio = pods/s ÷ ${BUDGET_PODS_PER_S} (the budget): tinykube up's figure when it has one, else the in-process agent's`,
  async run(context) {
    const r = await simulated(context);
    const figure = (v: unknown): number | string => (typeof v === "number" ? round(v) : String(v));
    const best = [r.tinykubeUpPodsPerS, r.agentPodsPerS, r.standInPodsPerS].find((v): v is number => typeof v === "number")!;
    return {
      completions: COMPLETIONS,
      parallelism: PARALLELISM,
      agentPodsPerS: figure(r.agentPodsPerS),
      standInPodsPerS: figure(r.standInPodsPerS),
      tinykubeUpPodsPerS: figure(r.tinykubeUpPodsPerS),
      tinykubeUpCpuMsPerPod: figure(r.tinykubeUpCpuMsPerPod),
      budgetPodsPerS: BUDGET_PODS_PER_S,
      ratio: round(best / BUDGET_PODS_PER_S),
    };
  },
};
