import assert from "node:assert/strict";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/object.js";
import { podTerminationEstimate, resourceOutcome } from "./content.js";

const pods = { group: "", version: "v1", resource: "pods" };
const obj = (name: string, finalizers: string[] = []): KubeObject => ({ metadata: { name, finalizers } });

test("what a resource's remaining objects mean for the namespace's deletion", () => {
  const cases: Array<{ name: string; remaining: KubeObject[]; estimate: number; expect: { estimate: number; remaining: number; finalizers: Record<string, number>; error?: string } }> = [
    { name: "nothing left: done", remaining: [], estimate: 30, expect: { estimate: 0, remaining: 0, finalizers: {} } },
    { name: "pods still terminating: wait their grace period", remaining: [obj("a"), obj("b")], estimate: 30, expect: { estimate: 30, remaining: 2, finalizers: {} } },
    {
      name: "objects held by finalizers: wait the default 15 s",
      remaining: [obj("a", ["kubernetes.io/pvc-protection"]), obj("b", ["kubernetes.io/pvc-protection", "example.com/x"])],
      estimate: 0,
      expect: { estimate: 15, remaining: 2, finalizers: { "kubernetes.io/pvc-protection": 2, "example.com/x": 1 } },
    },
    {
      name: "objects left for no reason are an error",
      remaining: [obj("a")],
      estimate: 0,
      expect: { estimate: 0, remaining: 1, finalizers: {}, error: "unexpected items still remain in namespace: ns1 for gvr: /v1, Resource=pods" },
    },
  ];
  for (const c of cases) {
    const o = resourceOutcome(pods, { namespace: "ns1", remaining: c.remaining, estimateSeconds: c.estimate });
    const got = { estimate: o.estimateSeconds, remaining: o.numRemaining, finalizers: Object.fromEntries(o.finalizers), ...(o.error ? { error: o.error } : {}) };
    assert.deepEqual(got, c.expect, c.name);
  }
});

test("pods' termination estimate is their longest grace period, until that much time has passed", () => {
  const pod = (grace: number | undefined, phase?: string): Pod => ({ spec: { containers: [], ...(grace === undefined ? {} : { terminationGracePeriodSeconds: grace }) }, status: phase ? { phase } : {} });
  const deletedAtMs = Date.UTC(2026, 0, 1);
  const cases: Array<{ name: string; pods: Pod[]; elapsedMs: number; expect: number }> = [
    { name: "no pods", pods: [], elapsedMs: 0, expect: 0 },
    { name: "the longest grace period", pods: [pod(30), pod(60), pod(undefined)], elapsedMs: 0, expect: 60 },
    { name: "terminal pods do not count", pods: [pod(30), pod(90, "Succeeded"), pod(120, "Failed")], elapsedMs: 0, expect: 30 },
    { name: "still within the grace period", pods: [pod(30)], elapsedMs: 29_999, expect: 30 },
    { name: "once the grace period has passed since the namespace's deletion: 0", pods: [pod(30)], elapsedMs: 30_000, expect: 0 },
  ];
  for (const c of cases) assert.equal(podTerminationEstimate(c.pods, { deletedAtMs, nowMs: deletedAtMs + c.elapsedMs }), c.expect, c.name);
});
