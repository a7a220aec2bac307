import assert from "node:assert/strict";
import { test } from "node:test";
import type { CronJob } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { rfc1123zUtc, rfc3339InZone } from "./go-time.js";
import { jobFromTemplate, jobName } from "./job-template.js";

const cj = (timeZone?: string): Stored<CronJob> => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "hello", namespace: "ns", uid: "cj-uid", resourceVersion: "3", creationTimestamp: "2016-05-19T09:00:00Z" },
  spec: {
    schedule: "*/1 * * * *",
    ...(timeZone ? { timeZone } : {}),
    jobTemplate: { metadata: { labels: { app: "hello" }, annotations: { note: "kept" } }, spec: { backoffLimit: 1, template: { spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "Never" } } } },
  },
});

test("job names carry the schedule time in minutes since the epoch", () => {
  const cases: Array<{ name: string; at: string; expect: string }> = [
    { name: "a whole minute", at: "2016-05-19T10:00:00Z", expect: "hello-24394200" },
    { name: "seconds into a minute round down to it (@every schedules)", at: "2016-05-19T10:00:59Z", expect: "hello-24394200" },
  ];
  for (const c of cases) assert.equal(jobName("hello", Date.parse(c.at)), c.expect, c.name);
});

test("a scheduled job copies the template and points back at its CronJob", () => {
  const job = jobFromTemplate(cj(), Date.parse("2016-05-19T10:00:00Z"));
  assert.equal(job.metadata?.name, "hello-24394200");
  assert.equal(job.metadata?.namespace, "ns");
  assert.deepEqual(job.metadata?.labels, { app: "hello" });
  assert.deepEqual(job.metadata?.annotations, { note: "kept", "batch.kubernetes.io/cronjob-scheduled-timestamp": "2016-05-19T10:00:00Z" });
  assert.deepEqual(job.metadata?.ownerReferences, [{ apiVersion: "batch/v1", kind: "CronJob", name: "hello", uid: "cj-uid", controller: true, blockOwnerDeletion: true }]);
  assert.equal(job.spec?.backoffLimit, 1);
});

test("the scheduled-timestamp annotation is written in the CronJob's time zone", () => {
  const cases: Array<{ name: string; zone: string | undefined; expect: string }> = [
    { name: "no time zone: UTC", zone: undefined, expect: "2016-05-19T10:00:00Z" },
    { name: "New York in summer", zone: "America/New_York", expect: "2016-05-19T06:00:00-04:00" },
    { name: "a half-hour zone", zone: "Asia/Kolkata", expect: "2016-05-19T15:30:00+05:30" },
    { name: "London in winter: a zero offset is Z, as Go writes it", zone: "Europe/London", expect: "2016-01-19T10:00:00Z" },
  ];
  for (const c of cases) {
    const when = c.zone === "Europe/London" ? "2016-01-19T10:00:00Z" : "2016-05-19T10:00:00Z";
    const job = jobFromTemplate(cj(c.zone), Date.parse(when));
    assert.equal(job.metadata?.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"], c.expect, c.name);
  }
});

test("times format as Go's RFC 3339 and RFC 1123Z", () => {
  assert.equal(rfc3339InZone(Date.parse("2016-11-06T05:30:00Z"), "America/New_York"), "2016-11-06T01:30:00-04:00");
  assert.equal(rfc3339InZone(Date.parse("2016-11-06T06:30:00Z"), "America/New_York"), "2016-11-06T01:30:00-05:00");
  assert.equal(rfc1123zUtc(Date.parse("2016-05-19T10:00:00Z")), "Thu, 19 May 2016 10:00:00 +0000");
  assert.equal(rfc1123zUtc(Date.parse("2026-01-02T03:04:05Z")), "Fri, 02 Jan 2026 03:04:05 +0000");
});
