import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Node } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isAlreadyExists, isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { type Clock, rfc3339Micro, type Timer } from "../../util/clock.js";
import type { MachineInfo } from "./machine-info.js";
import { nodeObject, nodeStatus } from "./node-object.js";

/** The kubelet's node lease: 40 s long, renewed every quarter of it. */
export const leaseDurationSeconds = 40;
const renewMs = 10_000;
/** With a lease, the kubelet re-reports an unchanged node status every 5 minutes (nodeStatusReportFrequency). */
const reportMs = 300_000;

export interface NodeHeartbeatOptions {
  readonly client: Client;
  readonly clock: Clock;
  readonly name: string;
  readonly address: string;
  readonly machine: MachineInfo;
  readonly onError: (err: unknown) => void;
}

/** Registers the Node, keeps its Lease in kube-node-lease renewed and its status reported. */
export class NodeHeartbeat {
  private node: Stored<Node> | undefined;
  private timers: Timer[] = [];
  private stopped = false;

  constructor(private readonly o: NodeHeartbeatOptions) {}

  /** Registers (or re-registers) the node and takes its lease; then renews on the clock. */
  async start(): Promise<void> {
    await this.register();
    await this.renewLease();
    this.every(renewMs, () => this.renewLease());
    this.every(reportMs, () => this.reportStatus());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const tick = (): void => {
      if (this.stopped) return;
      void fn()
        .catch(this.o.onError)
        .finally(() => {
          if (!this.stopped) this.timers.push(this.o.clock.setTimeout(tick, ms));
        });
    };
    this.timers.push(this.o.clock.setTimeout(tick, ms));
  }

  private async register(): Promise<void> {
    const { client, clock, name, address, machine } = this.o;
    try {
      this.node = await client.create<Node>(refs.nodes, nodeObject({ name, address, machine, now: clock.now() }));
      // The registry drops status on create: report it through the status subresource.
      await this.reportStatus();
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      this.node = await client.get<Node>(refs.nodes, undefined, name);
      await this.reportStatus();
    }
  }

  private async reportStatus(): Promise<void> {
    const { client, clock, name, address, machine } = this.o;
    const status = nodeStatus({ name, address, machine, now: clock.now(), previous: this.node?.status });
    this.node = await client.patch<Node>(refs.nodes, undefined, name, "merge", { status }, { subresource: "status" });
  }

  private async renewLease(): Promise<void> {
    const { client, clock, name } = this.o;
    const spec = { holderIdentity: name, leaseDurationSeconds, renewTime: rfc3339Micro(clock.now()) };
    try {
      await client.patch<Lease>(refs.leases, "kube-node-lease", name, "merge", { spec });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const owner = this.node && { apiVersion: "v1", kind: "Node", name, uid: this.node.metadata.uid };
      const lease: Lease = {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name, namespace: "kube-node-lease", ...(owner ? { ownerReferences: [owner] } : {}) },
        spec,
      };
      await client.create<Lease>(refs.leases, lease).catch((e: unknown) => {
        if (!isAlreadyExists(e)) throw e;
      });
    }
  }
}
