import type { ObjectReference, Pod } from "kubernetes-types/core/v1.js";
import { type EventType, objectReference } from "../client/events/event-recorder.js";
import { containerFieldPath } from "./kubelet-format.js";

/** Where the agent's events go: ClientEventRecorder in production, a list in tests. */
export interface EventSink {
  eventOnReference(ref: ObjectReference, what: { type: EventType; reason: string; message: string }): void;
}

/** The kubelet's events about a pod and its containers (reasons from pkg/kubelet/events). */
export class KubeletEvents {
  constructor(private readonly sink: EventSink) {}

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
