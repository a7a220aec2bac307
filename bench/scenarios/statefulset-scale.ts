import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../src/api/object.js";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import type { Client } from "../../src/client/client.js";
import { InProcessClient } from "../../src/client/in-process-client.js";
import { InformerFactory } from "../../src/client/informer-factory.js";
import { startStatefulSetController } from "../../src/controllers/statefulset/statefulset-controller.js";
import type { EventRecorder } from "../../src/controllers/runtime/event-recorder.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { RealClock, rfc3339 } from "../../src/util/clock.js";
import { startTinykube } from "../../test/e2e/harness/tinykube.js";
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
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: "busybox", command: ["sleep", "3600"] }] } },
    },
  };
}

/**
 * The simulated runtime at its fastest: a pod reported Running and Ready as soon as it is seen,
 * so the figure is the controller and API path's, not a container's start-up.
 */
function instantKubelet(client: Client, informers: InformerFactory): void {
  const pods = informers.informerFor<Pod>(refs.pods);
  const ready = (pod: Stored<Pod>): void => {
    if (pod.status?.phase === "Running" || pod.metadata.deletionTimestamp) return;
    const now = rfc3339(Date.now());
    const status = { ...pod.status, phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }] };
    void client.update<Pod>(refs.pods, { ...pod, status }, { subresource: "status" }).catch(() => undefined);
  };
  pods.addEventHandler({ onAdd: ready, onUpdate: (_old, pod) => ready(pod) });
}

/** Resolves with the time (ms) from now until the set reports `replicas` Ready pods. */
function timeToReady(informers: InformerFactory, at: { namespace: string; name: string }, replicas: number): { done: Promise<number> } {
  const sets = informers.informerFor<StatefulSet>(refs.statefulSets);
  const start = performance.now();
  const done = new Promise<number>((resolve) => {
    const off = sets.addEventHandler({
      onUpdate: (_old, set) => {
        if (set.metadata.namespace === at.namespace && set.metadata.name === at.name && set.status?.readyReplicas === replicas) {
          off();
          resolve(performance.now() - start);
        }
      },
    });
  });
  return { done };
}

const silent: EventRecorder = { event: () => undefined };

/** 0→REPLICAS in process: the production registry over SQLite in a file, the controller, the stand-in kubelet. */
async function inProcess(context: ScenarioContext): Promise<Record<Policy, number[]>> {
  return withTempDir(async (dir) => {
    const clock = new RealClock();
    const store = await openSqliteStore(join(dir, "state.db"), { clock });
    const registry = createRegistry({ store, resources: servedResources(), clock });
    await ensureSystemNamespaces(registry);
    const client = new InProcessClient(registry, { userAgent: "bench" });
    const informers = new InformerFactory(client, { clock });
    const running = startStatefulSetController({ client, clock, informers, recorder: silent });
    instantKubelet(client, informers);
    informers.start();
    await informers.waitForSync();
    const rates: Record<Policy, number[]> = { Parallel: [], OrderedReady: [] };
    try {
      for (let run = 0; run < RUNS; run++) {
        for (const policy of ["Parallel", "OrderedReady"] as const) {
          // A namespace per run: the pods of earlier runs stay out of this run's lookups.
          const name = "web";
          const namespace = `${policy.toLowerCase()}-${run}`;
          await client.create(refs.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
          await client.create(refs.statefulSets, statefulSet(name, policy, { replicas: 0, namespace }));
          const ready = timeToReady(informers, { namespace, name }, REPLICAS);
          await client.patch(refs.statefulSets, namespace, name, "merge", { spec: { replicas: REPLICAS } }, { subresource: "scale" });
          const ms = await ready.done;
          const podsPerS = (REPLICAS / ms) * 1000;
          rates[policy].push(podsPerS);
          context.progress({ runtime: "simulated (instant)", policy, run, replicas: REPLICAS, seconds: round(ms / 1000), podsPerS: round(podsPerS) });
        }
      }
    } finally {
      await running.stop();
      informers.stop();
      await store.close();
    }
    return rates;
  });
}

/** 0→PROCESS_REPLICAS through `tinykube up --runtime process` and kubectl, each pod a real process. */
async function processRuntime(context: ScenarioContext): Promise<number | string> {
  const t = await startTinykube({ args: ["--runtime", "process"] });
  try {
    const nodes = await t.kubectl(["wait", "--for=create", "node", "--all", "--timeout=10s"]);
    if ((await t.kubectlOk(["get", "nodes", "-o", "name"])).trim() === "") return `unavailable: no node registered (${nodes.stderr.trim()})`;
    const file = join(t.dir, "sts.yaml");
    writeFileSync(file, JSON.stringify(statefulSet("proc", "Parallel", { replicas: 0, namespace: "default" })));
    await t.kubectlOk(["apply", "-f", file]);
    const start = performance.now();
    await t.kubectlOk(["scale", "statefulset", "proc", `--replicas=${PROCESS_REPLICAS}`]);
    const r = await t.kubectl(["wait", `--for=jsonpath={.status.readyReplicas}=${PROCESS_REPLICAS}`, "statefulset/proc", "--timeout=90s"], { timeoutMs: 100_000 });
    if (r.code !== 0) return `unavailable: ${PROCESS_REPLICAS} pods not Ready within 90 s (${r.stderr.trim()})`;
    const podsPerS = (PROCESS_REPLICAS / (performance.now() - start)) * 1000;
    context.progress({ runtime: "process", policy: "Parallel", replicas: PROCESS_REPLICAS, podsPerS: round(podsPerS) });
    return podsPerS;
  } finally {
    await t.dispose();
  }
}

export const statefulsetScale: Scenario = {
  name: "statefulset-scale",
  description:
    `StatefulSet scale-up 0→${REPLICAS} in process (production registry on SQLite, the controller, pods made Running and Ready ` +
    `as soon as seen), Parallel and OrderedReady, ${RUNS} runs each: pods/s until readyReplicas=${REPLICAS}; then 0→${PROCESS_REPLICAS} ` +
    `through tinykube up with the process runtime. ratio = median Parallel pods/s ÷ ${UPSTREAM_MAX_PODS_PER_S} (the top of upstream's published 6–120 pods/s)`,
  async run(context) {
    const rates = await inProcess(context);
    const processRate = await processRuntime(context).catch((err: unknown) => `unavailable: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    const parallel = median(rates.Parallel);
    return {
      replicas: REPLICAS,
      parallelPodsPerS: round(parallel),
      orderedReadyPodsPerS: round(median(rates.OrderedReady)),
      processRuntimePodsPerS: typeof processRate === "number" ? round(processRate) : processRate,
      upstreamPublishedPodsPerS: "6-120",
      ratio: round(parallel / UPSTREAM_MAX_PODS_PER_S),
    };
  },
};
