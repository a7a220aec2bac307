import assert from "node:assert/strict";
import { test } from "node:test";
import { generateNameWithIndex, newPod, podTemplateFor } from "./pod-template.js";
import { storedJob } from "./testing/job-world.js";

test("an indexed pod's generated name keeps room for the index and the random suffix", () => {
  assert.equal(generateNameWithIndex("pi", 7), "pi-7-");
  const long = "a".repeat(60);
  assert.equal(generateNameWithIndex(long, 12), `${"a".repeat(54)}-12-`);
  assert.equal(generateNameWithIndex(long, 12).length, 58);
});

test("a NonIndexed pod takes the template's labels, the finalizer and a controller reference, nothing more", () => {
  const job = storedJob();
  const pod = newPod(job, podTemplateFor(job));
  assert.equal(pod.metadata?.generateName, "pi-");
  assert.equal(pod.metadata?.annotations, undefined);
  assert.deepEqual(pod.metadata?.finalizers, ["batch.kubernetes.io/job-tracking"]);
  assert.deepEqual(Object.keys(pod.metadata?.labels ?? {}).sort(), ["batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name"]);
  assert.equal(pod.spec?.hostname, undefined);
});

test("an existing JOB_COMPLETION_INDEX is left as the user wrote it", () => {
  const job = storedJob((j) => {
    j.spec!.completionMode = "Indexed";
    j.spec!.completions = 2;
    j.spec!.template.spec!.containers[0]!.env = [{ name: "JOB_COMPLETION_INDEX", value: "mine" }];
  });
  assert.deepEqual(podTemplateFor(job).spec?.containers[0]?.env, [{ name: "JOB_COMPLETION_INDEX", value: "mine" }]);
});
