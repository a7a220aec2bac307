import { type KubeObject, objectKey } from "../../api/object.js";
import type { EventRecorder, EventType } from "./event-recorder.js";

export interface RecordedEvent {
  /** "namespace/name" of the object. */
  readonly object: string;
  readonly kind: string | undefined;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

/** The fake beside ClientEventRecorder: keeps events in memory for tests to assert on. */
export class RecordingEventRecorder implements EventRecorder {
  readonly events: RecordedEvent[] = [];

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.events.push({ object: objectKey(obj), kind: obj.kind, type, reason, message });
  }

  /** "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful" lines, for compact assertions. */
  lines(): string[] {
    return this.events.map((e) => `${e.type} ${e.reason} ${e.message}`);
  }
}
