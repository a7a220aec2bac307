import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Job, JobSpec } from "kubernetes-types/batch/v1.js";
import { formatFieldError } from "../field-errors.js";
import { clone } from "../object.js";
import { jobStrategy as strategy } from "./job.js";
import { createdJob } from "./testing/jobs.js";

const messages = (errs: ReturnType<typeof strategy.validate>): string[] => errs.map(formatFieldError);
const spec = (j: Job): JobSpec => j.spec!;
const failJobOn42 = { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] };
const restartRequired = 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"';

describe("Job validation (ValidateJob), full messages", () => {
  const cases: Array<{ name: string; change: (j: Job) => void; want: string[] }> = [
    { name: "a valid Job has no errors", change: () => {}, want: [] },
    { name: "no restartPolicy (defaulted to Always) must be chosen", change: (j) => delete spec(j).template.spec!.restartPolicy, want: [restartRequired] },
    { name: "restartPolicy Always is not for Jobs", change: (j) => (spec(j).template.spec!.restartPolicy = "Always"), want: [restartRequired] },
    { name: "OnFailure is fine", change: (j) => (spec(j).template.spec!.restartPolicy = "OnFailure"), want: [] },
    { name: "negative parallelism", change: (j) => (spec(j).parallelism = -1), want: ["spec.parallelism: Invalid value: -1: must be greater than or equal to 0"] },
    { name: "negative completions", change: (j) => (spec(j).completions = -1), want: ["spec.completions: Invalid value: -1: must be greater than or equal to 0"] },
    { name: "negative backoffLimit", change: (j) => (spec(j).backoffLimit = -1), want: ["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"] },
    {
      name: "negative activeDeadlineSeconds",
      change: (j) => (spec(j).activeDeadlineSeconds = -1),
      want: ["spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0"],
    },
    {
      name: "negative ttlSecondsAfterFinished",
      change: (j) => (spec(j).ttlSecondsAfterFinished = -1),
      want: ["spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0"],
    },
    {
      name: "an unknown completion mode",
      change: (j) => (spec(j).completionMode = "Sometimes"),
      want: ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"'],
    },
    {
      name: "Indexed without completions",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: undefined, parallelism: 2 }),
      want: ["spec.completions: Required value: when completion mode is Indexed"],
    },
    {
      name: "Indexed with parallelism above 10^5",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 100001, parallelism: 100001 }),
      want: ["spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed"],
    },
    {
      name: "Indexed with a name too long for the last pod's hostname",
      change: (j) => {
        j.metadata!.name = "a".repeat(62);
        Object.assign(spec(j), { completionMode: "Indexed", completions: 10, parallelism: 1 });
      },
      want: [`metadata.name: Invalid value: "${"a".repeat(62)}": will not able to create pod with invalid DNS label: ${"a".repeat(62)}-9`],
    },
    {
      name: "backoffLimitPerIndex needs Indexed",
      change: (j) => (spec(j).backoffLimitPerIndex = 1),
      want: ["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"],
    },
    {
      name: "maxFailedIndexes needs backoffLimitPerIndex",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 3, maxFailedIndexes: 1 }),
      want: ["spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"],
    },
    {
      name: "maxFailedIndexes above completions",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 5 }),
      want: ["spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions"],
    },
    {
      name: "a pod failure policy needs restartPolicy Never",
      change: (j) => {
        spec(j).template.spec!.restartPolicy = "OnFailure";
        spec(j).podFailurePolicy = failJobOn42;
      },
      want: ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'],
    },
    { name: "a pod failure policy rule on exit codes is fine", change: (j) => (spec(j).podFailurePolicy = failJobOn42), want: [] },
    {
      name: "a rule with neither exit codes nor pod conditions",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "FailJob" }] }),
      want: ["spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"],
    },
    {
      name: "a rule with both exit codes and pod conditions",
      change: (j) =>
        (spec(j).podFailurePolicy = {
          rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [1] }, onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }],
        }),
      want: ["spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"],
    },
    {
      name: "a rule without action",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ onExitCodes: { operator: "In", values: [1] } } as never] }),
      want: ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'],
    },
    {
      name: "an unknown action",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "Retry", onExitCodes: { operator: "In", values: [1] } }] }),
      want: ['spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"'],
    },
    {
      name: "FailIndex without backoffLimitPerIndex",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [1] } }] }),
      want: ['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'],
    },
    {
      name: "no exit codes listed",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [] } }] }),
      want: ["spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required"],
    },
    {
      name: "exit code 0 with In",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [0, 1] } }] }),
      want: ["spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"],
    },
    {
      name: "exit codes out of order and repeated",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "FailJob", onExitCodes: { operator: "NotIn", values: [3, 1, 1] } }] }),
      want: [
        "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 1",
        "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 1, 1}: must be ordered",
      ],
    },
    {
      name: "an exit code rule for a container that does not exist",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [1] } }] }),
      want: ['spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "main": must be one of the container or initContainer names in the pod template'],
    },
    {
      name: "an unknown pod condition status",
      change: (j) => (spec(j).podFailurePolicy = { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "Maybe" }] }] }),
      want: ['spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"'],
    },
    {
      name: "an unknown pod replacement policy",
      change: (j) => (spec(j).podReplacementPolicy = "Sometimes"),
      want: ['spec.podReplacementPolicy: Unsupported value: "Sometimes": supported values: "Failed", "TerminatingOrFailed"'],
    },
    {
      name: "TerminatingOrFailed replacement with a pod failure policy",
      change: (j) => Object.assign(spec(j), { podFailurePolicy: failJobOn42, podReplacementPolicy: "TerminatingOrFailed" }),
      want: ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'],
    },
    {
      name: "a success policy on a NonIndexed job",
      change: (j) => (spec(j).successPolicy = { rules: [{ succeededCount: 1 }] }),
      want: ['spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode'],
    },
    {
      name: "a success policy without rules",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 3, successPolicy: { rules: [] } }),
      want: ["spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified"],
    },
    {
      name: "a success count above completions",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 3, successPolicy: { rules: [{ succeededCount: 5 }] } }),
      want: ["spec.successPolicy.rules[0].succeededCount: Invalid value: 5: must be less than or equal to 3 (the number of specified completions)"],
    },
    {
      name: "succeeded indexes beyond completions",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 3, successPolicy: { rules: [{ succeededIndexes: "0-5" }] } }),
      want: ['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-5": error parsing succeededIndexes: too large index: "5"'],
    },
    {
      name: "a success count above the indexes listed",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 5, successPolicy: { rules: [{ succeededIndexes: "0,2", succeededCount: 3 }] } }),
      want: ["spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)"],
    },
    {
      name: "managedBy that is no domain-prefixed path",
      change: (j) => (spec(j).managedBy = "kueue"),
      want: ['spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")'],
    },
    { name: "managedBy kueue.x-k8s.io/multikueue is fine", change: (j) => (spec(j).managedBy = "kueue.x-k8s.io/multikueue"), want: [] },
    {
      name: "a generated label the user set to another value",
      change: (j) => (spec(j).template.metadata = { labels: { "controller-uid": "wrong" } }),
      want: [
        `spec.template.metadata.labels[controller-uid]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"u1", "batch.kubernetes.io/job-name":"pi", "controller-uid":"wrong", "job-name":"pi"}: must be 'u1'`,
      ],
    },
    {
      name: "a selector of the user's own without manualSelector",
      change: (j) => {
        spec(j).selector = { matchLabels: { app: "pi" } };
        spec(j).template.metadata = { labels: { app: "pi" } };
      },
      want: [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"u1"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(messages(strategy.validate(createdJob(c.change))), c.want));
  }
});

