import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Node, NodeCondition } from "kubernetes-types/core/v1.js";
import { assessNodeHealth } from "./node-health.js";
import type { NodeHealth } from "./node-health.js";

const t0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const ready = (status: string, heartbeat: number): NodeCondition => ({
  type: "Ready",
  status,
  reason: "KubeletReady",
  message: "kubelet is posting ready status",
  lastHeartbeatTime: iso(heartbeat),
  lastTransitionTime: iso(t0),
});
const pressure = (type: string): NodeCondition => ({ type, status: "False", reason: `KubeletHasNo${type}`, message: "fine", lastHeartbeatTime: iso(t0), lastTransitionTime: iso(t0) });
const node = (conditions: NodeCondition[]): Node => ({ metadata: { name: "n1", creationTimestamp: iso(t0) }, status: { conditions } });
const lease = (renew: number): Lease => ({ metadata: { name: "n1", namespace: "kube-node-lease" }, spec: { renewTime: new Date(renew).toISOString() } });
const saved = (over: Partial<NodeHealth>): NodeHealth => ({ ready: ready("True", t0), probeTimestamp: t0, readyTransitionTimestamp: t0, leaseRenewTime: undefined, ...over });

interface Case {
  name: string;
  node: Node;
  saved?: NodeHealth;
  lease?: Lease;
  now: number;
  expect: { probeTimestamp: number; written?: Array<[string, string, string]> };
}

const allConditions = [ready("True", t0), pressure("MemoryPressure"), pressure("DiskPressure"), pressure("PIDPressure")];

const cases: Case[] = [
  { name: "a node seen for the first time counts as heard from now", node: node(allConditions), now: t0 + 5000, expect: { probeTimestamp: t0 + 5000 } },
  {
    name: "an unchanged heartbeat keeps the old probe time; within 40 s nothing is written",
    node: node(allConditions),
    saved: saved({}),
    now: t0 + 40_000,
    expect: { probeTimestamp: t0 },
  },
  {
    name: "silent for more than 40 s: Ready and the pressure conditions become Unknown, NodeStatusUnknown",
    node: node(allConditions),
    saved: saved({}),
    now: t0 + 40_001,
    expect: {
      probeTimestamp: t0,
      written: [
        ["Ready", "Unknown", "NodeStatusUnknown"],
        ["MemoryPressure", "Unknown", "NodeStatusUnknown"],
        ["DiskPressure", "Unknown", "NodeStatusUnknown"],
        ["PIDPressure", "Unknown", "NodeStatusUnknown"],
      ],
    },
  },
  {
    name: "a renewed Lease counts as a heartbeat even when the status is old",
    node: node(allConditions),
    saved: saved({ leaseRenewTime: new Date(t0).toISOString() }),
    lease: lease(t0 + 30_000),
    now: t0 + 60_000,
    expect: { probeTimestamp: t0 + 60_000 },
  },
  {
    name: "a new heartbeat in the Ready condition counts as heard from now",
    node: node([ready("True", t0 + 50_000)]),
    saved: saved({}),
    now: t0 + 60_000,
    expect: { probeTimestamp: t0 + 60_000 },
  },
  {
    name: "conditions the kubelet never posted are added as NodeStatusNeverUpdated",
    node: node([ready("True", t0)]),
    saved: saved({}),
    now: t0 + 41_000,
    expect: {
      probeTimestamp: t0,
      written: [
        ["Ready", "Unknown", "NodeStatusUnknown"],
        ["MemoryPressure", "Unknown", "NodeStatusNeverUpdated"],
        ["DiskPressure", "Unknown", "NodeStatusNeverUpdated"],
        ["PIDPressure", "Unknown", "NodeStatusNeverUpdated"],
      ],
    },
  },
  {
    name: "a node that never posted Ready has the 60 s startup grace from its creation",
    node: node([]),
    now: t0 + 59_000,
    expect: { probeTimestamp: t0 },
  },
  {
    name: "already Unknown: nothing more to write",
    node: node(allConditions.map((c) => ({ ...c, status: "Unknown", reason: "NodeStatusUnknown" }))),
    saved: saved({ ready: { ...ready("Unknown", t0), reason: "NodeStatusUnknown" } }),
    now: t0 + 100_000,
    expect: { probeTimestamp: t0 },
  },
];

describe("assessNodeHealth", () => {
  for (const c of cases) {
    test(c.name, () => {
      const result = assessNodeHealth(c.node, { saved: c.saved, lease: c.lease, now: c.now });
      assert.equal(result.health.probeTimestamp, c.expect.probeTimestamp);
      assert.deepEqual(result.conditions?.map((x) => [x.type, x.status, x.reason]), c.expect.written);
    });
  }

  test("an Unknown condition keeps its last heartbeat, says the kubelet stopped posting, and moves its transition time to now", () => {
    const result = assessNodeHealth(node(allConditions), { saved: saved({}), lease: undefined, now: t0 + 45_000 });
    assert.deepEqual(result.conditions?.[0], {
      type: "Ready",
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
      lastHeartbeatTime: iso(t0),
      lastTransitionTime: iso(t0 + 45_000),
    });
    assert.equal(result.observedReady.status, "True");
    assert.equal(result.currentReady?.status, "Unknown");
  });
});
