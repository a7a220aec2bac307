import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import type { Client } from "../../client/client.js";
import { type Clock, rfc3339 } from "../../util/clock.js";
import type { EventRecorder } from "../runtime/event-recorder.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import { truncateMessage } from "./fit-error.js";
import { type ScheduledCondition, withUnscheduledCondition } from "./pod-condition.js";

export interface PodWritesOptions {
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
}

/** The scheduler's writes to pods: the binding, the Scheduled event, and failures (event + condition). */
export class PodWrites {
  constructor(private readonly options: PodWritesOptions) {}

  /** POST pods/binding as upstream's DefaultBinder does, then the Scheduled event. */
  async bind(pod: Stored<Pod>, node: string): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    const binding = { apiVersion: "v1", kind: "Binding", metadata: { namespace, name, uid }, target: { kind: "Node", name: node } };
    await this.options.client.createSubresource(refs.pods, namespace, name, "binding", binding);
    this.options.recorder.event(pod, "Normal", "Scheduled", `Successfully assigned ${namespace ?? ""}/${name} to ${node}`);
  }

  /**
   * handleSchedulingFailure: a FailedScheduling warning and PodScheduled False with the same
   * message. The condition is left alone once the pod is bound (a later attempt won the race).
   */
  async failed(pod: Stored<Pod>, c: ScheduledCondition): Promise<void> {
    const message = truncateMessage(c.message);
    this.options.recorder.event(pod, "Warning", "FailedScheduling", message);
    const now = rfc3339(this.options.clock.now());
    await updateWithRetry<Pod>(
      { client: this.options.client, ref: refs.pods, object: pod },
      (latest) => {
        if (latest.spec?.nodeName || latest.metadata.deletionTimestamp) return undefined;
        const status = withUnscheduledCondition(latest.status, { reason: c.reason, message: c.message }, now);
        if (!status) return undefined;
        (latest as { status?: unknown }).status = status;
        return latest;
      },
      { subresource: "status", fromCache: true },
    );
  }
}