describe("Jobs with manualSelector", () => {
  const manual = (change: (j: Job) => void): Job =>
    createdJob((j) => {
      spec(j).manualSelector = true;
      spec(j).template.metadata = { labels: { app: "pi" } };
      change(j);
    });
  const cases: Array<{ name: string; change: (j: Job) => void; want: string[] }> = [
    { name: "a matching selector is fine", change: (j) => (spec(j).selector = { matchLabels: { app: "pi" } }), want: [] },
    {
      name: "a selector that does not match the template",
      change: (j) => (spec(j).selector = { matchLabels: { app: "other" } }),
      want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"pi"}: `selector` does not match template `labels`'],
    },
    {
      name: "no selector at all",
      change: () => {},
      want: ["spec.selector: Required value", 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"pi"}: `selector` does not match template `labels`'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(messages(strategy.validate(manual(c.change))), c.want));
  }
});

describe("Job updates (ValidateJobUpdate)", () => {
  const cases: Array<{ name: string; old?: (j: Job) => void; change: (j: Job) => void; want: string[] }> = [
    { name: "parallelism may change", change: (j) => (spec(j).parallelism = 3), want: [] },
    { name: "suspend may change", change: (j) => (spec(j).suspend = true), want: [] },
    { name: "labels may change", change: (j) => (j.metadata!.labels = { a: "b" }), want: [] },
    { name: "completions of a NonIndexed job may not", change: (j) => (spec(j).completions = 3), want: ["spec.completions: Invalid value: 3: field is immutable"] },
    {
      name: "an Indexed job scales completions with parallelism",
      old: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 3, parallelism: 3 }),
      change: (j) => Object.assign(spec(j), { completions: 5, parallelism: 5 }),
      want: [],
    },
    {
      name: "an Indexed job may not change completions alone",
      old: (j) => Object.assign(spec(j), { completionMode: "Indexed", completions: 3, parallelism: 3 }),
      change: (j) => (spec(j).completions = 5),
      want: ["spec.completions: Invalid value: 5: can only be modified in tandem with spec.parallelism"],
    },
    {
      name: "completionMode is immutable",
      change: (j) => Object.assign(spec(j), { completionMode: "Indexed" }),
      want: ['spec.completionMode: Invalid value: "Indexed": field is immutable'],
    },
    {
      name: "a suspended job that never started may change its node selector",
      old: (j) => (spec(j).suspend = true),
      change: (j) => (spec(j).template.spec!.nodeSelector = { zone: "a" }),
      want: [],
    },
    {
      name: "a suspended job that never started may change template annotations",
      old: (j) => (spec(j).suspend = true),
      change: (j) => (spec(j).template.metadata!.annotations = { note: "x" }),
      want: [],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const old = createdJob(c.old);
      const job = clone(old);
      c.change(job);
      strategy.applyDefaults(job);
      assert.deepEqual(messages(strategy.validateUpdate(job, old)), c.want);
    });
  }

  const immutable: Array<{ name: string; old?: (j: Job) => void; change: (j: Job) => void; field: string }> = [
    { name: "the selector is immutable", change: (j) => (spec(j).selector!.matchLabels!.x = "y"), field: "spec.selector" },
    { name: "the template is immutable", change: (j) => (spec(j).template.spec!.containers[0]!.image = "perl:5.40"), field: "spec.template" },
    {
      name: "a suspended job may still not change its image",
      old: (j) => (spec(j).suspend = true),
      change: (j) => (spec(j).template.spec!.containers[0]!.image = "perl:5.40"),
      field: "spec.template",
    },
    {
      name: "a suspended job that started may not change its node selector",
      old: (j) => {
        spec(j).suspend = true;
        Object.assign(j, { status: { startTime: "2024-01-01T00:00:00Z" } });
      },
      change: (j) => (spec(j).template.spec!.nodeSelector = { zone: "a" }),
      field: "spec.template",
    },
    { name: "the pod failure policy is immutable", change: (j) => (spec(j).podFailurePolicy = failJobOn42), field: "spec.podFailurePolicy" },
  ];
  for (const c of immutable) {
    test(c.name, () => {
      const old = createdJob(c.old);
      if (c.old) c.old(old);
      const job = clone(old);
      c.change(job);
      strategy.applyDefaults(job);
      const errs = strategy.validateUpdate(job, old);
      assert.deepEqual(
        errs.map((e) => [e.field, e.type, e.detail]),
        [[c.field, "FieldValueInvalid", "field is immutable"]],
      );
    });
  }
});
