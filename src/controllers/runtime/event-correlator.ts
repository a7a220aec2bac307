// The correlator lives in client/ beside the recorder; re-exported for controllers.
export { type Correlation, EventCorrelator, EventNamer, type EventPatch, eventKey } from "../../client/events/event-correlator.js";
