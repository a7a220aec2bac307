import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Node, NodeCondition, Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import type { Client } from "../../client/client.js";
import { ClientEventRecorder } from "../../client/events/event-recorder.js";
import type { EventRecorder } from "../../client/events/event-recorder.js";
import type { Informer } from "../../client/informer.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import type { Clock, Timer } from "../../util/clock.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import { assessNodeHealth } from "./node-health.js";
import type { HealthAssessment, NodeHealth } from "./node-health.js";
import { applyTaintChange, isEmptyChange, noExecuteChange, noScheduleChange } from "./node-taints.js";
import type { TaintChange } from "./node-taints.js";
import { TaintEviction } from "./taint-eviction.js";

/** upstream's --node-monitor-period default. */
export const nodeMonitorPeriodMs = 5_000;

export interface NodeLifecycleOptions {
  readonly client: Client;
  readonly factory: InformerFactory;
  readonly clock: Clock;
  /** Events as "node-controller" and "taint-eviction-controller"; recorders on the client by default. */
  readonly recorders?: { readonly node: EventRecorder; readonly taintEviction: EventRecorder };
  readonly onError?: (key: string, err: unknown) => void;
}

/**
 * upstream's node lifecycle controller (with taint-based eviction, as since v1.27 always): every
 * node monitor period it checks each node's heartbeats (Ready condition, Lease in
 * kube-node-lease), marks a silent node's conditions Unknown after the grace period, its pods
 * not Ready, taints it unreachable/not-ready (NoExecute and NoSchedule), and lets the taint
 * eviction controller delete pods that do not tolerate that (after tolerationSeconds, 300 by
 * default through DefaultTolerationSeconds). Zones and eviction rate limits are not modelled:
 * all nodes are one zone, tainted as soon as they qualify.
 */
