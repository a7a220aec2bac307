import { mkdirSync } from "node:fs";
import type { PodStreams } from "../api/pod-streams.js";
import type { Client } from "../client/client.js";
import { ClientEventRecorder } from "../client/events/event-recorder.js";
import type { Clock } from "../util/clock.js";
import { clientConfigObjects } from "./config-objects.js";
import { CrashLoopBackoff } from "./crash-loop-backoff.js";
import { KubeletEvents } from "./kubelet-events.js";
import { readMachineInfo } from "./node/machine-info.js";
import { NodeHeartbeat } from "./node/node-heartbeat.js";
import { nodeAllocatable } from "./node/node-object.js";
import { PodManager } from "./pod-manager.js";
import type { Runtime } from "./runtime/runtime.js";
import { NodePodStreams } from "./streams/node-pod-streams.js";

export interface NodeAgentOptions {
  readonly client: Client;
  readonly clock: Clock;
  readonly runtime: Runtime;
  /** The agent's own directory: pods' volumes under `pods/`, container logs under `logs/`. */
  readonly dataDir: string;
  /** The Node's name; the hostname (lower-cased) by default, as the kubelet's. */
  readonly nodeName?: string;
  /** The node's address and every pod's (pods share the host network): 127.0.0.1 by default. */
  readonly address?: string;
  /** How many pods may sync at once; 32 by default. */
  readonly concurrency?: number;
  /** Failures the agent recovers from (a write that will be retried…); console.warn by default. */
  readonly onError?: (err: unknown) => void;
}

/** A running node agent. */
export interface NodeAgent {
  readonly nodeName: string;
  /** Serve pods' log, exec and attach through this. */
  readonly podStreams: PodStreams;
  /** Stops taking pods and heartbeating, then closes the runtime (its containers are killed). */
  stop(): Promise<void>;
}

/** KubeletConfiguration's defaults eventRecordQPS and eventBurst: the kubelet writes its events no faster. */
const kubeletEventRateLimit = { qps: 50, burst: 100 };

/**
 * Starts the node agent: registers the Node and its Lease, then runs the pods bound to it.
 * Resolves once the node is registered and the pods bound to it have been listed.
 */
export async function startNodeAgent(o: NodeAgentOptions): Promise<NodeAgent> {
  const onError = o.onError ?? ((err: unknown) => console.warn("node agent:", err));
  mkdirSync(o.dataDir, { recursive: true });
  const machine = readMachineInfo(o.dataDir);
  const nodeName = o.nodeName ?? machine.hostname;
  const address = o.address ?? "127.0.0.1";
  const recorder = new ClientEventRecorder(o.client, { clock: o.clock, component: "kubelet", host: nodeName, rateLimit: kubeletEventRateLimit, onError });
  const heartbeat = new NodeHeartbeat({ client: o.client, clock: o.clock, name: nodeName, address, machine, onError });
  await heartbeat.start();
  const pods = new PodManager(
    {
      client: o.client,
      clock: o.clock,
      runtime: o.runtime,
      nodeName,
      hostIP: address,
      dataDir: o.dataDir,
      events: new KubeletEvents(recorder),
      objects: clientConfigObjects(o.client),
      backoff: new CrashLoopBackoff(),
      allocatable: nodeAllocatable(machine),
      onError,
    },
    { ...(o.concurrency ? { concurrency: o.concurrency } : {}) },
  );
  pods.start();
  await pods.waitForSync();
  return {
    nodeName,
    podStreams: new NodePodStreams(pods, o.clock),
    stop: async () => {
      heartbeat.stop();
      await pods.stop();
      await o.runtime.close();
      await recorder.shutdown();
    },
  };
}
