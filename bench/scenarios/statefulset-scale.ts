import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../src/api/object.js";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import { InProcessClient } from "../../src/client/in-process-client.js";
import { InformerFactory } from "../../src/client/informer-factory.js";
import { startScheduler } from "../../src/controllers/scheduler/scheduler.js";
import { startStatefulSetController } from "../../src/controllers/statefulset/statefulset-controller.js";
import type { EventRecorder } from "../../src/controllers/runtime/event-recorder.js";
import { startNodeAgent } from "../../src/node/node-agent.js";
import { ProcessRuntime } from "../../src/node/runtime/process/process-runtime.js";
import type { Runtime } from "../../src/node/runtime/runtime.js";
import { SimulatedRuntime } from "../../src/node/runtime/simulated/simulated-runtime.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { openProductionStore } from "../lib/production-store.js";
import { RealClock, rfc3339 } from "../../src/util/clock.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";

const REPLICAS = 100;
const PROCESS_REPLICAS = 20;
const RUNS = 3;
/** The top of the range upstream publishes for StatefulSet scale-up (6–120 pods/s). */
const UPSTREAM_MAX_PODS_PER_S = 120;

type Policy = "Parallel" | "OrderedReady";

function statefulSet(name: string, policy: Policy, o: { replicas: number; namespace: string }): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: o.namespace },
    spec: {
      serviceName: name,
      replicas: o.replicas,
      podManagementPolicy: policy,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: "busybox", command: ["sleep", "3600"] }] },
      },
    },
  };
}

/** Resolves with the time (ms) from now until the set reports `replicas` Ready pods; rejects after five minutes. */
function timeToReady(informers: InformerFactory, at: { namespace: string; name: string }, replicas: number): { done: Promise<number> } {
  const sets = informers.informerFor<StatefulSet>(refs.statefulSets);
  const start = performance.now();
  const done = new Promise<number>((resolve, reject) => {
    // A timer that keeps the process alive (the clock's timers do not) and ends a stuck run.
    const timer = setTimeout(() => reject(new Error(`${at.namespace}/${at.name}: not ${replicas} Ready pods within 5 minutes`)), 300_000);
    const off = sets.addEventHandler({
      onUpdate: (_old, set) => {
        if (set.metadata.namespace === at.namespace && set.metadata.name === at.name && set.status?.readyReplicas === replicas) {
          off();
          clearTimeout(timer);
          resolve(performance.now() - start);
        }
      },
    });
  });
  return { done };
}

