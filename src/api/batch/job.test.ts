import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Job } from "kubernetes-types/batch/v1.js";
import { clone } from "../object.js";
import { jobDefinition, jobStrategy as strategy } from "./job.js";
import { createdJob, newJob } from "./testing/jobs.js";

describe("Job defaults (SetObjectDefaults_Job)", () => {
  const defaulted = (change?: (j: Job) => void): Job => {
    const j = newJob(change);
    strategy.applyDefaults(j);
    return j;
  };
  const cases: Array<{ name: string; change?: (j: Job) => void; expect: (j: Job) => unknown; want: unknown }> = [
    { name: "completions and parallelism both unset become 1 and 1", expect: (j) => [j.spec?.completions, j.spec?.parallelism], want: [1, 1] },
    { name: "completions alone set leaves parallelism 1", change: (j) => (j.spec!.completions = 3), expect: (j) => [j.spec?.completions, j.spec?.parallelism], want: [3, 1] },
    {
      name: "parallelism alone set leaves completions unset (a work queue)",
      change: (j) => (j.spec!.parallelism = 2),
      expect: (j) => [j.spec?.completions, j.spec?.parallelism],
      want: [undefined, 2],
    },
    { name: "backoffLimit defaults to 6", expect: (j) => j.spec?.backoffLimit, want: 6 },
    {
      name: "backoffLimit defaults to MaxInt32 with backoffLimitPerIndex",
      change: (j) => Object.assign(j.spec!, { completionMode: "Indexed", completions: 3, backoffLimitPerIndex: 1 }),
      expect: (j) => j.spec?.backoffLimit,
      want: 2147483647,
    },
    { name: "completionMode defaults to NonIndexed", expect: (j) => j.spec?.completionMode, want: "NonIndexed" },
    { name: "suspend defaults to false", expect: (j) => j.spec?.suspend, want: false },
    { name: "manualSelector defaults to false", expect: (j) => j.spec?.manualSelector, want: false },
    { name: "podReplacementPolicy defaults to TerminatingOrFailed", expect: (j) => j.spec?.podReplacementPolicy, want: "TerminatingOrFailed" },
    {
      name: "podReplacementPolicy defaults to Failed with a pod failure policy",
      change: (j) => (j.spec!.podFailurePolicy = { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] }),
      expect: (j) => j.spec?.podReplacementPolicy,
      want: "Failed",
    },
    {
      name: "a pod condition pattern without status means True",
      change: (j) => (j.spec!.podFailurePolicy = { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" } as never] }] }),
      expect: (j) => j.spec?.podFailurePolicy?.rules[0]?.onPodConditions?.[0]?.status,
      want: "True",
    },
    {
      name: "an unlabeled Job takes its template's labels",
      change: (j) => (j.spec!.template.metadata = { labels: { app: "pi" } }),
      expect: (j) => j.metadata?.labels,
      want: { app: "pi" },
    },
    {
      name: "a labeled Job keeps its own labels",
      change: (j) => {
        j.metadata!.labels = { team: "a" };
        j.spec!.template.metadata = { labels: { app: "pi" } };
      },
      expect: (j) => j.metadata?.labels,
      want: { team: "a" },
    },
    { name: "the pod template gets its defaults", expect: (j) => j.spec?.template.spec?.terminationGracePeriodSeconds, want: 30 },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(c.expect(defaulted(c.change)), c.want));
  }
});

describe("Job creation generates the selector (prepareForCreate)", () => {
  const generated = {
    "batch.kubernetes.io/controller-uid": "u1",
    "batch.kubernetes.io/job-name": "pi",
    "controller-uid": "u1",
    "job-name": "pi",
  };
  test("the selector selects the controller uid and the template carries all four labels", () => {
    const job = createdJob();
    assert.deepEqual(job.spec?.selector, { matchLabels: { "batch.kubernetes.io/controller-uid": "u1" } });
    assert.deepEqual(job.spec?.template.metadata?.labels, generated);
  });
  test("an unlabeled Job shows the generated labels too, as upstream's shared map does", () => {
    assert.deepEqual(createdJob().metadata?.labels, generated);
    const withTemplateLabels = createdJob((j) => (j.spec!.template.metadata = { labels: { app: "pi" } }));
    assert.deepEqual(withTemplateLabels.metadata?.labels, { app: "pi", ...generated });
  });
  test("a labeled Job's labels stay its own", () => {
    const job = createdJob((j) => {
      j.metadata!.labels = { app: "pi" };
      j.spec!.template.metadata = { labels: { app: "pi" } };
    });
    assert.deepEqual(job.metadata?.labels, { app: "pi" });
  });
  test("a label the user set is not overwritten (validation judges it)", () => {
    const job = createdJob((j) => (j.spec!.template.metadata = { labels: { "job-name": "other" } }));
    assert.equal(job.spec?.template.metadata?.labels?.["job-name"], "other");
  });
  test("a manual selector is left alone", () => {
    const job = createdJob((j) => {
      j.spec!.manualSelector = true;
      j.spec!.selector = { matchLabels: { app: "pi" } };
      j.spec!.template.metadata = { labels: { app: "pi" } };
    });
    assert.deepEqual(job.spec?.selector, { matchLabels: { app: "pi" } });
    assert.deepEqual(job.spec?.template.metadata?.labels, { app: "pi" });
  });
  test("create clears status and sets generation 1", () => {
    const job = createdJob((j) => {
      Object.assign(j, { status: { succeeded: 3 } });
      Object.assign(j.metadata!, { generation: 4 });
    });
    assert.deepEqual(job.status, {});
    assert.equal(job.metadata?.generation, 1);
  });
});

