// The parts `tinykube up` runs besides the API server. Adding a controller is adding one
// line to `components`: its module is loaded only when it starts, after the API answers.
import type { PodStreams } from "../api/pod-streams.js";
import type { ResourceTable } from "../api/resource-table.js";
import type { Client } from "../client/client.js";
import type { InformerFactory } from "../client/informer-factory.js";
import type { Clock } from "../util/clock.js";
import type { RuntimeChoice } from "./up-options.js";

/** What a component is given: the in-process client, shared informers, the clock... */
export interface ComponentContext {
  readonly client: Client;
  /** Shared informers: one list+watch per resource for all components. Started after every component is. */
  readonly factory: InformerFactory;
  readonly resources: ResourceTable;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly runtime: RuntimeChoice;
  /** Serve pods' log/exec/attach through this (the node agent). */
  readonly setPodStreams: (streams: PodStreams | undefined) => void;
  /** Reports a failed reconcile without stopping the component. */
  readonly onError: (key: string, err: unknown) => void;
}

/** A running component. */
export interface Component {
  stop(): Promise<void>;
}

/**
 * The upstream program a component belongs to. Its writes carry the program's User-Agent, so
 * managedFields name them as upstream's do: a pod's status fields by "kubelet", its spec by
 * "kube-controller-manager".
 */
export type Program = "kube-controller-manager" | "kube-scheduler" | "kubelet";

export interface ComponentSpec {
  readonly name: string;
  readonly program: Program;
  start(ctx: ComponentContext): Promise<Component>;
  /** Only with one server ("single": the embedded store) or only with several ("multi": etcd). */
  readonly servers?: "single" | "multi";
}

/**
 * The Lease in kube-system whose holder alone runs the component when there are several servers
 * (--store etcd): its program's, as kube-controller-manager and kube-scheduler elect their
 * leader; none for the kubelet, which every node runs. Ignored with one server.
 */
export function leaseOf(spec: ComponentSpec): Exclude<Program, "kubelet"> | undefined {
  return spec.program === "kubelet" ? undefined : spec.program;
}

/** The components a server runs: with several servers, nodes join with `tinykube node` instead of a local agent. */
export function componentsFor(servers: "single" | "multi"): readonly ComponentSpec[] {
  return components.filter((c) => c.servers === undefined || c.servers === servers);
}

const kcm: Program = "kube-controller-manager";

export const components: readonly ComponentSpec[] = [
  { name: "scheduler", program: "kube-scheduler", start: async (c) => (await import("./start-scheduling.js")).startLocalScheduler(c) },
  { name: "volume-controller", program: kcm, start: async (c) => (await import("./start-scheduling.js")).startLocalVolumeController(c) },
  { name: "node-agent", program: "kubelet", servers: "single", start: async (c) => (await import("./start-node-agent.js")).startLocalNodeAgent(c) },
  { name: "garbage-collector", program: kcm, start: async (c) => (await import("./start-garbage-collector.js")).startGarbageCollector(c) },
  { name: "namespace-controller", program: kcm, start: async (c) => (await import("./start-namespace-controller.js")).startNamespaceController(c) },
  {
    name: "node-lifecycle-controller",
    program: kcm,
    servers: "multi",
    start: async (c) =>
      (await import("../controllers/nodelifecycle/node-lifecycle-controller.js")).startNodeLifecycleController({ client: c.client, clock: c.clock, factory: c.factory, onError: c.onError }),
  },
  {
    name: "statefulset-controller",
    program: kcm,
    start: async (c) =>
      (await import("../controllers/statefulset/statefulset-controller.js")).startStatefulSetController({ client: c.client, clock: c.clock, informers: c.factory, onError: c.onError }),
  },
  {
    name: "cronjob-controller",
    program: kcm,
    start: async (c) => (await import("../controllers/cronjob/cronjob-controller.js")).startCronJobController({ client: c.client, clock: c.clock, factory: c.factory, onError: c.onError }),
  },
  {
    name: "job-controller",
    program: kcm,
    start: async (c) => (await import("../controllers/job/job-controller.js")).startJobController({ client: c.client, clock: c.clock, factory: c.factory, onError: c.onError }),
  },
  {
    name: "ttl-after-finished-controller",
    program: kcm,
    start: async (c) =>
      (await import("../controllers/ttlafterfinished/ttl-after-finished-controller.js")).startTtlAfterFinishedController({ client: c.client, clock: c.clock, factory: c.factory, onError: c.onError }),
  },
];
