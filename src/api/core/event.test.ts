import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Event } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { eventDefinition, eventSelectableFields } from "./event.js";

const { strategy } = eventDefinition;
const now = Date.parse("2026-11-28T12:00:00Z");

function event(over: Partial<Event> = {}): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "web-0.17a3c2b1d0e9f8a7", namespace: "default" },
    involvedObject: { kind: "Pod", name: "web-0", namespace: "default", uid: "u1", apiVersion: "v1" },
    reason: "Scheduled",
    message: "Successfully assigned default/web-0 to node-1",
    source: { component: "default-scheduler" },
    firstTimestamp: "2026-11-28T11:58:00Z",
    lastTimestamp: "2026-11-28T11:59:30Z",
    count: 1,
    type: "Normal",
    ...over,
  };
}

const messages = (ev: Event): string[] => strategy.validate(ev).map(formatFieldError);

describe("core/v1 event validation (legacy rules)", () => {
  const cases: Array<{ name: string; ev: Event; expect: string[] }> = [
    { name: "an old-style event about a pod in its own namespace is valid", ev: event(), expect: [] },
    {
      name: "an event in another namespace than its object is rejected",
      ev: event({ metadata: { name: "e", namespace: "other" } }),
      expect: ['involvedObject.namespace: Invalid value: "default": does not match event.namespace'],
    },
    {
      name: "an event about a cluster-scoped object may live in default",
      ev: event({ involvedObject: { kind: "Node", name: "node-1" } }),
      expect: [],
    },
    {
      name: "an old-style event about a cluster-scoped object may not live in kube-system",
      ev: event({ metadata: { name: "e", namespace: "kube-system" }, involvedObject: { kind: "Node", name: "node-1" } }),
      expect: ['involvedObject.namespace: Invalid value: "": does not match event.namespace'],
    },
    {
      name: "a new-style event about a cluster-scoped object may live in kube-system",
      ev: event({
        metadata: { name: "e", namespace: "kube-system" },
        involvedObject: { kind: "Node", name: "node-1" },
        eventTime: "2026-11-28T11:58:00.000000Z",
        reportingComponent: "kubelet",
        reportingInstance: "node-1",
        action: "Starting",
      }),
      expect: [],
    },
    {
      name: "a new-style event needs the reporting fields, an action and a reason",
      ev: event({ eventTime: "2026-11-28T11:58:00.000000Z", reason: "" }),
      expect: [
        "reportingController: Required value",
        `reportingController: Invalid value: "": name part must be non-empty`,
        `reportingController: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        "reportingInstance: Required value",
        "action: Required value",
        "reason: Required value",
      ],
    },
    {
      name: "a new-style event's reason and note are bounded",
      ev: event({
        eventTime: "2026-11-28T11:58:00.000000Z",
        reportingComponent: "kubelet",
        reportingInstance: "node-1",
        action: "a".repeat(129),
        reason: "r".repeat(129),
        message: "m".repeat(1025),
      }),
      expect: [
        'action: Invalid value: "": can have at most 128 characters',
        'reason: Invalid value: "": can have at most 128 characters',
        'message: Invalid value: "": can have at most 1024 characters',
      ],
    },
    {
      name: "a name with a slash cannot become a path segment",
      ev: event({ metadata: { name: "a/b", namespace: "default" } }),
      expect: [`metadata.name: Invalid value: "a/b": may not contain '/'`],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(messages(c.ev), c.expect));
  }
});

test("updating a core/v1 event keeps only the metadata rules (count and timestamps may move)", () => {
  const old = event({ metadata: { name: "e", namespace: "default", uid: "x", resourceVersion: "5" } });
  const next = event({ metadata: { name: "e", namespace: "default", uid: "x", resourceVersion: "5" }, count: 2 });
  assert.deepEqual(strategy.validateUpdate(next, old), []);
  const renamed = event({ metadata: { name: "f", namespace: "default", uid: "x", resourceVersion: "5" } });
  assert.deepEqual(strategy.validateUpdate(renamed, old).map(formatFieldError), ['metadata.name: Invalid value: "f": field is immutable']);
});

test("defaulting writes the reporting fields and involved object Go always serializes", () => {
  const ev = { metadata: { name: "e", namespace: "default" } } as Event;
  strategy.applyDefaults(ev);
  assert.deepEqual(ev, { metadata: { name: "e", namespace: "default" }, involvedObject: {}, reportingComponent: "", reportingInstance: "" });
});

describe("event table cells", () => {
  const cases: Array<{ name: string; ev: Event; expect: unknown[] }> = [
    {
      name: "an old-style event prints its timestamps, source and count",
      ev: event({ count: 3, source: { component: "kubelet", host: "node-1" }, involvedObject: { kind: "Pod", name: "web-0", fieldPath: "spec.containers{app}" } }),
      expect: ["30s", "Normal", "Scheduled", "pod/web-0", "spec.containers{app}", "kubelet, node-1", "Successfully assigned default/web-0 to node-1", "2m", 3, "web-0.17a3c2b1d0e9f8a7"],
    },
    {
      name: "a new-style singleton event prints eventTime for both times and a count of 1",
      ev: event({
        firstTimestamp: undefined,
        lastTimestamp: undefined,
        count: undefined,
        source: {},
        eventTime: "2026-11-28T11:55:00.000000Z",
        reportingComponent: "tinykube-statefulset",
        reportingInstance: "",
        message: "  spaced  ",
      }),
      expect: ["5m", "Normal", "Scheduled", "pod/web-0", "", "tinykube-statefulset", "spaced", "5m", 1, "web-0.17a3c2b1d0e9f8a7"],
    },
    {
      name: "a series prints its last observed time and count",
      ev: event({ series: { count: 7, lastObservedTime: "2026-11-28T11:59:50.000000Z" } }),
      expect: ["10s", "Normal", "Scheduled", "pod/web-0", "", "default-scheduler", "Successfully assigned default/web-0 to node-1", "2m", 7, "web-0.17a3c2b1d0e9f8a7"],
    },
    {
      name: "an event without timestamps or a named object prints <unknown> and the kind alone",
      ev: event({ firstTimestamp: undefined, lastTimestamp: undefined, involvedObject: { kind: "Node" } }),
      expect: ["<unknown>", "Normal", "Scheduled", "node", "", "default-scheduler", "Successfully assigned default/web-0 to node-1", "<unknown>", 1, "web-0.17a3c2b1d0e9f8a7"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(strategy.table.cells(c.ev, now), c.expect));
  }
  test("columns are upstream's, the wide ones at priority 1", () => {
    const cols = strategy.table.columns.map((col) => `${col.name}:${col.priority}`);
    assert.deepEqual(cols, ["Last Seen:0", "Type:0", "Reason:0", "Object:0", "Subobject:1", "Source:1", "Message:0", "First Seen:1", "Count:1", "Name:1"]);
  });
});

test("field selectors cover the involved object, reason, reporting component, source and type", () => {
  const ev = event({ reportingComponent: "kubelet" });
  const served = strategy.selectableFields!(ev);
  assert.equal(served["regarding.name"], "web-0", "the registry filters events.k8s.io lists with this strategy too");
  assert.equal(served["reportingController"], "kubelet");
  assert.deepEqual(eventSelectableFields(ev), {
    "involvedObject.kind": "Pod",
    "involvedObject.namespace": "default",
    "involvedObject.name": "web-0",
    "involvedObject.uid": "u1",
    "involvedObject.apiVersion": "v1",
    "involvedObject.resourceVersion": "",
    "involvedObject.fieldPath": "",
    reason: "Scheduled",
    reportingComponent: "kubelet",
    source: "default-scheduler",
    type: "Normal",
  });
});

test("discovery names core/v1 events with the short name ev", () => {
  const { info } = eventDefinition;
  assert.deepEqual([info.resource, info.kind, info.namespaced, info.shortNames], ["events", "Event", true, ["ev"]]);
});
