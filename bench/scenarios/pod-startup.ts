import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../src/api/object.js";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import type { WatchHandle } from "../../src/client/client.js";
import { InProcessClient } from "../../src/client/in-process-client.js";
import { type NodeAgent, startNodeAgent } from "../../src/node/node-agent.js";
import { ProcessRuntime } from "../../src/node/runtime/process/process-runtime.js";
import type { Runtime } from "../../src/node/runtime/runtime.js";
import { SimulatedRuntime } from "../../src/node/runtime/simulated/simulated-runtime.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { openProductionStore } from "../lib/production-store.js";
import { RealClock } from "../../src/util/clock.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, percentile, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";

export const benchNode = "bench-node";

/** The production registry on SQLite, an in-process client and a node agent on the chosen runtime. */
export interface AgentWorld {
  readonly client: InProcessClient;
  readonly agent: NodeAgent;
  readonly runtime: Runtime;
  /** Calls fn with every pod as it changes (a watch of the default namespace). */
  onPod(fn: (pod: Stored<Pod>) => void): Promise<WatchHandle>;
  /** Creates a pod bound to the bench node. */
  createPod(name: string, spec: Partial<NonNullable<Pod["spec"]>>): Promise<Stored<Pod>>;
}

export async function withAgentWorld<T>(kind: "process" | "simulated", body: (w: AgentWorld) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const clock = new RealClock();
    const store = await openProductionStore(dir, clock);
    const registry = createRegistry({ store, resources: servedResources(), clock });
    await ensureSystemNamespaces(registry);
    const client = new InProcessClient(registry, { userAgent: "bench" });
    const runtime: Runtime = kind === "process" ? new ProcessRuntime({ clock, stateDir: join(dir, "runtime") }) : new SimulatedRuntime({ clock });
    const agent = await startNodeAgent({ client, clock, runtime, dataDir: join(dir, "node"), nodeName: benchNode, onError: () => undefined });
    try {
      return await body({
        client,
        agent,
        runtime,
        onPod: async (fn) => {
          const rv = (await client.list(refs.pods, "default")).metadata.resourceVersion;
          return client.watch<Pod>(refs.pods, "default", { resourceVersion: rv }, (e) => {
            if (e.type === "ADDED" || e.type === "MODIFIED") fn(e.object);
          });
        },
        createPod: (name, spec) =>
          client.create<Pod>(refs.pods, {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name, namespace: "default" },
            spec: { containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"] }], ...spec, nodeName: benchNode },
          }),
      });
    } finally {
      await agent.stop();
      await store.close();
    }
  });
}

const PODS = 100;
/** Pods started first and not counted: the first ones load modules and warm the JIT. */
const WARMUP = 5;
const budgets = { process: 100, simulated: 20 } as const;

/** Create → status.phase Running, one pod at a time, in ms. */
async function startupLatencies(kind: "process" | "simulated", context: ScenarioContext): Promise<number[]> {
  return withAgentWorld(kind, async (w) => {
    const waiting = new Map<string, () => void>();
    const watch = await w.onPod((pod) => {
      if (pod.status?.phase === "Running") waiting.get(pod.metadata.name)?.();
    });
    const latencies: number[] = [];
    for (let i = -WARMUP; i < PODS; i++) {
      const name = `start-${i}`;
      const running = new Promise<void>((resolve) => waiting.set(name, resolve));
      const t0 = performance.now();
      await w.createPod(name, {});
      await running;
      if (i >= 0) latencies.push(performance.now() - t0);
      waiting.delete(name);
    }
    watch.stop();
    context.progress({ runtime: kind, isolation: w.runtime.capabilities().isolation, pods: PODS, p50Ms: round(median(latencies)), p99Ms: round(percentile(latencies, 99)) });
    return latencies;
  });
}

export const podStartup: Scenario = {
  name: "pod-startup",
  description:
    `${PODS} pods (sleep 3600, after ${WARMUP} uncounted) created one after another on an in-process node agent (production registry on SQLite): ` +
    `create call → status.phase Running, per runtime. Budget p99: process ≤ ${budgets.process} ms, simulated ≤ ${budgets.simulated} ms. ` +
    "ratio = worst p99 ÷ its budget (≤ 1 meets it)",
  async run(context) {
    const simulated = await startupLatencies("simulated", context);
    const processLat = await startupLatencies("process", context);
    const simP99 = percentile(simulated, 99);
    const procP99 = percentile(processLat, 99);
    return {
      pods: PODS,
      simulatedP50Ms: round(median(simulated)),
      simulatedP99Ms: round(simP99),
      processP50Ms: round(median(processLat)),
      processP99Ms: round(procP99),
      ratio: round(Math.max(simP99 / budgets.simulated, procP99 / budgets.process)),
    };
  },
};
