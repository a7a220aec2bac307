// A stand-in for the node agent in controller tests: binds pods to a node, reports them Running
// and Ready (or crash-looping, or failed, as a test asks), and finishes graceful deletions.
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../../api/object.js";
import { refs } from "../../../api/refs.js";
import { isConflict, isNotFound } from "../../../api/status.js";
import type { Client } from "../../../client/client.js";
import { type Clock, rfc3339 } from "../../../util/clock.js";

export type PodFate = "ready" | "running" | "crashing" | "failed" | "pending";

export interface FakeKubeletOptions {
  client: Client;
  clock: Clock;
  /** Bind pods to this node first, so that deleting them is graceful (as with a real node). */
  node?: string;
  /** What becomes of a pod (by name); Ready by default. */
  fate?: (pod: Stored<Pod>) => PodFate;
}

export class FakeKubelet {
  constructor(private readonly o: FakeKubeletOptions) {}

  /** One pass over every pod: bind, report status, and remove pods whose deletion was asked. */
  async sync(namespace = "default"): Promise<void> {
    const pods = await this.o.client.list<Pod>(refs.pods, namespace);
    for (const pod of pods.items) {
      await this.syncPod(pod).catch((err: unknown) => {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      });
    }
  }

  private async syncPod(pod: Stored<Pod>): Promise<void> {
    const { client } = this.o;
    if (pod.metadata.deletionTimestamp) {
      await client.delete(refs.pods, pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      return;
    }
    if (this.o.node && !pod.spec?.nodeName) {
      const binding = { apiVersion: "v1", kind: "Binding", metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace }, target: { kind: "Node", name: this.o.node } };
      await client.createSubresource(refs.pods, pod.metadata.namespace, pod.metadata.name, "binding", binding);
      return;
    }
    const status = this.statusFor(pod, this.o.fate?.(pod) ?? "ready");
    if (JSON.stringify(status.phase) === JSON.stringify(pod.status?.phase) && readyOf(pod) === readyOf({ status })) return;
    await client.update<Pod>(refs.pods, { ...pod, status }, { subresource: "status" });
  }

  private statusFor(pod: Stored<Pod>, fate: PodFate): NonNullable<Pod["status"]> {
    const now = rfc3339(this.o.clock.now());
    const ready = (status: "True" | "False") => [{ type: "Ready", status, lastTransitionTime: readyOf(pod) === status ? lastReady(pod) ?? now : now }];
    const name = pod.spec?.containers[0]?.name ?? "main";
    switch (fate) {
      case "pending":
        return { ...pod.status, phase: "Pending" };
      case "failed":
        return { ...pod.status, phase: "Failed" };
      case "running":
        return { ...pod.status, phase: "Running", conditions: ready("False") };
      case "crashing":
        return {
          ...pod.status,
          phase: "Running",
          conditions: ready("False"),
          containerStatuses: [{ name, image: "", imageID: "", ready: false, restartCount: 2, state: { waiting: { reason: "CrashLoopBackOff", message: "back-off restarting failed container" } } }],
        };
      case "ready":
        return {
          ...pod.status,
          phase: "Running",
          conditions: ready("True"),
          containerStatuses: [{ name, image: "", imageID: "", ready: true, restartCount: 0, state: { running: { startedAt: now } } }],
        };
    }
  }
}

function readyOf(pod: Pod): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === "Ready")?.status;
}

function lastReady(pod: Pod): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime;
}