/** Scales the set to 0 and resolves once its pods are gone (a node holds 110 pods). */
async function scaleDown(client: InProcessClient, informers: InformerFactory, namespace: string): Promise<void> {
  const sets = informers.informerFor<StatefulSet>(refs.statefulSets);
  const gone = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${namespace}/web: pods not gone within 5 minutes`)), 300_000);
    const off = sets.addEventHandler({
      onUpdate: (_old, set) => {
        if (set.metadata.namespace === namespace && set.status?.replicas === 0) {
          off();
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await client.patch(refs.statefulSets, namespace, "web", "merge", { spec: { replicas: 0 } }, { subresource: "scale" });
  await gone;
}

const silent: EventRecorder = { event: () => undefined };

/** "instant": no scheduler and no node agent, a stand-in marks each pod Running and Ready as soon as it is seen. */
type RuntimeKind = "instant" | "simulated" | "process";

/** The stand-in of the "instant" runs: the controller's and the API's own cost, no container start-up. */
function instantKubelet(client: InProcessClient, informers: InformerFactory): void {
  const ready = (pod: Stored<Pod>): void => {
    if (pod.status?.phase === "Running" || pod.metadata.deletionTimestamp) {
      if (pod.metadata.deletionTimestamp) void client.delete(refs.pods, pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 }).catch(() => undefined);
      return;
    }
    const status = { ...pod.status, phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: rfc3339(Date.now()) }] };
    void client.update<Pod>(refs.pods, { ...pod, status }, { subresource: "status" }).catch(() => undefined);
  };
  informers.informerFor<Pod>(refs.pods).addEventHandler({ onAdd: ready, onUpdate: (_old, pod) => ready(pod) });
}

/** The scheduler and node agent of the simulated and process runs; nothing for the instant ones. */
async function startNode(kind: RuntimeKind, w: { client: InProcessClient; informers: InformerFactory; clock: RealClock; dir: string }): Promise<() => Promise<void>> {
  const ignore = (): void => undefined;
  if (kind === "instant") {
    instantKubelet(w.client, w.informers);
    return async () => undefined;
  }
  const scheduler = startScheduler({ client: w.client, clock: w.clock, factory: w.informers, recorder: silent, onError: ignore });
  const rt: Runtime = kind === "process" ? new ProcessRuntime({ clock: w.clock, stateDir: join(w.dir, "runtime") }) : new SimulatedRuntime({ clock: w.clock });
  const agent = await startNodeAgent({ client: w.client, clock: w.clock, runtime: rt, dataDir: join(w.dir, "node"), nodeName: "bench-node", onError: ignore });
  return async () => {
    await agent.stop();
    await scheduler.stop();
  };
}

interface Run {
  readonly runtime: RuntimeKind;
  readonly policy: Policy;
  readonly replicas: number;
}

/**
 * Scale-ups 0→replicas on the whole stack in one process: the production registry on SQLite in a
 * file, the StatefulSet controller, the scheduler and a node agent on the given runtime. Returns
 * pods/s of each run (until the set reports every pod Ready).
 */
async function scaleUps(runtime: RuntimeKind, runs: readonly Run[], context: ScenarioContext): Promise<number[]> {
  return withTempDir(async (dir) => {
    const clock = new RealClock();
    const store = await openProductionStore(dir, clock);
    const registry = createRegistry({ store, resources: servedResources(), clock });
    await ensureSystemNamespaces(registry);
    const client = new InProcessClient(registry, { userAgent: "bench" });
    const informers = new InformerFactory(client, { clock });
    const controller = startStatefulSetController({ client, clock, informers, recorder: silent, onError: () => undefined });
    const stopNode = await startNode(runtime, { client, informers, clock, dir });
    informers.start();
    const rates: number[] = [];
    try {
      for (const [i, run] of runs.entries()) {
        // A namespace per run: the pods of earlier runs stay out of this run's lookups.
        const namespace = `${run.policy.toLowerCase()}-${i}`;
        await client.create(refs.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
        await client.create(refs.statefulSets, statefulSet("web", run.policy, { replicas: 0, namespace }));
        const ready = timeToReady(informers, { namespace, name: "web" }, run.replicas);
        await client.patch(refs.statefulSets, namespace, "web", "merge", { spec: { replicas: run.replicas } }, { subresource: "scale" });
        const ms = await ready.done;
        const podsPerS = (run.replicas / ms) * 1000;
        rates.push(podsPerS);
        context.progress({ ...run, seconds: round(ms / 1000), podsPerS: round(podsPerS) });
        await scaleDown(client, informers, namespace);
      }
    } finally {
      await stopNode();
      await controller.stop();
      informers.stop();
      await store.close();
    }
    return rates;
  });
}

function runs(runtime: RuntimeKind, policy: Policy, o: { replicas: number; count: number }): Run[] {
  return Array.from({ length: o.count }, () => ({ runtime, policy, replicas: o.replicas }));
}

export const statefulsetScale: Scenario = {
  name: "statefulset-scale",
  description:
    `StatefulSet scale-up 0→${REPLICAS} with pods made Ready as soon as seen (controllerOnly: the controller's and the API's cost), 0→${REPLICAS} on the simulated runtime and 0→${PROCESS_REPLICAS} on the process runtime, Parallel and ` +
    `OrderedReady, on the whole stack in one process (registry on SQLite, StatefulSet controller, scheduler, node agent): ` +
    `pods/s until the set reports every pod Ready, median of ${RUNS} runs. ratio = simulated Parallel pods/s ÷ ${UPSTREAM_MAX_PODS_PER_S} ` +
    "(the top of upstream's published 6–120 pods/s)",
  async run(context) {
    const instant = await scaleUps("instant", [...runs("instant", "Parallel", { replicas: REPLICAS, count: RUNS }), ...runs("instant", "OrderedReady", { replicas: REPLICAS, count: RUNS })], context);
    const simulated = await scaleUps("simulated", [...runs("simulated", "Parallel", { replicas: REPLICAS, count: RUNS }), ...runs("simulated", "OrderedReady", { replicas: REPLICAS, count: RUNS })], context);
    const process = await scaleUps("process", [...runs("process", "Parallel", { replicas: PROCESS_REPLICAS, count: RUNS }), ...runs("process", "OrderedReady", { replicas: PROCESS_REPLICAS, count: RUNS })], context);
    const parallel = median(simulated.slice(0, RUNS));
    return {
      controllerOnly: { replicas: REPLICAS, parallelPodsPerS: round(median(instant.slice(0, RUNS))), orderedReadyPodsPerS: round(median(instant.slice(RUNS))) },
      simulated: { replicas: REPLICAS, parallelPodsPerS: round(parallel), orderedReadyPodsPerS: round(median(simulated.slice(RUNS))) },
      process: { replicas: PROCESS_REPLICAS, parallelPodsPerS: round(median(process.slice(0, RUNS))), orderedReadyPodsPerS: round(median(process.slice(RUNS))) },
      upstreamPublishedPodsPerS: "6-120",
      ratio: round(parallel / UPSTREAM_MAX_PODS_PER_S),
    };
  },
};
