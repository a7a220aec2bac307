import type { Job } from "kubernetes-types/batch/v1.js";
import { exited, running } from "./testing/pod-phases.js";
import { type Case, complete, runCases, scm, sec, t0 } from "./testing/sync-cases.js";

const policy = (rules: NonNullable<Job["spec"]>["podFailurePolicy"]) => (j: Job) => (j.spec!.podFailurePolicy = rules);

const disruption = [{ type: "DisruptionTarget", status: "True" as const, reason: "EvictionByEvictionAPI" }];

const cases: Case[] = [
  {
    name: "a FailJob rule on an exit code fails the Job with PodFailurePolicy and names the container",
    job: policy({ rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] }),
    given: (w) => w.addPod((p) => exited(p, t0 - sec, { exitCode: 42 })),
    expect: {
      writes: ["status", "unfinalize pi-1", "status"],
      events: ["Warning PodFailurePolicy Container pi for pod default/pi-1 failed with exit code 42 matching FailJob rule at index 0"],
      status: {
        failed: 1,
        conditions: [
          ["FailureTarget", "True", "PodFailurePolicy", "Container pi for pod default/pi-1 failed with exit code 42 matching FailJob rule at index 0"],
          ["Failed", "True", "PodFailurePolicy", "Container pi for pod default/pi-1 failed with exit code 42 matching FailJob rule at index 0"],
        ],
      },
    },
  },
  {
    name: "a FailJob rule on a pod condition names the condition",
    job: policy({ rules: [{ action: "Ignore", onExitCodes: { operator: "In", values: [3] } }, { action: "FailJob", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] }),
    given: (w) => w.addPod((p) => exited(p, t0 - sec, { exitCode: 137, conditions: disruption })),
    expect: { status: { conditions: [["FailureTarget", "True", "PodFailurePolicy", "Pod default/pi-1 has condition DisruptionTarget matching FailJob rule at index 1"], ["Failed", "True", "PodFailurePolicy", "Pod default/pi-1 has condition DisruptionTarget matching FailJob rule at index 1"]] } },
  },
  {
    name: "an Ignore rule on DisruptionTarget does not count the failure toward backoffLimit",
    job: (j) => (policy({ rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] })(j), (j.spec!.backoffLimit = 0)),
    given: (w) => w.addPod((p) => exited(p, t0 - sec, { exitCode: 137, conditions: disruption })),
    expect: { writes: ["status", "unfinalize pi-1"], status: { failed: undefined, conditions: [] }, requeueAfterMs: 9 * sec },
  },
  {
    name: "a Count rule counts the failure as without a policy",
    job: (j) => (policy({ rules: [{ action: "Count", onExitCodes: { operator: "NotIn", values: [0] } }] })(j), (j.spec!.backoffLimit = 0)),
    given: (w) => w.addPod((p) => exited(p, t0 - sec, { exitCode: 2 })),
    expect: { status: { failed: 1, conditions: [["FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"], ["Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"]] } },
  },
  {
    name: "a FailIndex rule fails the index at once under backoffLimitPerIndex",
    job: (j) => {
      Object.assign(j.spec!, { completionMode: "Indexed", completions: 2, parallelism: 2, backoffLimitPerIndex: 3 });
      j.spec!.podFailurePolicy = { rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [7] } }] };
    },
    given: (w) => {
      w.addPod((p) => {
        exited(p, t0 - sec, { exitCode: 7 });
        p.metadata.annotations = { "batch.kubernetes.io/job-completion-index": "0", "batch.kubernetes.io/job-index-failure-count": "0" };
      });
      w.addPod((p) => {
        running(p, t0 - sec);
        p.metadata.annotations = { "batch.kubernetes.io/job-completion-index": "1" };
      });
    },
    expect: { status: { failedIndexes: "0", failed: 1, active: 1 } },
  },
  {
    name: "when freeing a finalizer fails, the pod stays uncounted in the status and the error is returned",
    given: (w) => {
      w.addPod((p) => exited(p, t0 - sec));
      w.failNth("removeFinalizer", 1);
    },
    expect: { writes: ["status"], status: { succeeded: undefined, uncountedTerminatedPods: { succeeded: ["uid-pi-1"] }, conditions: [scm] }, rejects: true },
  },
  {
    name: "the sync after a failed finalizer removal counts the pod once and completes",
    given: (w) => {
      w.addPod((p) => exited(p, t0 - sec));
      w.failNth("removeFinalizer", 1);
    },
    before: 1,
    expect: { writes: ["unfinalize pi-1", "status"], status: { succeeded: 1, uncountedTerminatedPods: {}, conditions: [scm, complete] } },
  },
  {
    name: "when the first status write fails no finalizer is removed",
    given: (w) => {
      w.addPod((p) => exited(p, t0 - sec));
      w.failNth("updateStatus", 1);
    },
    expect: { writes: [], rejects: true, status: { succeeded: undefined, uncountedTerminatedPods: undefined } },
  },
  {
    name: "the sync after a failed status write counts the pod once",
    given: (w) => {
      w.addPod((p) => exited(p, t0 - sec));
      w.failNth("updateStatus", 1);
    },
    before: 1,
    expect: { writes: ["status", "unfinalize pi-1", "status"], status: { succeeded: 1, conditions: [scm, complete] } },
  },
  {
    name: "a pod already freed but still named uncounted (a crash after the patch) is counted once",
    given: (w) => {
      w.updateSpec((j) => (j.status = { startTime: "2023-12-31T23:59:00Z", uncountedTerminatedPods: { succeeded: ["uid-pi-1"] } }));
      w.addPod((p) => {
        exited(p, t0 - sec);
        p.metadata.finalizers = [];
      });
    },
    expect: { writes: ["status", "status"], status: { succeeded: 1, uncountedTerminatedPods: {}, conditions: [scm, complete] } },
  },
  {
    name: "a failed pod create lowers the active count and reports the error",
    job: (j) => Object.assign(j.spec!, { completions: 3, parallelism: 3 }),
    given: (w) => w.failNth("create", 2),
    expect: { writes: ["create pi-xxxx1", "status"], status: { active: 1 }, error: true },
  },
];

runCases(cases);