export class NodeLifecycleController {
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly pods: Informer<Pod>;
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Set<string>();
  private readonly recorder: EventRecorder;
  private readonly eviction: TaintEviction;
  private readonly onError: (key: string, err: unknown) => void;
  private timer: Timer | undefined;
  private pass: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: NodeLifecycleOptions) {
    this.nodes = o.factory.informerFor<Node>(refs.nodes);
    this.leases = o.factory.informerFor<Lease>(refs.leases);
    this.pods = o.factory.informerFor<Pod>(refs.pods);
    this.onError = o.onError ?? (() => {});
    const recorders = o.recorders ?? {
      node: new ClientEventRecorder(o.client, { clock: o.clock, component: "node-controller" }),
      taintEviction: new ClientEventRecorder(o.client, { clock: o.clock, component: "taint-eviction-controller" }),
    };
    this.recorder = recorders.node;
    this.eviction = new TaintEviction({ client: o.client, clock: o.clock, nodes: this.nodes, pods: this.pods, recorder: recorders.taintEviction, onError: this.onError });
  }

  /** Waits for the caches, then monitors every node monitor period. */
  async start(): Promise<void> {
    const synced = await Promise.all([this.nodes, this.leases, this.pods].map((i) => i.waitForSync()));
    if (!synced.every(Boolean) || this.stopped) return;
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.eviction.stop();
    await this.pass;
  }

  private tick(): void {
    if (this.stopped) return;
    this.pass = this.monitorNodeHealth().catch((err: unknown) => this.onError("monitor", err));
    void this.pass.finally(() => {
      if (!this.stopped) this.timer = this.o.clock.setTimeout(() => this.tick(), nodeMonitorPeriodMs);
    });
  }

  /** monitorNodeHealth: one pass over every node. */
  async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.lister.list();
    this.noticeAddedAndDeleted(nodes);
    const assessed = nodes.map((node) => ({ node, ...this.assess(node) }));
    const fullDisruption = assessed.length > 0 && assessed.every((a) => a.currentReady?.status !== "True");
    await Promise.all(assessed.map((a) => this.settle(a, fullDisruption).catch((err: unknown) => this.onError(a.node.metadata.name, err))));
  }

  private assess(node: Stored<Node>): HealthAssessment {
    const name = node.metadata.name;
    const lease = this.leases.lister.get("kube-node-lease", name);
    const result = assessNodeHealth(node, { saved: this.health.get(name), lease, now: this.o.clock.now() });
    this.health.set(name, result.health);
    return result;
  }

  /** Writes what the assessment found: conditions, taints, and pods not Ready on a fresh transition. */
  private async settle(a: HealthAssessment & { node: Stored<Node> }, fullDisruption: boolean): Promise<void> {
    let node = a.node;
    if (a.conditions) node = (await this.writeConditions(node, a.conditions)) ?? node;
    const noExecute = noExecuteChange(node, { status: a.observedReady.status ?? "Unknown", fullDisruption });
    const noSchedule = noScheduleChange(node);
    const change: TaintChange = { add: [...noExecute.add, ...noSchedule.add], remove: [...noExecute.remove, ...noSchedule.remove] };
    if (!isEmptyChange(change)) await this.writeTaints(node, change);
    if (a.observedReady.status === "True" && a.currentReady !== undefined && a.currentReady.status !== "True") {
      this.nodeEvent(node, "NodeNotReady", `Node ${node.metadata.name} status is now: NodeNotReady`);
      await this.markPodsNotReady(node.metadata.name);
    }
  }

  private noticeAddedAndDeleted(nodes: readonly Stored<Node>[]): void {
    const names = new Set(nodes.map((n) => n.metadata.name));
    for (const node of nodes) {
      if (this.known.has(node.metadata.name)) continue;
      this.known.add(node.metadata.name);
      this.nodeEvent(node, "RegisteredNode", `Node ${node.metadata.name} event: Registered Node ${node.metadata.name} in Controller`);
    }
    for (const name of [...this.known]) {
      if (names.has(name)) continue;
      this.known.delete(name);
      this.health.delete(name);
      this.nodeEvent({ metadata: { name } }, "RemovingNode", `Node ${name} event: Removing Node ${name} from Controller`);
    }
  }

  private writeConditions(node: Stored<Node>, conditions: NodeCondition[]): Promise<Stored<Node> | undefined> {
    return updateWithRetry<Node>(
      { client: this.o.client, ref: refs.nodes, object: node },
      (latest) => ({ ...latest, status: { ...latest.status, conditions } }),
      { subresource: "status", fromCache: true, attempts: 1 },
    );
  }

  private async writeTaints(node: Stored<Node>, change: TaintChange): Promise<void> {
    const now = this.o.clock.now();
    await updateWithRetry<Node>({ client: this.o.client, ref: refs.nodes, object: node }, (latest) => {
      const { taints: _old, ...spec } = latest.spec ?? {};
      const taints = applyTaintChange(latest.spec?.taints ?? [], change, now);
      return { ...latest, spec: taints.length > 0 ? { ...spec, taints } : spec };
    }, { fromCache: true });
  }

  /** MarkPodsNotReady: each pod's Ready condition becomes False (the rest kept), with a NodeNotReady event. */
  private async markPodsNotReady(nodeName: string): Promise<void> {
    for (const pod of this.pods.lister.byNodeName(nodeName)) {
      const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
      if (!ready || ready.status === "False") continue;
      const updated = await updateWithRetry<Pod>({ client: this.o.client, ref: refs.pods, object: pod }, (latest) => {
        const conditions = latest.status?.conditions ?? [];
        if (!conditions.some((c) => c.type === "Ready" && c.status !== "False")) return undefined;
        return { ...latest, status: { ...latest.status, conditions: conditions.map((c) => (c.type === "Ready" ? { ...c, status: "False" } : c)) } };
      }, { subresource: "status", fromCache: true });
      if (updated) this.recorder.event(updated, "Warning", "NodeNotReady", "Node is not ready");
    }
  }

  private nodeEvent(node: { metadata: { name: string; uid?: string } }, reason: string, message: string): void {
    this.recorder.event({ apiVersion: "v1", kind: "Node", metadata: { name: node.metadata.name, ...(node.metadata.uid ? { uid: node.metadata.uid } : {}) } }, "Normal", reason, message);
  }
}

/** Builds and starts the controller (it acts once its informers have synced). */
export function startNodeLifecycleController(options: NodeLifecycleOptions): { stop(): Promise<void> } {
  const controller = new NodeLifecycleController(options);
  void controller.start();
  return { stop: () => controller.stop() };
}
