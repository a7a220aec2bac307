import type { Event } from "kubernetes-types/core/v1.js";
import { type FieldError, fieldErrors } from "../field-errors.js";
import { fromMessages, validateImmutable } from "../validation/generic.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain, validatePathSegmentName } from "../../util/names.js";

/**
 * Event validation as upstream's pkg/apis/core/validation/events.go. Both served versions store
 * core/v1 Events; which rules apply depends on the version the request came in (core/v1 keeps
 * the lenient legacy rules, events.k8s.io/v1 adds the strict ones), so each version's strategy
 * picks its functions here. Field paths are the core/v1 names in both cases, as upstream's.
 */

const reportingInstanceLengthLimit = 128;
const actionLengthLimit = 128;
const reasonLengthLimit = 128;
const noteLengthLimit = 1024;

const bytes = (s: string | undefined): number => Buffer.byteLength(s ?? "");

/** legacyValidateEvent: namespaces agree, and events with an eventTime carry the new reporting fields. */
export function legacyValidateEvent(ev: Event): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = ev.metadata?.namespace ?? "";
  const involvedNamespace = ev.involvedObject?.namespace ?? "";
  const mismatch = fieldErrors.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace");
  if (!ev.eventTime) {
    // Old events: an unnamespaced involved object may be reported in "" or "default".
    const ok = involvedNamespace === "" ? namespace === "" || namespace === "default" : namespace === involvedNamespace;
    if (!ok) errs.push(mismatch);
  } else {
    if (involvedNamespace === "" && namespace !== "default" && namespace !== "kube-system") errs.push(mismatch);
    errs.push(...validateReportingFields(ev));
  }
  errs.push(...fromMessages("namespace", namespace, isDNS1123Subdomain(namespace)));
  return errs;
}

function validateReportingFields(ev: Event): FieldError[] {
  const errs: FieldError[] = [];
  const controller = ev.reportingComponent ?? "";
  if (controller === "") errs.push(fieldErrors.required("reportingController"));
  errs.push(...fromMessages("reportingController", controller, isQualifiedName(controller)));
  errs.push(...requiredWithLimit("reportingInstance", ev.reportingInstance, reportingInstanceLengthLimit));
  errs.push(...requiredWithLimit("action", ev.action, actionLengthLimit));
  errs.push(...requiredWithLimit("reason", ev.reason, reasonLengthLimit));
  if (bytes(ev.message) > noteLengthLimit) errs.push(tooManyCharacters("message", noteLengthLimit));
  return errs;
}

function requiredWithLimit(field: string, value: string | undefined, limit: number): FieldError[] {
  const errs: FieldError[] = [];
  if (!value) errs.push(fieldErrors.required(field));
  if (bytes(value) > limit) errs.push(tooManyCharacters(field, limit));
  return errs;
}

const tooManyCharacters = (field: string, limit: number): FieldError =>
  fieldErrors.invalid(field, "", `can have at most ${limit} characters`);

/**
 * The object metadata checks upstream's generic registry runs for every kind (names become a
 * path segment); core/v1 events get no stricter name rule than that.
 */
export function validateLegacyEventMeta(ev: Event): FieldError[] {
  return validateObjectMeta(ev.metadata, { namespaced: true, nameValidator: validatePathSegmentName });
}

/**
 * Validation of a request in events.k8s.io/v1: the legacy rules always, the strict create rules
 * on creates. On an update the registry runs this and strictValidateEventUpdate; an object
 * being created is the one without a resourceVersion (the registry clears it on create and sets
 * it on every update), so the two cases of upstream's ValidateEventCreate/Update stay apart.
 */
export function validateEventsV1Request(ev: Event): FieldError[] {
  const errs = legacyValidateEvent(ev);
  if (!ev.metadata?.resourceVersion) errs.push(...strictValidateEventCreate(ev));
  return errs;
}

/** ValidateEventCreate for events.k8s.io/v1: a new-style event with none of the deprecated fields. */
export function strictValidateEventCreate(ev: Event): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  errs.push(...validateEventSeries(ev));
  if (!ev.eventTime) errs.push(fieldErrors.required("eventTime"));
  if (ev.type !== "Normal" && ev.type !== "Warning") {
    errs.push(fieldErrors.invalid("type", "", `has invalid value: ${ev.type ?? ""}`));
  }
  if (ev.firstTimestamp) errs.push(needsToBeUnset("firstTimestamp"));
  if (ev.lastTimestamp) errs.push(needsToBeUnset("lastTimestamp"));
  if (ev.count) errs.push(needsToBeUnset("count"));
  if (ev.source?.component || ev.source?.host) errs.push(needsToBeUnset("source"));
  return errs;
}

const needsToBeUnset = (field: string): FieldError => fieldErrors.invalid(field, "", "needs to be unset");

function validateEventSeries(ev: Event): FieldError[] {
  const series = ev.series;
  if (!series) return [];
  const errs: FieldError[] = [];
  if ((series.count ?? 0) < 2) errs.push(fieldErrors.invalid("series.count", "", "should be at least 2"));
  if (!series.lastObservedTime) errs.push(fieldErrors.required("series.lastObservedTime"));
  return errs;
}

/**
 * ValidateEventUpdate for events.k8s.io/v1: only the series may move. Upstream checks reason
 * twice; so do we, so the causes match.
 */
export function strictValidateEventUpdate(ev: Event, old: Event): FieldError[] {
  const errs = validateObjectMetaUpdate(ev.metadata, old.metadata);
  if (!semanticEqual(ev.series, old.series)) errs.push(...validateEventSeries(ev));
  // Go cannot tell a missing string or number from its zero value; neither may we here.
  const s = (v: string | undefined): string => v ?? "";
  const immutable: Array<[string, unknown, unknown]> = [
    ["involvedObject", ev.involvedObject, old.involvedObject],
    ["reason", s(ev.reason), s(old.reason)],
    ["message", s(ev.message), s(old.message)],
    ["source", ev.source, old.source],
    ["firstTimestamp", s(ev.firstTimestamp), s(old.firstTimestamp)],
    ["lastTimestamp", s(ev.lastTimestamp), s(old.lastTimestamp)],
    ["count", ev.count ?? 0, old.count ?? 0],
    ["reason", s(ev.reason), s(old.reason)],
    ["type", s(ev.type), s(old.type)],
    ["eventTime", s(ev.eventTime), s(old.eventTime)],
    ["action", s(ev.action), s(old.action)],
    ["related", ev.related, old.related],
    ["reportingController", s(ev.reportingComponent), s(old.reportingComponent)],
    ["reportingInstance", s(ev.reportingInstance), s(old.reportingInstance)],
  ];
  for (const [field, now, before] of immutable) errs.push(...validateImmutable(now, before, field));
  return errs;
}
