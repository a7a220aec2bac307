import type { Event } from "kubernetes-types/core/v1.js";
import { eventInfo, eventStrategy, eventsV1SelectableFields } from "../core/event.js";
import { strictValidateEventUpdate, validateEventsV1Request } from "../core/event-validation.js";
import { eventsV1Converter } from "./event-conversion.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy } from "../resource.js";

/** events.k8s.io/v1 Events: served from the core/v1 event storage through a converter. */
export const eventsV1Info: ResourceInfo = {
  group: "events.k8s.io",
  version: "v1",
  kind: "Event",
  resource: "events",
  singular: "event",
  listKind: "EventList",
  namespaced: true,
  shortNames: ["ev"],
  categories: [],
  subresources: [],
  verbs: allVerbs,
  storage: eventInfo.storage,
};

/** The same strategy with upstream's strict rules and field labels of events.k8s.io/v1 requests. */
export const eventsV1Strategy: Strategy<Event> = {
  ...eventStrategy,
  validate: validateEventsV1Request,
  validateUpdate: strictValidateEventUpdate,
  selectableFields: eventsV1SelectableFields,
};

export const eventsV1Definition: ResourceDefinition<Event> = {
  info: eventsV1Info,
  strategy: eventsV1Strategy,
  converter: eventsV1Converter,
};
