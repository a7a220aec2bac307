import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job } from "kubernetes-types/batch/v1.js";
import { decideTtl, type TtlDecision } from "./time-left.js";

const now = Date.parse("2024-01-01T00:10:00Z");

function job(spec: { ttl?: number; finished?: string; type?: string; deleting?: boolean }): Job {
  const conditions = spec.finished === undefined ? [] : [{ type: spec.type ?? "Complete", status: "True", lastTransitionTime: spec.finished }];
  return {
    metadata: { name: "pi", namespace: "default", ...(spec.deleting ? { deletionTimestamp: "2024-01-01T00:09:00Z" } : {}) },
    spec: { template: {}, ...(spec.ttl === undefined ? {} : { ttlSecondsAfterFinished: spec.ttl }) },
    status: { conditions },
  };
}

const cases: Array<{ name: string; job: Job; want: TtlDecision }> = [
  { name: "a running Job with a TTL waits for nothing", job: job({ ttl: 10 }), want: { kind: "none" } },
  { name: "a finished Job without a TTL is kept", job: job({ finished: "2024-01-01T00:00:00Z" }), want: { kind: "none" } },
  { name: "a Job finished 5 s ago with a TTL of 60 s waits 55 s", job: job({ ttl: 60, finished: "2024-01-01T00:09:55Z" }), want: { kind: "wait", ms: 55_000 } },
  { name: "a Job finished exactly its TTL ago has expired", job: job({ ttl: 60, finished: "2024-01-01T00:09:00Z" }), want: { kind: "expired" } },
  { name: "a TTL of 0 expires as soon as the Job finishes", job: job({ ttl: 0, finished: "2024-01-01T00:10:00Z" }), want: { kind: "expired" } },
  { name: "a failed Job expires like a complete one", job: job({ ttl: 1, type: "Failed", finished: "2024-01-01T00:00:00Z" }), want: { kind: "expired" } },
  { name: "a Job finished in the future (clock skew) waits", job: job({ ttl: 0, finished: "2024-01-01T00:10:30Z" }), want: { kind: "wait", ms: 30_000 } },
  { name: "a Job being deleted is left to its deletion", job: job({ ttl: 0, finished: "2024-01-01T00:00:00Z", deleting: true }), want: { kind: "none" } },
];

for (const c of cases) test(c.name, () => assert.deepEqual(decideTtl(c.job, now), c.want));

test("a finished Job without a transition time is an error worded as upstream's", () => {
  const j = job({ ttl: 1, finished: "" });
  assert.throws(() => decideTtl(j, now), { message: "unable to find the time when the Job default/pi finished" });
});
