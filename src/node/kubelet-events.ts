import type { ObjectReference, Pod } from "kubernetes-types/core/v1.js";
import { type EventType, objectReference } from "../client/events/event-recorder.js";
import { containerFieldPath } from "./kubelet-format.js";

/** Where the agent's events go: ClientEventRecorder in production, a list in tests. */
export interface EventSink {
  eventOnReference(ref: ObjectReference, what: EventWhat): void;
}

type EventWhat = { type: EventType; reason: string; message: string };

/** A pod worker's events, which it can hold back for a while (see KubeletEvents.holdable). */
export interface HoldableEvents {
  readonly events: KubeletEvents;
  /** Keeps events from now on until release(). */
  hold(): void;
  /** Hands on what was held, in order, and stops holding. */
  release(): void;
}

/** The kubelet's events about a pod and its containers (reasons from pkg/kubelet/events). */
export class KubeletEvents {
  constructor(private readonly sink: EventSink) {}

  /**
   * Events for one pod worker that it holds while it syncs, so that its status write goes to the
   * API before the events of the same sync (upstream's recorder writes events in the background
   * too: they never delay a pod's status).
   */
  holdable(): HoldableEvents {
    let held: Array<[ObjectReference, EventWhat]> | undefined;
    const sink: EventSink = {
      eventOnReference: (ref, what) => (held ? held.push([ref, what]) : this.sink.eventOnReference(ref, what)),
    };
    return {
      events: new KubeletEvents(sink),
      hold: () => (held ??= []),
      release: () => {
        const events = held ?? [];
        held = undefined;
        for (const [ref, what] of events) this.sink.eventOnReference(ref, what);
      },
    };
  }

  /** An event about the pod itself (FailedMount, DeadlineExceeded…). */
  pod(pod: Pod, type: EventType, what: { reason: string; message: string }): void {
    this.sink.eventOnReference(podReference(pod), { type, ...what });
  }

  /** An event about one container: the reference carries its fieldPath, as GenerateContainerRef makes it. */
  container(pod: Pod, name: string, what: { type: EventType; reason: string; message: string }): void {
    this.sink.eventOnReference({ ...podReference(pod), fieldPath: containerFieldPath(pod, name) }, what);
  }
}

function podReference(pod: Pod): ObjectReference {
  return objectReference({ ...pod, apiVersion: pod.apiVersion ?? "v1", kind: pod.kind ?? "Pod" });
}
