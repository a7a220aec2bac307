import type { Node, Pod, PodCondition } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { objectKey } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { EventRecorder } from "../../client/events/event-recorder.js";
import type { Informer } from "../../client/informer.js";
import { type Clock, rfc3339, type Timer } from "../../util/clock.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import { evictionDecision, noExecuteTaints } from "./eviction-decision.js";

export interface TaintEvictionOptions {
  readonly client: Client;
  readonly clock: Clock;
  readonly nodes: Informer<Node>;
  readonly pods: Informer<Pod>;
  /** Events as component "taint-eviction-controller". */
  readonly recorder: EventRecorder;
  readonly onError: (key: string, err: unknown) => void;
}

interface Scheduled {
  /** When the pod was first seen tolerating the taints (tolerationSeconds count from here). */
  readonly createdAt: number;
  readonly fireAt: number;
  readonly timer: Timer;
}

/**
 * upstream's taint eviction controller: pods on a node with NoExecute taints they do not
 * tolerate are deleted at once; those tolerating them for tolerationSeconds are deleted that
 * long after the controller first saw them tainted; a toleration without seconds keeps the pod.
 * Each deletion first adds the DisruptionTarget condition (DeletionByTaintManager).
 */
export class TaintEviction {
  private readonly scheduled = new Map<string, Scheduled>();
  private stopped = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: TaintEvictionOptions) {
    this.unsubscribe.push(
      o.nodes.addEventHandler({
        onAdd: (node) => this.nodeChanged(node),
        onUpdate: (old, node) => {
          const taints = (n: Node) => JSON.stringify(noExecuteTaints(n.spec?.taints));
          if (taints(old) !== taints(node)) this.nodeChanged(node);
        },
      }),
      o.pods.addEventHandler({
        onAdd: (pod) => this.podChanged(pod),
        onUpdate: (old, pod) => {
          const same = old.spec?.nodeName === pod.spec?.nodeName && JSON.stringify(old.spec?.tolerations) === JSON.stringify(pod.spec?.tolerations);
          if (!same) this.podChanged(pod);
        },
        onDelete: (pod) => this.cancel(objectKey(pod)),
      }),
    );
  }

  /** Cancels every scheduled eviction: leadership ended, the next leader starts over. */
  stop(): void {
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    for (const s of this.scheduled.values()) s.timer.cancel();
    this.scheduled.clear();
  }

  /** handleNodeUpdate: every pod on the node is looked at again. */
  nodeChanged(node: Stored<Node>): void {
    for (const pod of this.o.pods.lister.byNodeName(node.metadata.name)) this.podChanged(pod, node);
  }

  private podChanged(pod: Stored<Pod>, known?: Stored<Node>): void {
    const nodeName = pod.spec?.nodeName;
    if (this.stopped || !nodeName) return;
    const node = known ?? this.o.nodes.lister.get(undefined, nodeName);
    const key = objectKey(pod);
    const decision = evictionDecision(noExecuteTaints(node?.spec?.taints), pod.spec?.tolerations);
    const now = this.o.clock.now();
    switch (decision.kind) {
      case "none":
      case "never":
        this.cancel(key);
        return;
      case "now":
        this.cancel(key);
        this.schedule(key, { createdAt: now, fireAt: now });
        return;
      case "after": {
        const existing = this.scheduled.get(key);
        const createdAt = existing?.createdAt ?? now;
        if (existing && existing.fireAt <= createdAt + decision.ms) return;
        this.cancel(key);
        this.schedule(key, { createdAt, fireAt: createdAt + decision.ms });
      }
    }
  }

  private schedule(key: string, at: { createdAt: number; fireAt: number }): void {
    const timer = this.o.clock.setTimeout(() => void this.evict(key), Math.max(0, at.fireAt - this.o.clock.now()));
    this.scheduled.set(key, { ...at, timer });
  }

  /** Cancels a scheduled eviction, saying so in an event as upstream's cancelWorkWithEvent. */
  private cancel(key: string): void {
    const existing = this.scheduled.get(key);
    if (!existing) return;
    existing.timer.cancel();
    this.scheduled.delete(key);
    this.event(key, `Cancelling deletion of Pod ${key}`);
  }

  private async evict(key: string): Promise<void> {
    this.scheduled.delete(key);
    if (this.stopped) return;
    this.event(key, `Marking for deletion Pod ${key}`);
    const [namespace = "", name = ""] = key.split("/");
    try {
      const pod = await this.o.client.get<Pod>(refs.pods, namespace, name);
      await updateWithRetry<Pod>({ client: this.o.client, ref: refs.pods, object: pod }, (latest) => this.withDisruptionTarget(latest), {
        subresource: "status",
        fromCache: true,
      });
      await this.o.client.delete(refs.pods, namespace, name, { preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) this.o.onError(key, err);
    }
  }

  /** The DisruptionTarget condition upstream's addConditionAndDeletePod sets; undefined when already there. */
  private withDisruptionTarget(pod: Stored<Pod>): Stored<Pod> | undefined {
    const condition: PodCondition = {
      type: "DisruptionTarget",
      status: "True",
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
      lastTransitionTime: rfc3339(this.o.clock.now()),
    };
    const conditions = pod.status?.conditions ?? [];
    const old = conditions.find((c) => c.type === "DisruptionTarget");
    if (old && old.status === condition.status && old.reason === condition.reason && old.message === condition.message) return undefined;
    return { ...pod, status: { ...pod.status, conditions: [...conditions.filter((c) => c.type !== "DisruptionTarget"), condition] } };
  }

  private event(key: string, message: string): void {
    const [namespace = "", name = ""] = key.split("/");
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { namespace, name } };
    this.o.recorder.event(pod, "Normal", "TaintManagerEviction", message);
  }
}
