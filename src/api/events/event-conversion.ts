import type { Event as CoreEvent, EventSource, ObjectReference } from "kubernetes-types/core/v1.js";
import type { Event as EventsEvent, EventSeries } from "kubernetes-types/events/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { clone, isPlainObject, type KubeObject } from "../object.js";
import type { VersionConverter } from "../resource.js";

/**
 * events.k8s.io/v1 Event ⇄ core/v1 Event (the storage form), field for field as upstream's
 * Convert_v1_Event_To_core_Event and back: note↔message, regarding↔involvedObject,
 * reportingController↔reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count ↔
 * source/firstTimestamp/lastTimestamp/count. Missing fields stay missing, except where Go
 * always writes a field (eventTime null, regarding and deprecatedSource objects).
 */

type Json = Record<string, unknown>;

/** core/v1 → events.k8s.io/v1, for responses and watch events. */
export function eventToV1(core: CoreEvent): EventsEvent {
  const out: Json = { apiVersion: "events.k8s.io/v1", kind: "Event" };
  if (core.metadata) out["metadata"] = core.metadata;
  // events/v1 eventTime has no omitempty: an old-style event shows it as null.
  out["eventTime"] = core.eventTime ?? null;
  copy(out, "series", core.series);
  copy(out, "reportingController", core.reportingComponent || undefined);
  copy(out, "reportingInstance", core.reportingInstance || undefined);
  copy(out, "action", core.action);
  copy(out, "reason", core.reason);
  out["regarding"] = core.involvedObject ?? {};
  copy(out, "related", core.related);
  copy(out, "note", core.message);
  copy(out, "type", core.type);
  out["deprecatedSource"] = core.source ?? {};
  copy(out, "deprecatedFirstTimestamp", core.firstTimestamp);
  copy(out, "deprecatedLastTimestamp", core.lastTimestamp);
  copy(out, "deprecatedCount", core.count || undefined);
  return out as unknown as EventsEvent;
}

/** events.k8s.io/v1 → core/v1, for request bodies and patches. */
export function eventFromV1(ev: Json): CoreEvent {
  const out: Json = { apiVersion: "v1", kind: "Event", metadata: (ev["metadata"] ?? {}) as ObjectMeta };
  copy(out, "eventTime", ev["eventTime"] ?? undefined);
  copy(out, "series", ev["series"] as EventSeries | undefined);
  out["reportingComponent"] = ev["reportingController"] ?? "";
  out["reportingInstance"] = ev["reportingInstance"] ?? "";
  copy(out, "action", ev["action"]);
  copy(out, "reason", ev["reason"]);
  out["involvedObject"] = (ev["regarding"] ?? {}) as ObjectReference;
  copy(out, "related", ev["related"]);
  copy(out, "message", ev["note"]);
  copy(out, "type", ev["type"]);
  const source = ev["deprecatedSource"] as EventSource | undefined;
  if (source && Object.keys(source).length > 0) out["source"] = source;
  copy(out, "firstTimestamp", ev["deprecatedFirstTimestamp"] ?? undefined);
  copy(out, "lastTimestamp", ev["deprecatedLastTimestamp"] ?? undefined);
  copy(out, "count", ev["deprecatedCount"] || undefined);
  return out as unknown as CoreEvent;
}

function copy(out: Json, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

/**
 * The storage objects made from events.k8s.io/v1 requests. The registry validates with the
 * storage version's strategy, which could not otherwise tell a request's version; the core
 * event strategy looks here to apply events.k8s.io's stricter rules to these.
 */
export const receivedAsEventsV1 = new WeakSet<object>();

export const eventsV1Converter: VersionConverter = {
  // Clones first: the result must not share nested objects with a (possibly cached) input.
  toStorage(obj: KubeObject): KubeObject {
    const core = eventFromV1(isPlainObject(obj) ? clone(obj) : {});
    receivedAsEventsV1.add(core);
    return core;
  },
  fromStorage: (obj: KubeObject): KubeObject => eventToV1(clone(obj) as CoreEvent),
};
