import assert from "node:assert/strict";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { jobPodKeys } from "./pod-state.js";
import { exited, running } from "./testing/pod-phases.js";
import type { JobWorld } from "./testing/job-world.js";
import { type Case, runCases, sec, t0 } from "./testing/sync-cases.js";

const indexed = (completions: number, parallelism: number) => (j: import("kubernetes-types/batch/v1.js").Job) =>
  Object.assign(j.spec!, { completionMode: "Indexed", completions, parallelism });

function withIndex(ix: number, failures?: number): (p: Stored<Pod>) => void {
  return (p) => {
    p.metadata.annotations = { [jobPodKeys.completionIndex]: String(ix), ...(failures === undefined ? {} : { [jobPodKeys.indexFailureCount]: String(failures) }) };
    p.metadata.labels = { [jobPodKeys.completionIndex]: String(ix) };
  };
}

function created(w: JobWorld): Stored<Pod>[] {
  return w.podList().filter((p) => p.metadata.name.includes("xxx"));
}

const cases: Case[] = [
  {
    name: "Indexed: the first pods take the lowest indexes, with annotation, label, hostname and JOB_COMPLETION_INDEX",
    job: indexed(3, 2),
    expect: {
      writes: ["create pi-0-xxxx1", "create pi-1-xxxx2", "status"],
      check: (w) => {
        const [p0] = created(w);
        assert.equal(p0!.metadata.annotations?.[jobPodKeys.completionIndex], "0");
        assert.equal(p0!.metadata.labels?.[jobPodKeys.completionIndex], "0");
        assert.equal(p0!.spec?.hostname, "pi-0");
        assert.deepEqual(p0!.spec?.containers[0]!.env, [
          { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
        ]);
        assert.deepEqual(p0!.metadata.finalizers, ["batch.kubernetes.io/job-tracking"]);
      },
    },
  },
  {
    name: "Indexed: succeeded indexes are recorded compressed and the next free index starts",
    job: indexed(6, 1),
    given: (w) => {
      for (const ix of [0, 1, 2, 4]) w.addPod((p) => (withIndex(ix)(p), exited(p, t0 - sec)));
    },
    expect: {
      writes: ["create pi-3-xxxx5", "status", "unfinalize pi-1", "unfinalize pi-2", "unfinalize pi-3", "unfinalize pi-4"],
      status: { succeeded: 4, completedIndexes: "0-2,4", active: 1, uncountedTerminatedPods: {} },
    },
  },
  {
    name: "Indexed: two runs of index 1 and 2 are written as 1,2",
    job: indexed(4, 1),
    given: (w) => {
      for (const ix of [1, 2]) w.addPod((p) => (withIndex(ix)(p), exited(p, t0 - sec)));
    },
    expect: { status: { completedIndexes: "1,2", succeeded: 2 } },
  },
  {
    name: "Indexed: of two pods of one index the one to remove first is deleted",
    job: indexed(2, 2),
    given: (w) => {
      w.addPod((p) => (withIndex(0)(p), running(p, t0 - 5 * sec)));
      w.addPod((p) => withIndex(0)(p));
      w.addPod((p) => (withIndex(1)(p), running(p, t0 - 5 * sec)));
    },
    expect: { writes: ["unfinalize pi-2", "delete pi-2", "status"], status: { active: 2 } },
  },
  {
    name: "Indexed: the Job completes when every index has succeeded",
    job: indexed(2, 2),
    given: (w) => {
      for (const ix of [0, 1]) w.addPod((p) => (withIndex(ix)(p), exited(p, t0 - sec)));
    },
    expect: { status: { completedIndexes: "0,1", succeeded: 2 }, events: ["Normal Completed Job completed"] },
  },
  {
    name: "backoffLimitPerIndex: an index that failed more than its limit is failed and not run again",
    job: (j) => (indexed(3, 3)(j), (j.spec!.backoffLimitPerIndex = 1)),
    given: (w) => {
      w.addPod((p) => (withIndex(0, 1)(p), exited(p, t0 - sec, { exitCode: 1 })));
      w.addPod((p) => (withIndex(1)(p), running(p, t0 - sec)));
      w.addPod((p) => (withIndex(2)(p), running(p, t0 - sec)));
    },
    expect: { writes: ["status", "unfinalize pi-1", "status"], status: { failedIndexes: "0", failed: 1, active: 2 } },
  },
  {
    name: "backoffLimitPerIndex: a failed index below its limit is run again, carrying its failure count",
    job: (j) => (indexed(2, 2)(j), (j.spec!.backoffLimitPerIndex = 2)),
    given: (w) => {
      w.addPod((p) => (withIndex(0, 0)(p), exited(p, t0 - 20 * sec, { exitCode: 1 })));
      w.addPod((p) => (withIndex(1, 0)(p), running(p, t0 - sec)));
    },
    expect: {
      writes: ["create pi-0-xxxx3", "status"],
      status: { failed: undefined, failedIndexes: "", active: 2 },
      check: (w) => assert.equal(created(w)[0]!.metadata.annotations?.[jobPodKeys.indexFailureCount], "1"),
    },
  },
  {
    name: "backoffLimitPerIndex: once the replacement exists the failed pod is counted and freed",
    job: (j) => (indexed(2, 2)(j), (j.spec!.backoffLimitPerIndex = 2)),
    given: (w) => {
      w.addPod((p) => (withIndex(0, 0)(p), exited(p, t0 - 20 * sec, { exitCode: 1 })));
      w.addPod((p) => (withIndex(1, 0)(p), running(p, t0 - sec)));
    },
    before: 1,
    expect: { writes: ["status", "unfinalize pi-1", "status"], status: { failed: 1, failedIndexes: "", active: 2 } },
  },
  {
    name: "backoffLimitPerIndex: a failed pod keeps its finalizer until its replacement exists",
    job: (j) => (indexed(2, 2)(j), (j.spec!.backoffLimitPerIndex = 2)),
    given: (w) => {
      w.addPod((p) => (withIndex(0, 0)(p), exited(p, t0 - sec, { exitCode: 1 })));
      w.addPod((p) => (withIndex(1, 0)(p), running(p, t0 - sec)));
    },
    // upstream's manageJob reports no active pods while a replacement waits out its back-off.
    expect: { writes: ["status"], status: { failed: undefined, active: undefined }, requeueAfterMs: 9 * sec },
  },
  {
    name: "maxFailedIndexes exceeded fails the Job with MaxFailedIndexesExceeded",
    job: (j) => (indexed(3, 3)(j), Object.assign(j.spec!, { backoffLimitPerIndex: 0, maxFailedIndexes: 0 })),
    given: (w) => {
      w.addPod((p) => (withIndex(0, 0)(p), exited(p, t0 - sec, { exitCode: 1 })));
      w.addPod((p) => (withIndex(1)(p), running(p, t0 - sec)));
    },
    expect: {
      status: { failedIndexes: "0", conditions: [["FailureTarget", "True", "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes"]] },
    },
  },
  {
    name: "every index done with one failed fails the Job with FailedIndexes",
    job: (j) => (indexed(2, 2)(j), (j.spec!.backoffLimitPerIndex = 0)),
    given: (w) => {
      w.addPod((p) => (withIndex(0, 0)(p), exited(p, t0 - sec, { exitCode: 1 })));
      w.addPod((p) => (withIndex(1)(p), exited(p, t0 - sec)));
    },
    expect: {
      status: {
        completedIndexes: "1",
        failedIndexes: "0",
        conditions: [["FailureTarget", "True", "FailedIndexes", "Job has failed indexes"], ["Failed", "True", "FailedIndexes", "Job has failed indexes"]],
      },
      events: ["Warning FailedIndexes Job has failed indexes"],
    },
  },
  {
    name: "a success policy met deletes the lingering pods, then completes with SuccessPolicy",
    job: (j) => (indexed(3, 3)(j), (j.spec!.successPolicy = { rules: [{ succeededIndexes: "0" }] })),
    given: (w) => {
      w.addPod((p) => (withIndex(0)(p), exited(p, t0 - sec)));
      w.addPod((p) => (withIndex(1)(p), running(p, t0 - sec)));
    },
    expect: {
      writes: ["delete pi-2", "status", "unfinalize pi-1", "unfinalize pi-2"],
      status: { succeeded: 1, completedIndexes: "0", terminating: 1, conditions: [["SuccessCriteriaMet", "True", "SuccessPolicy", "Matched rules at index 0"]] },
    },
  },
  {
    name: "a success policy met completes once no pod is left terminating",
    job: (j) => (indexed(3, 3)(j), (j.spec!.successPolicy = { rules: [{ succeededCount: 1 }] })),
    given: (w) => w.addPod((p) => (withIndex(2)(p), exited(p, t0 - sec))),
    expect: {
      status: {
        conditions: [
          ["SuccessCriteriaMet", "True", "SuccessPolicy", "Matched rules at index 0"],
          ["Complete", "True", "SuccessPolicy", "Matched rules at index 0"],
        ],
      },
      events: ["Normal Completed Job completed"],
    },
  },
];

runCases(cases);
