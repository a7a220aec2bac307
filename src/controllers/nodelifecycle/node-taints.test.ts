import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Node, Taint, Toleration } from "kubernetes-types/core/v1.js";
import { evictionDecision } from "./eviction-decision.js";
import type { EvictionDecision } from "./eviction-decision.js";
import { applyTaintChange, noExecuteChange, noScheduleChange } from "./node-taints.js";

const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
const notReady: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoExecute" };
const withTaints = (taints: Taint[], conditions: Array<[string, string]> = [], unschedulable = false): Node => ({
  metadata: { name: "n" },
  spec: { taints, ...(unschedulable ? { unschedulable } : {}) },
  status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
});

describe("NoExecute taints by the Ready condition seen before the pass", () => {
  const cases: Array<{ name: string; node: Node; status: string; fullDisruption?: boolean; add: Taint[]; remove: Taint[] }> = [
    { name: "Unknown taints unreachable", node: withTaints([]), status: "Unknown", add: [unreachable], remove: [] },
    { name: "False taints not-ready", node: withTaints([]), status: "False", add: [notReady], remove: [] },
    { name: "Unknown on a not-ready node swaps the taints", node: withTaints([notReady]), status: "Unknown", add: [unreachable], remove: [notReady] },
    { name: "Unknown on an unreachable node changes nothing", node: withTaints([unreachable]), status: "Unknown", add: [], remove: [] },
    { name: "True removes both", node: withTaints([unreachable, notReady]), status: "True", add: [], remove: [notReady, unreachable] },
    { name: "full disruption taints nothing and removes what is there", node: withTaints([unreachable]), status: "Unknown", fullDisruption: true, add: [], remove: [unreachable] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const change = noExecuteChange(c.node, { status: c.status, fullDisruption: c.fullDisruption ?? false });
      assert.deepEqual(change.add, c.add);
      assert.deepEqual(new Set(change.remove.map((t) => t.key)), new Set(c.remove.map((t) => t.key)));
    });
  }
});

describe("NoSchedule taints by condition", () => {
  test("Ready Unknown and disk pressure call for unreachable and disk-pressure NoSchedule taints", () => {
    const change = noScheduleChange(withTaints([], [["Ready", "Unknown"], ["DiskPressure", "True"], ["MemoryPressure", "False"]]));
    assert.deepEqual(change.add, [
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" },
      { key: "node.kubernetes.io/disk-pressure", effect: "NoSchedule" },
    ]);
  });
  test("a Ready node loses a condition taint but keeps the user's own and NoExecute ones", () => {
    const user: Taint = { key: "dedicated", value: "db", effect: "NoSchedule" };
    const change = noScheduleChange(withTaints([user, unreachable, { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" }], [["Ready", "True"]]));
    assert.deepEqual(change, { add: [], remove: [{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule" }] });
  });
  test("spec.unschedulable calls for node.kubernetes.io/unschedulable", () => {
    assert.deepEqual(noScheduleChange(withTaints([], [["Ready", "True"]], true)).add, [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }]);
  });
  test("added taints carry timeAdded; removed ones go", () => {
    const now = Date.parse("2026-01-01T00:00:05Z");
    assert.deepEqual(applyTaintChange([notReady], { add: [unreachable], remove: [notReady] }, now), [{ ...unreachable, timeAdded: "2026-01-01T00:00:05Z" }]);
  });
});

describe("taint eviction decisions", () => {
  const defaults: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  ];
  const cases: Array<{ name: string; taints: Taint[]; tolerations: Toleration[]; expect: EvictionDecision }> = [
    { name: "no NoExecute taint: nothing to do", taints: [], tolerations: [], expect: { kind: "none" } },
    { name: "the default tolerations keep a pod 300 s on an unreachable node", taints: [unreachable], tolerations: defaults, expect: { kind: "after", ms: 300_000 } },
    { name: "an untolerated taint evicts at once", taints: [{ key: "x", effect: "NoExecute" }], tolerations: defaults, expect: { kind: "now" } },
    { name: "a toleration without seconds keeps the pod forever", taints: [unreachable], tolerations: [{ operator: "Exists" }], expect: { kind: "never" } },
    { name: "tolerationSeconds 0 evicts at once", taints: [unreachable], tolerations: [{ key: unreachable.key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }], expect: { kind: "now" } },
    {
      name: "the shortest tolerationSeconds among the tolerations used wins",
      taints: [unreachable, notReady],
      tolerations: [defaults[0]!, { key: unreachable.key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 }],
      expect: { kind: "after", ms: 30_000 },
    },
    { name: "Equal compares values", taints: [{ key: "k", value: "a", effect: "NoExecute" }], tolerations: [{ key: "k", value: "b", effect: "NoExecute" }], expect: { kind: "now" } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(evictionDecision(c.taints, c.tolerations), c.expect));
});
