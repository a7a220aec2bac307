import assert from "node:assert/strict";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import { compareForRemoval } from "./active-pods-order.js";

function pod(name: string, o: { node?: string; phase?: string; readySince?: string; restarts?: number; created?: string }): Pod {
  return {
    metadata: { name, creationTimestamp: o.created ?? "2024-01-01T00:00:00Z" },
    spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? "Running",
      conditions: o.readySince ? [{ type: "Ready", status: "True", lastTransitionTime: o.readySince }] : [],
      containerStatuses: [{ name: "c", image: "", imageID: "", ready: !!o.readySince, restartCount: o.restarts ?? 0 }],
    },
  };
}

const order = (...pods: Pod[]) => [...pods].sort(compareForRemoval).map((p) => p.metadata!.name);

test("unscheduled pods go before scheduled ones", () => assert.deepEqual(order(pod("a", { node: "n" }), pod("b", {})), ["b", "a"]));
test("Pending goes before Unknown before Running", () => {
  assert.deepEqual(order(pod("r", { node: "n" }), pod("u", { node: "n", phase: "Unknown" }), pod("p", { node: "n", phase: "Pending" })), ["p", "u", "r"]);
});
test("not ready goes before ready, and the most recently ready first", () => {
  const old = pod("old", { node: "n", readySince: "2024-01-01T00:00:00Z" });
  const recent = pod("recent", { node: "n", readySince: "2024-01-01T00:05:00Z" });
  assert.deepEqual(order(old, recent, pod("not", { node: "n" })), ["not", "recent", "old"]);
});
test("more restarts go first, then the newer pod", () => {
  assert.deepEqual(order(pod("few", { node: "n", restarts: 1 }), pod("many", { node: "n", restarts: 4 })), ["many", "few"]);
  assert.deepEqual(order(pod("older", { node: "n" }), pod("newer", { node: "n", created: "2024-01-02T00:00:00Z" })), ["newer", "older"]);
});
