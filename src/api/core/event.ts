import type { Event } from "kubernetes-types/core/v1.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy } from "../resource.js";
import { validateObjectMetaUpdate } from "../validation/object-meta.js";
import { eventTable } from "./event-table.js";
import { receivedAsEventsV1 } from "../events/event-conversion.js";
import { legacyValidateEvent, strictValidateEventUpdate, validateEventsV1Request, validateLegacyEventMeta } from "./event-validation.js";

/** core/v1 events: the storage form of both served Event versions (/registry/events). */
export const eventInfo: ResourceInfo = {
  group: "",
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
  storage: { group: "", resource: "events", version: "v1", kind: "Event" },
};

/**
 * Go always serializes these non-pointer fields of core/v1 Event; materializing them keeps our
 * JSON identical to upstream's and spares every reader a "missing or empty" check.
 */
export function defaultEvent(ev: Event): void {
  ev.involvedObject ??= {};
  ev.reportingComponent ??= "";
  ev.reportingInstance ??= "";
}

/** Upstream's EventToSelectableFields (the core/v1 field selector labels). */
export function eventSelectableFields(ev: Event): Record<string, string> {
  const o = ev.involvedObject ?? {};
  return {
    "involvedObject.kind": o.kind ?? "",
    "involvedObject.namespace": o.namespace ?? "",
    "involvedObject.name": o.name ?? "",
    "involvedObject.uid": o.uid ?? "",
    "involvedObject.apiVersion": o.apiVersion ?? "",
    "involvedObject.resourceVersion": o.resourceVersion ?? "",
    "involvedObject.fieldPath": o.fieldPath ?? "",
    reason: ev.reason ?? "",
    reportingComponent: ev.reportingComponent ?? "",
    source: ev.source?.component ?? "",
    type: ev.type ?? "",
  };
}

/**
 * The events.k8s.io/v1 field selector labels, as upstream maps them onto the core ones
 * (AddFieldLabelConversionsForEvent): regarding.* for involvedObject.*, reportingController
 * for reportingComponent.
 */
export function eventsV1SelectableFields(ev: Event): Record<string, string> {
  const o = ev.involvedObject ?? {};
  return {
    "regarding.kind": o.kind ?? "",
    "regarding.namespace": o.namespace ?? "",
    "regarding.name": o.name ?? "",
    "regarding.uid": o.uid ?? "",
    "regarding.apiVersion": o.apiVersion ?? "",
    "regarding.resourceVersion": o.resourceVersion ?? "",
    "regarding.fieldPath": o.fieldPath ?? "",
    reason: ev.reason ?? "",
    reportingController: ev.reportingComponent ?? "",
    source: ev.source?.component ?? "",
    type: ev.type ?? "",
  };
}

/**
 * Upstream's event strategy: no preparation; the lenient legacy validation for core/v1
 * requests, events.k8s.io's strict one for objects converted from that version (the registry
 * validates every version with this storage strategy).
 */
export const eventStrategy: Strategy<Event> = {
  applyDefaults: defaultEvent,
  prepareForCreate() {},
  prepareForUpdate() {},
  validate: (ev) => (receivedAsEventsV1.has(ev) ? validateEventsV1Request(ev) : [...legacyValidateEvent(ev), ...validateLegacyEventMeta(ev)]),
  validateUpdate: (ev, old) => (receivedAsEventsV1.has(ev) ? strictValidateEventUpdate(ev, old) : validateObjectMetaUpdate(ev.metadata, old.metadata)),
  table: eventTable,
  // The registry filters every version with this strategy, so events.k8s.io's labels are here too.
  selectableFields: (ev) => ({ ...eventSelectableFields(ev), ...eventsV1SelectableFields(ev) }),
  allowCreateOnUpdate: true,
};

export const eventDefinition: ResourceDefinition<Event> = { info: eventInfo, strategy: eventStrategy };
