// The recorder lives in client/ so the node agent can share it; controllers keep importing it from here.
export { ClientEventRecorder, type EventRecorder, type EventRecorderOptions, type EventType, objectReference } from "../../client/events/event-recorder.js";
