import { exited, running } from "./testing/pod-phases.js";
import { backoffFailed, backoffTarget, type Case, complete, runCases, scm, sec, t0 } from "./testing/sync-cases.js";


const cases: Case[] = [
  {
    name: "a new Job creates one pod and records its start",
    expect: {
      writes: ["create pi-xxxx1", "status"],
      events: ["Normal SuccessfulCreate Created pod: pi-xxxx1"],
      status: { active: 1, ready: 0, terminating: 0, startTime: "2024-01-01T00:00:00Z", uncountedTerminatedPods: {} },
    },
  },
  {
    name: "completions 5 and parallelism 2 start two pods",
    job: (j) => Object.assign(j.spec!, { completions: 5, parallelism: 2 }),
    expect: { writes: ["create pi-xxxx1", "create pi-xxxx2", "status"], status: { active: 2 } },
  },
  {
    name: "a succeeded pod is named uncounted, freed of its finalizer, then counted and the Job completes",
    given: (w) => w.addPod((p) => exited(p, t0 - sec)),
    expect: {
      writes: ["status", "unfinalize pi-1", "status"],
      events: ["Normal Completed Job completed"],
      status: { succeeded: 1, uncountedTerminatedPods: {}, completionTime: "2024-01-01T00:00:00Z", conditions: [scm, complete] },
    },
  },
  {
    name: "ready pods are counted and running pods keep their finalizer",
    job: (j) => Object.assign(j.spec!, { completions: 2, parallelism: 2 }),
    given: (w) => {
      w.addPod((p) => running(p, t0 - sec));
      w.addPod((p) => running(p, t0 - sec, { ready: false }));
    },
    expect: { writes: ["status"], status: { active: 2, ready: 1, terminating: 0 } },
  },
  {
    name: "a failed pod under restartPolicy Never is replaced after a 10 s back-off",
    given: (w) => w.addPod((p) => exited(p, t0 - 2 * sec, { exitCode: 1 })),
    expect: { writes: ["status", "unfinalize pi-1", "status"], status: { failed: 1, active: undefined, uncountedTerminatedPods: {} }, requeueAfterMs: 8 * sec },
  },
  {
    name: "once the back-off has passed the replacement is created",
    given: (w) => w.addPod((p) => exited(p, t0 - 2 * sec, { exitCode: 1 })),
    before: 1,
    between: (w) => (w.now += 8 * sec),
    expect: { writes: ["create pi-xxxx2", "status"], status: { failed: 1, active: 1 } },
  },
  {
    name: "backoffLimit 0: the first failure sets FailureTarget, and Failed in the same sync once no pod is left",
    job: (j) => (j.spec!.backoffLimit = 0),
    given: (w) => w.addPod((p) => exited(p, t0 - sec, { exitCode: 1 })),
    expect: {
      writes: ["status", "unfinalize pi-1", "status"],
      events: ["Warning BackoffLimitExceeded Job has reached the specified backoff limit"],
      status: { failed: 1, conditions: [backoffTarget, backoffFailed] },
    },
  },
  {
    name: "a Job failing with a running pod deletes it and declares Failed only once it is gone",
    job: (j) => Object.assign(j.spec!, { backoffLimit: 0, parallelism: 2, completions: 2 }),
    given: (w) => {
      w.addPod((p) => exited(p, t0 - sec, { exitCode: 1 }));
      w.addPod((p) => running(p, t0 - sec));
    },
    expect: {
      writes: ["delete pi-2", "status", "unfinalize pi-1", "unfinalize pi-2", "status"],
      status: { failed: 2, active: undefined, ready: 0, terminating: 1, conditions: [backoffTarget] },
    },
  },
  {
    name: "restartPolicy OnFailure: container restarts reaching backoffLimit fail the Job",
    job: (j) => Object.assign(j.spec!, { backoffLimit: 2, template: { ...j.spec!.template, spec: { ...j.spec!.template.spec!, restartPolicy: "OnFailure" } } }),
    given: (w) => w.addPod((p) => running(p, t0 - sec, { restarts: 2 })),
    expect: {
      writes: ["delete pi-1", "status", "unfinalize pi-1", "status"],
      events: ["Normal SuccessfulDelete Deleted pod: pi-1"],
      status: { failed: 1, conditions: [backoffTarget] },
    },
  },
  {
    name: "restartPolicy OnFailure: fewer restarts than backoffLimit keep the pod running",
    job: (j) => Object.assign(j.spec!, { backoffLimit: 3, template: { ...j.spec!.template, spec: { ...j.spec!.template.spec!, restartPolicy: "OnFailure" } } }),
    given: (w) => w.addPod((p) => running(p, t0 - sec, { restarts: 2 })),
    expect: { writes: ["status"], status: { active: 1, conditions: [] } },
  },
  {
    name: "past activeDeadlineSeconds the Job fails with DeadlineExceeded and its pod is deleted",
    job: (j) => (j.spec!.activeDeadlineSeconds = 30),
    given: (w) => {
      w.updateSpec((j) => (j.status = { startTime: "2023-12-31T23:59:00Z" }));
      w.addPod((p) => running(p, t0 - 50 * sec));
    },
    expect: {
      writes: ["delete pi-1", "status", "unfinalize pi-1", "status"],
      events: ["Normal SuccessfulDelete Deleted pod: pi-1"],
      status: { failed: 1, conditions: [["FailureTarget", "True", "DeadlineExceeded", "Job was active longer than specified deadline"]] },
    },
  },
  {
    name: "before activeDeadlineSeconds the Job is looked at again when it falls due",
    job: (j) => (j.spec!.activeDeadlineSeconds = 30),
    given: (w) => w.updateSpec((j) => (j.status = { startTime: "2023-12-31T23:59:50Z" })),
    expect: { requeueAfterMs: 20 * sec },
  },
  {
    name: "suspending frees and deletes the active pods and sets Suspended",
    job: (j) => (j.spec!.suspend = true),
    given: (w) => {
      w.updateSpec((j) => (j.status = { startTime: "2023-12-31T23:59:00Z", active: 1 }));
      w.addPod((p) => running(p, t0 - sec));
    },
    expect: {
      writes: ["unfinalize pi-1", "delete pi-1", "status"],
      events: ["Normal SuccessfulDelete Deleted pod: pi-1", "Normal Suspended Job suspended"],
      status: { active: undefined, ready: 0, terminating: 1, failed: undefined, conditions: [["Suspended", "True", "JobSuspended", "Job suspended"]] },
    },
  },
  {
    name: "a Job created suspended creates nothing and has no startTime",
    job: (j) => (j.spec!.suspend = true),
    expect: { writes: ["status"], events: ["Normal Suspended Job suspended"], status: { startTime: undefined, conditions: [["Suspended", "True", "JobSuspended", "Job suspended"]] } },
  },
  {
    name: "resuming sets Suspended False, restarts the clock and creates pods",
    job: (j) => (j.spec!.suspend = true),
    before: 1,
    between: (w) => {
      w.now += 60 * sec;
      w.updateSpec((j) => (j.spec!.suspend = false));
    },
    expect: {
      writes: ["create pi-xxxx1", "status"],
      events: ["Normal SuccessfulCreate Created pod: pi-xxxx1", "Normal Resumed Job resumed"],
      status: { active: 1, startTime: "2024-01-01T00:01:00Z", conditions: [["Suspended", "False", "JobResumed", "Job resumed"]] },
    },
  },
  {
    name: "without completions the Job stops creating pods after the first success and completes when the rest end",
    job: (j) => Object.assign(j.spec!, { completions: undefined, parallelism: 2 }),
    given: (w) => {
      w.addPod((p) => exited(p, t0 - sec));
      w.addPod((p) => running(p, t0 - sec));
    },
    expect: { writes: ["status", "unfinalize pi-1", "status"], status: { succeeded: 1, active: 1, conditions: [] } },
  },
  {
    name: "without completions the Job completes once no pod is active",
    job: (j) => Object.assign(j.spec!, { completions: undefined, parallelism: 2 }),
    given: (w) => {
      w.addPod((p) => exited(p, t0 - sec));
      w.addPod((p) => exited(p, t0 - sec, { exitCode: 1 }));
    },
    expect: { status: { succeeded: 1, failed: 1, conditions: [scm, complete] }, events: ["Normal Completed Job completed"] },
  },
  {
    name: "podReplacementPolicy TerminatingOrFailed counts a deleted pod as failed at once and replaces it after the back-off",
    given: (w) => w.addPod((p) => {
      running(p, t0 - 5 * sec);
      Object.assign(p.metadata, { deletionTimestamp: "2024-01-01T00:00:00Z" });
    }),
    expect: { writes: ["status", "unfinalize pi-1", "status"], status: { failed: 1, terminating: 1 }, requeueAfterMs: 10 * sec },
  },
  {
    name: "podReplacementPolicy Failed waits for a terminating pod to fail before replacing it",
    job: (j) => (j.spec!.podReplacementPolicy = "Failed"),
    given: (w) => w.addPod((p) => {
      running(p, t0 - 5 * sec);
      Object.assign(p.metadata, { deletionTimestamp: "2024-01-01T00:00:00Z" });
    }),
    expect: { writes: ["status"], status: { failed: undefined, terminating: 1, active: undefined } },
  },
];

runCases(cases);
