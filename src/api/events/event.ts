import type { Event } from "kubernetes-types/core/v1.js";
import { eventInfo, eventStrategy } from "../core/event.js";
import { legacyValidateEvent, strictValidateEventCreate, strictValidateEventUpdate } from "../core/event-validation.js";
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
 * The same strategy with upstream's strict rules for requests in events.k8s.io/v1. The registry
 * runs validate() on updates too; an object being created is the one without a resourceVersion
 * (the registry clears it on create and sets it on every update), so the create-only rules
 * (eventTime required, deprecated fields unset) apply to creates only, as upstream's
 * ValidateEventCreate/ValidateEventUpdate split them.
 */
export const eventsV1Strategy: Strategy<Event> = {
  ...eventStrategy,
  validate(ev) {
    const errs = legacyValidateEvent(ev);
    if (!ev.metadata?.resourceVersion) errs.push(...strictValidateEventCreate(ev));
    return errs;
  },
  validateUpdate: strictValidateEventUpdate,
  selectableFields: eventsV1SelectableFields,
};

export const eventsV1Definition: ResourceDefinition<Event> = {
  info: eventsV1Info,
  strategy: eventsV1Strategy,
  converter: eventsV1Converter,
};
