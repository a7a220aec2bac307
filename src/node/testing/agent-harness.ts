// A node agent on the simulated runtime over an in-process cluster with a virtual clock, for tests
// of pod workers that play minutes of container life in milliseconds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Event, Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { type NodeAgent, startNodeAgent } from "../node-agent.js";
import { SimulatedRuntime } from "../runtime/simulated/simulated-runtime.js";

export const testNode = "node-1";

export interface AgentHarness {
  readonly cluster: TestCluster;
  readonly agent: NodeAgent;
  readonly dataDir: string;
  readonly errors: unknown[];
  /** Creates a pod bound to the test node (nodeName set, as the scheduler's binding would). */
  createPod(pod: Pod): Promise<Stored<Pod>>;
  /** The pod now, or undefined once it is gone. */
  pod(name: string): Promise<Stored<Pod> | undefined>;
  /** Advances the clock by seconds and lets every consequence settle. */
  advance(seconds: number): Promise<void>;
  /** Lets the agent catch up without moving time. */
  settle(): Promise<void>;
  /** "Reason Message" of the events about a pod, oldest first. */
  events(name: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function openAgentHarness(): Promise<AgentHarness> {
  const cluster = await openTestCluster(Date.parse("2026-01-01T00:00:00Z"));
  const dataDir = mkdtempSync(join(tmpdir(), "tinykube-agent-"));
  const errors: unknown[] = [];
  const runtime = new SimulatedRuntime({ clock: cluster.clock });
  const agent = await startNodeAgent({ client: cluster.client, clock: cluster.clock, runtime, dataDir, nodeName: testNode, onError: (e) => errors.push(e) });
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await cluster.clock.quiet();
  };
  return {
    cluster,
    agent,
    dataDir,
    errors,
    createPod: async (pod) => {
      const created = await cluster.client.create<Pod>(refs.pods, { apiVersion: "v1", kind: "Pod", ...pod, metadata: { namespace: "default", ...pod.metadata }, spec: { ...pod.spec!, nodeName: testNode } });
      await settle();
      return created;
    },
    pod: async (name) => {
      try {
        return await cluster.client.get<Pod>(refs.pods, "default", name);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    advance: async (seconds) => {
      await settle();
      await cluster.clock.advance(seconds * 1000);
      await settle();
    },
    settle,
    events: async (name) => {
      const list = await cluster.client.list<Event>(refs.events, "default", { fieldSelector: `involvedObject.name=${name}` });
      return list.items.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map((e) => `${e.reason} ${e.message}`);
    },
    close: async () => {
      await agent.stop();
      await cluster.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