describe("Job update preparation", () => {
  const cases: Array<{ name: string; change: (j: Job) => void; generation: number }> = [
    { name: "a spec change bumps generation", change: (j) => (j.spec!.parallelism = 3), generation: 2 },
    { name: "an annotation change keeps generation", change: (j) => (j.metadata!.annotations = { a: "b" }), generation: 1 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const old = createdJob();
      Object.assign(old, { status: { active: 1 } });
      const job = clone(old);
      c.change(job);
      Object.assign(job, { status: { succeeded: 9 } });
      strategy.prepareForUpdate(job, old);
      assert.equal(job.metadata?.generation, c.generation);
      assert.deepEqual(job.status, { active: 1 });
    });
  }
  test("a status update keeps the old spec", () => {
    const old = createdJob();
    const job = clone(old);
    job.spec!.parallelism = 5;
    strategy.status!.prepareForUpdate(job, old);
    assert.equal(job.spec?.parallelism, 1);
  });
});

describe("Job table (v1.32 printJob)", () => {
  const t0 = "2024-01-01T00:00:00Z";
  const now = Date.parse("2024-01-01T00:01:30Z");
  const cases: Array<{ name: string; change: (j: Job) => void; want: unknown[] }> = [
    { name: "a job not yet started has no duration", change: () => {}, want: ["Running", "0/1", ""] },
    { name: "a running job's duration runs to now", change: (j) => Object.assign(j, { status: { startTime: t0, active: 1 } }), want: ["Running", "0/1", "90s"] },
    {
      name: "a complete job's duration ends at completion",
      change: (j) =>
        Object.assign(j, {
          status: { startTime: t0, completionTime: "2024-01-01T00:00:05Z", succeeded: 1, conditions: [{ type: "SuccessCriteriaMet", status: "True" }, { type: "Complete", status: "True" }] },
        }),
      want: ["Complete", "1/1", "5s"],
    },
    { name: "a failed job", change: (j) => Object.assign(j, { status: { conditions: [{ type: "FailureTarget", status: "True" }, { type: "Failed", status: "True" }] } }), want: ["Failed", "0/1", ""] },
    { name: "a job being deleted", change: (j) => Object.assign(j.metadata!, { deletionTimestamp: t0 }), want: ["Terminating", "0/1", ""] },
    { name: "a suspended job", change: (j) => Object.assign(j, { status: { conditions: [{ type: "Suspended", status: "True" }] } }), want: ["Suspended", "0/1", ""] },
    { name: "a job past its failure target", change: (j) => Object.assign(j, { status: { conditions: [{ type: "FailureTarget", status: "True" }] } }), want: ["FailureTarget", "0/1", ""] },
    { name: "a condition that is False does not count", change: (j) => Object.assign(j, { status: { conditions: [{ type: "Suspended", status: "False" }] } }), want: ["Running", "0/1", ""] },
    { name: "completions 3 shows succeeded/3", change: (j) => Object.assign(j.spec!, { completions: 3 }), want: ["Running", "0/3", ""] },
    { name: "no completions with parallelism 4 shows 0/1 of 4", change: (j) => Object.assign(j.spec!, { completions: undefined, parallelism: 4 }), want: ["Running", "0/1 of 4", ""] },
    { name: "no completions with parallelism 1 shows 0/1", change: (j) => Object.assign(j.spec!, { completions: undefined, parallelism: 1 }), want: ["Running", "0/1", ""] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const job = createdJob();
      c.change(job);
      const cells = strategy.table.cells(job, now);
      assert.deepEqual(cells.slice(1, 4), c.want);
    });
  }
  test("all cells of a created job, wide columns included", () => {
    const cells = strategy.table.cells(createdJob(), now);
    assert.deepEqual(cells, ["pi", "Running", "0/1", "", "90s", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=u1"]);
  });
  test("columns are NAME STATUS COMPLETIONS DURATION AGE and, wide, CONTAINERS IMAGES SELECTOR", () => {
    const columns = strategy.table.columns.map((c) => `${c.name}:${c.priority}`);
    assert.deepEqual(columns, ["Name:0", "Status:0", "Completions:0", "Duration:0", "Age:0", "Containers:1", "Images:1", "Selector:1"]);
  });
});

describe("Job definition", () => {
  test("serves jobs.batch in category all with a status subresource", () => {
    const info = jobDefinition.info;
    assert.deepEqual([info.group, info.version, info.resource, info.kind, info.listKind], ["batch", "v1", "jobs", "Job", "JobList"]);
    assert.deepEqual(info.categories, ["all"]);
    assert.deepEqual(info.subresources, ["status"]);
  });
  test("status.successful is a selectable field", () => {
    const job = createdJob();
    Object.assign(job, { status: { succeeded: 2 } });
    assert.deepEqual(strategy.selectableFields!(job), { "status.successful": "2" });
  });
  test("a name that is no DNS label draws upstream's warning on create only", () => {
    const job = createdJob((j) => (j.metadata!.name = "pi.v2"));
    assert.deepEqual(strategy.warnings!(job, undefined), [
      "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]",
    ]);
    assert.deepEqual(strategy.warnings!(job, job), []);
    assert.deepEqual(strategy.warnings!(createdJob(), undefined), []);
  });
});
