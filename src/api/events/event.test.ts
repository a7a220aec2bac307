import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Event } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import type { KubeObject } from "../object.js";
import { eventDefinition } from "../core/event.js";
import { eventsV1Definition } from "./event.js";

const { strategy, converter, info } = eventsV1Definition;
const toStorage = (obj: unknown): Event => converter!.toStorage(obj as KubeObject) as Event;
const fromStorage = (obj: Event): Record<string, unknown> => converter!.fromStorage(obj) as Record<string, unknown>;

const newStyle = {
  apiVersion: "events.k8s.io/v1",
  kind: "Event",
  metadata: { name: "web-0.1", namespace: "default" },
  eventTime: "2026-11-28T11:58:00.123456Z",
  series: { count: 2, lastObservedTime: "2026-11-28T11:59:00.000000Z" },
  reportingController: "tinykube.io/statefulset",
  reportingInstance: "tinykube",
  action: "Create",
  reason: "SuccessfulCreate",
  regarding: { kind: "StatefulSet", name: "web", namespace: "default", apiVersion: "apps/v1", uid: "u1" },
  related: { kind: "Pod", name: "web-0", namespace: "default" },
  note: "create Pod web-0 in StatefulSet web successful",
  type: "Normal",
  deprecatedSource: {},
};

describe("events.k8s.io/v1 ⇄ core/v1 conversion", () => {
  test("a new-style event maps note, regarding and reportingController onto the core fields", () => {
    const core = toStorage(newStyle);
    assert.deepEqual(core, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "web-0.1", namespace: "default" },
      eventTime: "2026-11-28T11:58:00.123456Z",
      series: { count: 2, lastObservedTime: "2026-11-28T11:59:00.000000Z" },
      reportingComponent: "tinykube.io/statefulset",
      reportingInstance: "tinykube",
      action: "Create",
      reason: "SuccessfulCreate",
      involvedObject: { kind: "StatefulSet", name: "web", namespace: "default", apiVersion: "apps/v1", uid: "u1" },
      related: { kind: "Pod", name: "web-0", namespace: "default" },
      message: "create Pod web-0 in StatefulSet web successful",
      type: "Normal",
    });
  });

  test("a new-style event survives the round trip through storage unchanged", () => {
    assert.deepEqual(fromStorage(toStorage(newStyle)), newStyle);
  });

  test("an old-style core event reads with deprecated fields and a null eventTime, and converts back to itself", () => {
    const core: Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "web-0.2", namespace: "default", resourceVersion: "7" },
      involvedObject: { kind: "Pod", name: "web-0", namespace: "default" },
      reason: "Pulled",
      message: "Container image already present",
      source: { component: "kubelet", host: "node-1" },
      firstTimestamp: "2026-11-28T11:00:00Z",
      lastTimestamp: "2026-11-28T11:05:00Z",
      count: 4,
      type: "Normal",
      reportingComponent: "kubelet",
      reportingInstance: "node-1",
    };
    const v1 = fromStorage(core);
    assert.deepEqual(v1, {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "web-0.2", namespace: "default", resourceVersion: "7" },
      eventTime: null,
      reportingController: "kubelet",
      reportingInstance: "node-1",
      reason: "Pulled",
      regarding: { kind: "Pod", name: "web-0", namespace: "default" },
      note: "Container image already present",
      type: "Normal",
      deprecatedSource: { component: "kubelet", host: "node-1" },
      deprecatedFirstTimestamp: "2026-11-28T11:00:00Z",
      deprecatedLastTimestamp: "2026-11-28T11:05:00Z",
      deprecatedCount: 4,
    });
    assert.deepEqual(toStorage(v1), core);
  });

  test("conversion never shares nested objects with its input", () => {
    const core = toStorage(newStyle);
    core.involvedObject.name = "changed";
    assert.equal(newStyle.regarding.name, "web");
  });
});

const messages = (ev: Event): string[] => strategy.validate(ev).map(formatFieldError);

