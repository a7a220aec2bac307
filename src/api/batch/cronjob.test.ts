import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CronJob, CronJobSpec } from "kubernetes-types/batch/v1.js";
import { formatFieldError } from "../field-errors.js";
import { clone } from "../object.js";
import { ResourceTable } from "../resource-table.js";
import { cronJobDefinition, cronJobStrategy as strategy } from "./cronjob.js";
import { cronJobV1beta1Definition } from "./cronjob-v1beta1.js";
import { batchResources } from "./index.js";

function newCronJob(change: (cj: CronJob) => void = () => {}): CronJob {
  const cj: CronJob = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello", namespace: "default", uid: "c1", resourceVersion: "3", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      schedule: "*/5 * * * *",
      jobTemplate: { spec: { template: { spec: { containers: [{ name: "hello", image: "busybox:1.36" }], restartPolicy: "OnFailure" } } } },
    },
  };
  change(cj);
  return cj;
}

function createdCronJob(change?: (cj: CronJob) => void): CronJob {
  const cj = newCronJob(change);
  strategy.applyDefaults(cj);
  strategy.prepareForCreate(cj);
  return cj;
}

const spec = (cj: CronJob): CronJobSpec => cj.spec!;

describe("CronJob defaults (SetObjectDefaults_CronJob)", () => {
  const cases: Array<{ name: string; change?: (cj: CronJob) => void; expect: (cj: CronJob) => unknown; want: unknown }> = [
    { name: "concurrencyPolicy defaults to Allow", expect: (cj) => cj.spec?.concurrencyPolicy, want: "Allow" },
    { name: "suspend defaults to false", expect: (cj) => cj.spec?.suspend, want: false },
    { name: "successfulJobsHistoryLimit defaults to 3", expect: (cj) => cj.spec?.successfulJobsHistoryLimit, want: 3 },
    { name: "failedJobsHistoryLimit defaults to 1", expect: (cj) => cj.spec?.failedJobsHistoryLimit, want: 1 },
    { name: "a given history limit of 0 stays", change: (cj) => (spec(cj).successfulJobsHistoryLimit = 0), expect: (cj) => cj.spec?.successfulJobsHistoryLimit, want: 0 },
    {
      name: "the job template gets none of a Job's own defaults",
      expect: (cj) => Object.keys(cj.spec?.jobTemplate.spec ?? {}),
      want: ["template"],
    },
    { name: "the job template's pod template gets its defaults", expect: (cj) => cj.spec?.jobTemplate.spec?.template.spec?.dnsPolicy, want: "ClusterFirst" },
    {
      name: "a failure policy pattern without status means True",
      change: (cj) => (spec(cj).jobTemplate.spec!.podFailurePolicy = { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" } as never] }] }),
      expect: (cj) => cj.spec?.jobTemplate.spec?.podFailurePolicy?.rules[0]?.onPodConditions?.[0]?.status,
      want: "True",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cj = newCronJob(c.change);
      strategy.applyDefaults(cj);
      assert.deepEqual(c.expect(cj), c.want);
    });
  }
});

describe("CronJob validation (ValidateCronJobCreate), full messages", () => {
  const cases: Array<{ name: string; change: (cj: CronJob) => void; want: string[] }> = [
    { name: "a valid CronJob has no errors", change: () => {}, want: [] },
    { name: "a macro schedule is fine", change: (cj) => (spec(cj).schedule = "@hourly"), want: [] },
    { name: "a time zone is fine", change: (cj) => (spec(cj).timeZone = "Europe/Berlin"), want: [] },
    { name: "no schedule", change: (cj) => (spec(cj).schedule = ""), want: ["spec.schedule: Required value"] },
    {
      name: "a four-field schedule",
      change: (cj) => (spec(cj).schedule = "* * * *"),
      want: ['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]'],
    },
    {
      name: "a six-field schedule with seconds",
      change: (cj) => (spec(cj).schedule = "0 */5 * * * *"),
      want: ['spec.schedule: Invalid value: "0 */5 * * * *": expected exactly 5 fields, found 6: [0 */5 * * * *]'],
    },
    {
      name: "an hour out of range",
      change: (cj) => (spec(cj).schedule = "0 25 * * *"),
      want: ['spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25'],
    },
    {
      name: "TZ= in the schedule",
      change: (cj) => (spec(cj).schedule = "TZ=UTC 0 * * * *"),
      want: ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    },
    {
      name: "CRON_TZ= with an unknown zone",
      change: (cj) => (spec(cj).schedule = "CRON_TZ=Mars/Base 0 * * * *"),
      want: [
        'spec.schedule: Invalid value: "CRON_TZ=Mars/Base 0 * * * *": provided bad location Mars/Base: unknown time zone Mars/Base',
        'spec.schedule: Invalid value: "CRON_TZ=Mars/Base 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ],
    },
    { name: "an empty time zone", change: (cj) => (spec(cj).timeZone = ""), want: ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string'] },
    {
      name: "the Local time zone",
      change: (cj) => (spec(cj).timeZone = "Local"),
      want: ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    },
    { name: "an unknown time zone", change: (cj) => (spec(cj).timeZone = "Mars/Base"), want: ['spec.timeZone: Invalid value: "Mars/Base": unknown time zone Mars/Base'] },
    {
      name: "a time zone that climbs out of the zone directory",
      change: (cj) => (spec(cj).timeZone = "../etc/passwd"),
      want: ['spec.timeZone: Invalid value: "../etc/passwd": unknown time zone ../etc/passwd'],
    },
    {
      name: "an unknown concurrency policy",
      change: (cj) => (spec(cj).concurrencyPolicy = "Sometimes"),
      want: ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'],
    },
    {
      name: "negative startingDeadlineSeconds",
      change: (cj) => (spec(cj).startingDeadlineSeconds = -1),
      want: ["spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0"],
    },
    {
      name: "negative history limits",
      change: (cj) => Object.assign(spec(cj), { successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -2 }),
      want: [
        "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
        "spec.failedJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
      ],
    },
    {
      name: "a name too long for the Jobs it creates",
      change: (cj) => (cj.metadata!.name = "a".repeat(53)),
      want: [`metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters`],
    },
    { name: "a 52-character name is fine", change: (cj) => (cj.metadata!.name = "a".repeat(52)), want: [] },
    {
      name: "a selector in the job template",
      change: (cj) => (spec(cj).jobTemplate.spec!.selector = { matchLabels: { a: "b" } }),
      want: [
        'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      ],
    },
    {
      name: "manualSelector in the job template",
      change: (cj) => (spec(cj).jobTemplate.spec!.manualSelector = true),
      want: ['spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"'],
    },
    {
      name: "a job template without restartPolicy",
      change: (cj) => delete spec(cj).jobTemplate.spec!.template.spec!.restartPolicy,
      want: ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    },
    {
      name: "a negative backoffLimit in the job template",
      change: (cj) => (spec(cj).jobTemplate.spec!.backoffLimit = -1),
      want: ["spec.jobTemplate.spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(strategy.validate(createdCronJob(c.change)).map(formatFieldError), c.want));
  }
});

describe("CronJob create, update and status", () => {
  test("create clears status and sets generation 1", () => {
    const cj = createdCronJob((x) => Object.assign(x, { status: { lastScheduleTime: "2024-01-01T00:00:00Z" } }));
    assert.deepEqual(cj.status, {});
    assert.equal(cj.metadata?.generation, 1);
  });
  test("a schedule change bumps generation and keeps status", () => {
    const old = createdCronJob();
    Object.assign(old, { status: { lastScheduleTime: "2024-01-01T00:05:00Z" } });
    const cj = clone(old);
    spec(cj).schedule = "0 * * * *";
    Object.assign(cj, { status: {} });
    strategy.prepareForUpdate(cj, old);
    assert.equal(cj.metadata?.generation, 2);
    assert.deepEqual(cj.status, { lastScheduleTime: "2024-01-01T00:05:00Z" });
    assert.deepEqual(strategy.validateUpdate(cj, old), []);
  });
  test("a status update keeps the old spec", () => {
    const old = createdCronJob();
    const cj = clone(old);
    spec(cj).suspend = true;
    Object.assign(cj, { status: { active: [{ name: "hello-1" }] } });
    strategy.status!.prepareForUpdate(cj, old);
    assert.equal(cj.spec?.suspend, false);
    assert.deepEqual(strategy.status!.validateUpdate(cj, old), []);
  });
});

describe("CronJob table (printCronJob)", () => {
  const now = Date.parse("2024-01-01T01:00:00Z");
  test("columns are NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE and, wide, CONTAINERS IMAGES SELECTOR", () => {
    const columns = strategy.table.columns.map((c) => `${c.name}:${c.type}:${c.priority}`);
    assert.deepEqual(columns, [
      "Name:string:0",
      "Schedule:string:0",
      "Timezone:string:0",
      "Suspend:boolean:0",
      "Active:integer:0",
      "Last Schedule:string:0",
      "Age:string:0",
      "Containers:string:1",
      "Images:string:1",
      "Selector:string:1",
    ]);
  });
  const cases: Array<{ name: string; change: (cj: CronJob) => void; want: unknown[] }> = [
    {
      name: "a new CronJob shows <none> for time zone and last schedule",
      change: () => {},
      want: ["hello", "*/5 * * * *", "<none>", "False", 0, "<none>", "60m", "hello", "busybox:1.36", "<none>"],
    },
    {
      name: "a suspended CronJob in a zone with two active jobs, scheduled 5 minutes ago",
      change: (cj) => {
        Object.assign(spec(cj), { suspend: true, timeZone: "Europe/Berlin" });
        Object.assign(cj, { status: { active: [{ name: "a" }, { name: "b" }], lastScheduleTime: "2024-01-01T00:55:00Z" } });
      },
      want: ["hello", "*/5 * * * *", "Europe/Berlin", "True", 2, "5m", "60m", "hello", "busybox:1.36", "<none>"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cj = createdCronJob();
      c.change(cj);
      assert.deepEqual(strategy.table.cells(cj, now), c.want);
    });
  }
});

describe("batch/v1beta1 CronJob", () => {
  const converter = cronJobV1beta1Definition.converter!;
  test("is stored as batch/v1 cronjobs, with upstream's deprecation warning", () => {
    const info = cronJobV1beta1Definition.info;
    assert.deepEqual([info.group, info.version, info.resource, info.kind], ["batch", "v1beta1", "cronjobs", "CronJob"]);
    assert.deepEqual(info.storage, { group: "batch", resource: "cronjobs", version: "v1", kind: "CronJob" });
    assert.equal(info.deprecationWarning, "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob");
    assert.deepEqual([info.shortNames, info.categories], [["cj"], ["all"]]);
  });
  test("converts to batch/v1 changing only apiVersion, and back", () => {
    const beta = createdCronJob((cj) => Object.assign(cj, { apiVersion: "batch/v1beta1" }));
    const stored = converter.toStorage(beta);
    assert.equal(stored.apiVersion, "batch/v1");
    assert.deepEqual({ ...stored, apiVersion: "batch/v1beta1" }, beta);
    assert.deepEqual(converter.fromStorage(stored), beta);
    assert.equal(beta.apiVersion, "batch/v1beta1", "conversion copies, it does not change its input");
  });
  test("batch/v1 is served first, so discovery prefers it", () => {
    assert.deepEqual(
      batchResources.map((d) => `${d.info.version}/${d.info.resource}`),
      ["v1/jobs", "v1/cronjobs", "v1beta1/cronjobs"],
    );
    assert.deepEqual(new ResourceTable(batchResources).groups(), [{ group: "batch", versions: ["v1", "v1beta1"] }]);
    assert.equal(new ResourceTable(batchResources).storageDefinition({ group: "batch", version: "v1beta1", resource: "cronjobs" }), cronJobDefinition);
  });
});
