import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job } from "kubernetes-types/batch/v1.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { rfc3339 } from "../../util/clock.js";
import { TtlAfterFinishedController } from "./ttl-after-finished-controller.js";

async function withController(fn: (c: TestCluster) => Promise<void>): Promise<void> {
  const cluster = await openTestCluster();
  const factory = new InformerFactory(cluster.client, { clock: cluster.clock });
  const controller = new TtlAfterFinishedController({ client: cluster.client, factory, clock: cluster.clock });
  factory.start();
  assert.equal(await controller.start(), true);
  try {
    await fn(cluster);
  } finally {
    await controller.stop();
    factory.stop();
    await cluster.close();
  }
}

async function createFinishedJob(c: TestCluster, name: string, ttl: number | undefined): Promise<void> {
  const job = await c.client.create<Job>(refs.jobs, {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: { ...(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl }), template: { spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "Never" } } },
  });
  const t = rfc3339(c.clock.now());
  const done = (type: string) => ({ type, status: "True", lastProbeTime: t, lastTransitionTime: t, reason: "CompletionsReached", message: "Reached expected number of succeeded pods" });
  job.status = { startTime: t, completionTime: t, succeeded: 1, conditions: [done("SuccessCriteriaMet"), done("Complete")] };
  await c.client.update<Job>(refs.jobs, job, { subresource: "status" });
}

async function exists(c: TestCluster, name: string): Promise<boolean> {
  try {
    await c.client.get<Job>(refs.jobs, "default", name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

test("a finished Job is deleted ttlSecondsAfterFinished after it finished, not before", async () => {
  await withController(async (c) => {
    await createFinishedJob(c, "short", 30);
    await c.clock.advance(29_000);
    assert.equal(await exists(c, "short"), true);
    await c.clock.advance(1_000);
    // Foreground deletion: the Job waits for its dependents under the foregroundDeletion finalizer.
    const job = await c.client.get<Job>(refs.jobs, "default", "short").catch(() => undefined);
    assert.ok(job === undefined || job.metadata.deletionTimestamp !== undefined);
    if (job) assert.deepEqual(job.metadata.finalizers, ["foregroundDeletion"]);
  });
});

test("a finished Job without a TTL, and a Job whose TTL was raised, are kept", async () => {
  await withController(async (c) => {
    await createFinishedJob(c, "keep", undefined);
    await createFinishedJob(c, "raised", 10);
    await c.client.patch(refs.jobs, "default", "raised", "merge", { spec: { ttlSecondsAfterFinished: 100 } });
    await c.clock.advance(50_000);
    assert.equal(await exists(c, "keep"), true);
    const raised = await c.client.get<Job>(refs.jobs, "default", "raised");
    assert.equal(raised.metadata.deletionTimestamp, undefined);
    await c.clock.advance(50_000);
    const later = await c.client.get<Job>(refs.jobs, "default", "raised").catch(() => undefined);
    assert.ok(later === undefined || later.metadata.deletionTimestamp !== undefined);
  });
});