describe("events.k8s.io/v1 strict validation on create", () => {
  const cases: Array<{ name: string; body: Record<string, unknown>; expect: string[] }> = [
    { name: "a complete new-style event is valid", body: newStyle, expect: [] },
    {
      name: "eventTime is required and type must be Normal or Warning",
      body: { ...newStyle, eventTime: null, type: "Info", action: "Create" },
      expect: ["eventTime: Required value", 'type: Invalid value: "": has invalid value: Info'],
    },
    {
      name: "the deprecated fields must be unset",
      body: {
        ...newStyle,
        deprecatedCount: 2,
        deprecatedFirstTimestamp: "2026-11-28T11:00:00Z",
        deprecatedLastTimestamp: "2026-11-28T11:00:00Z",
        deprecatedSource: { component: "x" },
      },
      expect: [
        'firstTimestamp: Invalid value: "": needs to be unset',
        'lastTimestamp: Invalid value: "": needs to be unset',
        'count: Invalid value: "": needs to be unset',
        'source: Invalid value: "": needs to be unset',
      ],
    },
    {
      name: "a series needs a count of at least 2 and a last observed time",
      body: { ...newStyle, series: { count: 1 } },
      expect: ['series.count: Invalid value: "": should be at least 2', "series.lastObservedTime: Required value"],
    },
    {
      name: "names are DNS subdomains",
      body: { ...newStyle, metadata: { name: "Web_0", namespace: "default" } },
      expect: [
        `metadata.name: Invalid value: "Web_0": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(messages(toStorage(c.body)), c.expect));
  }
});

describe("events.k8s.io/v1 strict validation on update", () => {
  const stored = (): Event => {
    const ev = toStorage(newStyle);
    Object.assign(ev.metadata, { resourceVersion: "9", uid: "e1" });
    return ev;
  };

  test("moving the series is allowed, and the create-only rules are not run again", () => {
    const old = stored();
    const next = stored();
    next.series = { count: 3, lastObservedTime: "2026-11-28T11:59:30.000000Z" };
    assert.deepEqual([...strategy.validate(next), ...strategy.validateUpdate(next, old)], []);
  });

  test("an old-style event may be updated through events.k8s.io without tripping the create rules", () => {
    const old = stored();
    old.firstTimestamp = "2026-11-28T11:00:00Z";
    const next = structuredClone(old);
    next.series = { count: 2, lastObservedTime: "2026-11-28T11:59:30.000000Z" };
    assert.deepEqual(strategy.validate(next), []);
  });

  test("everything but the series is immutable, reason checked twice as upstream does", () => {
    const old = stored();
    const next = stored();
    next.reason = "Other";
    next.message = "changed";
    next.reportingComponent = "someone.else/ctl";
    assert.deepEqual(strategy.validateUpdate(next, old).map(formatFieldError), [
      'reason: Invalid value: "Other": field is immutable',
      'message: Invalid value: "changed": field is immutable',
      'reason: Invalid value: "Other": field is immutable',
      'reportingController: Invalid value: "someone.else/ctl": field is immutable',
    ]);
  });
});

test("the storage strategy the registry validates with applies the strict rules to events.k8s.io requests only", () => {
  const fromV1 = toStorage({ ...newStyle, deprecatedCount: 3 });
  assert.deepEqual(eventDefinition.strategy.validate(fromV1).map(formatFieldError), ['count: Invalid value: "": needs to be unset']);
  const plain = structuredClone(fromV1);
  assert.deepEqual(eventDefinition.strategy.validate(plain), [], "a core/v1 request with the same content is fine");
  // In place: a copy would lose which API group the object came from.
  const old = toStorage(newStyle);
  Object.assign(old.metadata, { resourceVersion: "3" });
  const changed = toStorage({ ...newStyle, note: "other" });
  Object.assign(changed.metadata, { resourceVersion: "3" });
  assert.deepEqual(eventDefinition.strategy.validateUpdate(changed, old).map(formatFieldError), ['message: Invalid value: "other": field is immutable']);
});

test("events.k8s.io field selectors use the regarding.* and reportingController labels", () => {
  const fields = strategy.selectableFields!(toStorage(newStyle));
  assert.equal(fields["regarding.name"], "web");
  assert.equal(fields["reportingController"], "tinykube.io/statefulset");
  assert.equal(fields["involvedObject.name"], undefined);
});

test("events.k8s.io/v1 is stored as core/v1 events", () => {
  assert.deepEqual(info.storage, { group: "", resource: "events", version: "v1", kind: "Event" });
  assert.deepEqual([info.group, info.version, info.shortNames], ["events.k8s.io", "v1", ["ev"]]);
});
