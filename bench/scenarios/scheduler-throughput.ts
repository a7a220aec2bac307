import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import type { Client } from "../../src/client/client.js";
import { InProcessClient } from "../../src/client/in-process-client.js";
import { InformerFactory } from "../../src/client/informer-factory.js";
import { Scheduler } from "../../src/controllers/scheduler/scheduler.js";
import { ensureSystemNamespaces } from "../../src/registry/bootstrap.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { RealClock } from "../../src/util/clock.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { round, summarize } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";

const ROUNDS = 3;
const NODES = 4;

function node(name: string): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    status: { allocatable: { cpu: "64", memory: "256Gi", pods: "100000" }, conditions: [{ type: "Ready", status: "True" }] },
  };
}

function pod(round: number, i: number): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `r${round}-${i}`, namespace: "default", labels: { app: "bench" } },
    spec: { containers: [{ name: "main", image: "busybox", command: ["sleep", "3600"], resources: { requests: { cpu: "10m", memory: "16Mi" } } }] },
  };
}

async function createPods(client: Client, round: number, count: number): Promise<Pod[]> {
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) pods.push(await client.create<Pod>(refs.pods, pod(round, i)));
  return pods;
}

/** Binds each pod directly, in turn: the writes the scheduler cannot avoid, as the baseline. */
async function bindDirectly(client: Client, pods: readonly Pod[]): Promise<number> {
  const start = performance.now();
  for (const [i, p] of pods.entries()) {
    const binding = { apiVersion: "v1", kind: "Binding", metadata: { name: p.metadata?.name, namespace: "default" }, target: { kind: "Node", name: `node-${i % NODES}` } };
    await client.createSubresource(refs.pods, "default", p.metadata?.name ?? "", "binding", binding);
  }
  return pods.length / ((performance.now() - start) / 1000);
}

/** A scheduler over a backlog of pending pods: pods bound per second until the last is bound. */
async function scheduleBacklog(client: Client, factory: InformerFactory, count: number): Promise<number> {
  const clock = new RealClock();
  const scheduler = new Scheduler({ client, factory, clock, recorder: { event() {} } });
  const informer = factory.informerFor<Pod>(refs.pods);
  let bound = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const stop = informer.addEventHandler({
    onUpdate: (old, p) => {
      if (!old.spec?.nodeName && p.spec?.nodeName && ++bound === count) resolveDone();
    },
  });
  const start = performance.now();
  await scheduler.start();
  await done;
  const rate = count / ((performance.now() - start) / 1000);
  stop();
  await scheduler.stop();
  return rate;
}

export const schedulerThroughput: Scenario = {
  name: "scheduler-throughput",
  description:
    "Pods bound/s by the scheduler from a backlog of pending pods on 4 Ready nodes (filters, scores, assume, pods/binding) " +
    "vs binding the same number of pods directly, one at a time, in the same run. ratio = scheduler ÷ direct binding",
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

async function measure(dir: string, { durationMs, progress }: ScenarioContext) {
  const store = await openSqliteStore(join(dir, "registry.db"));
  const clock = new RealClock();
  const registry = createRegistry({ store, resources: servedResources(), clock });
  const client = new InProcessClient(registry, { userAgent: "bench" });
  const factory = new InformerFactory(client, { clock });
  try {
    await ensureSystemNamespaces(registry);
    for (let i = 0; i < NODES; i++) await client.create<Node>(refs.nodes, node(`node-${i}`));
    factory.informerFor(refs.pods);
    factory.informerFor(refs.nodes);
    factory.start();
    await factory.waitForSync();
    // pods per round: about what one round of both can do in its share of the duration
    const count = Math.max(100, Math.round(durationMs / 20));
    const scheduled: number[] = [];
    const direct: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      await createPods(client, 2 * r, count);
      scheduled.push(await scheduleBacklog(client, factory, count));
      direct.push(await bindDirectly(client, await createPods(client, 2 * r + 1, count)));
      progress({ round: r, pods: count, schedulerPodsPerSec: round(scheduled.at(-1)!), directBindsPerSec: round(direct.at(-1)!) });
    }
    const s = summarize(scheduled);
    const d = summarize(direct);
    return { schedulerPodsPerSec: s, directBindsPerSec: d, ratio: round(s.median / d.median) };
  } finally {
    factory.stop();
    await store.close();
  }
}
