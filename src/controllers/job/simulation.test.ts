// Step simulations: sync, let a kubelet move pods on (some fail), let time pass, sometimes make a
// write fail as a crash would, and check after every step that the Job never runs more pods than
// parallelism, never counts more successes than completions, and never loses or double-counts one.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job } from "kubernetes-types/batch/v1.js";
import { noBackoff } from "./backoff.js";
import { isJobFinished } from "./conditions.js";
import { parseIntervals } from "./intervals.js";
import { completionIndexOf, isActive, isTerminal } from "./pod-state.js";
import { syncJob } from "./sync-job.js";
import { JobWorld, storedJob } from "./testing/job-world.js";
import { exited, running } from "./testing/pod-phases.js";

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function kubelet(w: JobWorld, random: () => number, failRate: number): void {
  for (const pod of w.podList()) {
    const uid = pod.metadata.uid;
    if (pod.metadata.deletionTimestamp && !isTerminal(pod)) w.updatePod(uid, (p) => exited(p, w.now, { exitCode: 143 }));
    else if (pod.status?.phase === "Pending" && random() < 0.6) w.updatePod(uid, (p) => running(p, w.now));
    else if (pod.status?.phase === "Running" && random() < 0.4) w.updatePod(uid, (p) => exited(p, w.now, { exitCode: random() < failRate ? 1 : 0 }));
  }
}

const ops = ["create", "delete", "updateStatus", "removeFinalizer"] as const;

function checkInvariants(w: JobWorld, step: number): void {
  const spec = w.job.spec!;
  const status = w.job.status ?? {};
  const active = w.podList().filter(isActive).length;
  assert.ok(active <= spec.parallelism!, `step ${step}: ${active} active pods, parallelism ${spec.parallelism}`);
  if (spec.completions != null) assert.ok((status.succeeded ?? 0) <= spec.completions, `step ${step}: succeeded ${status.succeeded} > ${spec.completions}`);
  if (spec.completionMode === "Indexed") return checkIndexes(w, step);
  const freedSucceeded = [...w.freed.values()].filter((phase) => phase === "Succeeded").length;
  const uncounted = status.uncountedTerminatedPods?.succeeded?.length ?? 0;
  assert.ok((status.succeeded ?? 0) <= freedSucceeded, `step ${step}: succeeded ${status.succeeded} counts more than the ${freedSucceeded} pods freed`);
  assert.ok(freedSucceeded <= (status.succeeded ?? 0) + uncounted, `step ${step}: a freed pod is neither counted nor uncounted`);
}

/** Indexed Jobs count indexes: every completed index has a succeeded pod, every freed succeeded pod's index is completed. */
function checkIndexes(w: JobWorld, step: number): void {
  const status = w.job.status ?? {};
  const completed = new Set(parseIntervals(status.completedIndexes, w.job.spec!.completions!).flatMap((iv) => range(iv.first, iv.last)));
  const succeededPods = w.podList().filter((p) => p.status?.phase === "Succeeded");
  const succeededIndexes = new Set(succeededPods.map(completionIndexOf));
  for (const ix of completed) assert.ok(succeededIndexes.has(ix), `step ${step}: index ${ix} completed without a succeeded pod`);
  for (const p of succeededPods) {
    if (w.freed.get(p.metadata.uid) === "Succeeded") assert.ok(completed.has(completionIndexOf(p)), `step ${step}: freed ${p.metadata.name} not in completedIndexes`);
  }
  assert.equal(status.succeeded ?? 0, completed.size, `step ${step}: succeeded is not the number of completed indexes`);
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

interface Scenario {
  name: string;
  job: (j: Job) => void;
  failRate: number;
}

const scenarios: Scenario[] = [
  { name: "NonIndexed, completions 30, parallelism 4", job: (j) => Object.assign(j.spec!, { completions: 30, parallelism: 4, backoffLimit: 1000 }), failRate: 0.2 },
  { name: "Indexed, completions 20, parallelism 5", job: (j) => Object.assign(j.spec!, { completionMode: "Indexed", completions: 20, parallelism: 5, backoffLimit: 1000 }), failRate: 0.2 },
  {
    name: "Indexed with backoffLimitPerIndex 50, completions 12, parallelism 3",
    job: (j) => Object.assign(j.spec!, { completionMode: "Indexed", completions: 12, parallelism: 3, backoffLimitPerIndex: 50 }),
    failRate: 0.3,
  },
  { name: "podReplacementPolicy Failed, completions 15, parallelism 3", job: (j) => Object.assign(j.spec!, { completions: 15, parallelism: 3, backoffLimit: 1000, podReplacementPolicy: "Failed" }), failRate: 0.2 },
];

for (const s of scenarios) {
  for (const seed of [1, 2, 3]) {
    test(`${s.name} (seed ${seed}) completes with every success counted once and never more than parallelism running`, async () => {
      const random = rng(seed);
      const w = new JobWorld(storedJob(s.job));
      let step = 0;
      for (; step < 3000 && !isJobFinished(w.job); step++) {
        if (random() < 0.15) w.failNth(ops[Math.floor(random() * ops.length)]!, 1 + Math.floor(random() * 3));
        const result = await syncJob(w.observe(), w, w.now).catch(() => ({ crashed: true }));
        // A crash loses what the controller kept in memory.
        if ("crashed" in result && random() < 0.5) w.backoff = noBackoff;
        checkInvariants(w, step);
        kubelet(w, random, s.failRate);
        w.now += Math.floor(random() * 15_000);
      }
      assert.ok(isJobFinished(w.job), `not finished after ${step} steps: ${JSON.stringify(w.job.status)}`);
      const completions = w.job.spec!.completions!;
      assert.equal(w.job.status?.succeeded, completions);
      assert.deepEqual(w.job.status?.uncountedTerminatedPods, {});
      assert.equal([...w.freed.values()].filter((p) => p === "Succeeded").length >= completions, true);
    });
  }
}
