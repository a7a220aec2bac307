import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isJobFinished } from "./conditions.js";
import { jobPodKeys, trackingFinalizer } from "./pod-state.js";
import { type JobCluster, defaultScript, withJobCluster } from "./testing/job-cluster.js";

function job(name: string, spec: Partial<NonNullable<Job["spec"]>> & { restartPolicy?: string } = {}): Job {
  const { restartPolicy = "Never", ...jobSpec } = spec;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: {
      ...jobSpec,
      template: { spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "10"] }], restartPolicy } },
    },
  };
}

const finished = (c: JobCluster, name: string) => async () => isJobFinished(await c.job(name));

function conditionTypes(j: Stored<Job>): string[] {
  return (j.status?.conditions ?? []).filter((x) => x.status === "True").map((x) => `${x.type}:${x.reason}`);
}

test("the seed's sample job runs one pod for 10 s and completes 1/1, the pod Completed and freed", async () => {
  await withJobCluster(defaultScript, async (c) => {
    await c.cluster.client.create(refs.jobs, job("sample-job", { completions: 1, parallelism: 1, backoffLimit: 10 }));
    await c.eventually(finished(c, "sample-job"), "the job finishes");
    const j = await c.job("sample-job");
    assert.deepEqual(conditionTypes(j), ["SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
    assert.equal(j.status?.succeeded, 1);
    assert.equal(Date.parse(j.status!.completionTime!) - Date.parse(j.status!.startTime!), 10_000);
    const [pod, ...others] = await c.pods();
    assert.equal(others.length, 0);
    assert.equal(pod!.status?.phase, "Succeeded");
    assert.match(pod!.metadata.name, /^sample-job-[a-z0-9]{5}$/);
    assert.deepEqual(pod!.metadata.finalizers ?? [], []);
    assert.equal(pod!.metadata.labels?.["batch.kubernetes.io/job-name"], "sample-job");
    assert.equal(pod!.metadata.labels?.["job-name"], "sample-job");
    assert.equal(pod!.metadata.labels?.["batch.kubernetes.io/controller-uid"], j.metadata.uid);
    assert.deepEqual(pod!.metadata.ownerReferences, [{ apiVersion: "batch/v1", kind: "Job", name: "sample-job", uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(c.recorder.lines(), [`Normal SuccessfulCreate Created pod: ${pod!.metadata.name}`, "Normal Completed Job completed"]);
    assert.deepEqual(c.errors, []);
  });
});

test("a pod keeps the tracking finalizer while it runs", async () => {
  await withJobCluster(defaultScript, async (c) => {
    await c.cluster.client.create(refs.jobs, job("pi"));
    await c.eventually(async () => (await c.pods()).some((p) => p.status?.phase === "Running"), "the pod runs");
    const [pod] = await c.pods();
    assert.deepEqual(pod!.metadata.finalizers, [trackingFinalizer]);
    assert.equal((await c.job("pi")).status?.active, 1);
  });
});

test("completions 6 with parallelism 2 never runs more than 2 pods and counts exactly 6", async () => {
  await withJobCluster(defaultScript, async (c) => {
    await c.cluster.client.create(refs.jobs, job("par", { completions: 6, parallelism: 2 }));
    await c.eventually(finished(c, "par"), "the job finishes");
    const j = await c.job("par");
    assert.equal(j.status?.succeeded, 6);
    assert.equal(c.kubelet.maxRunning, 2);
    assert.equal((await c.pods()).length, 6);
  });
});

test("failing pods under Never are replaced after 10 s, 20 s… until backoffLimit fails the Job", async () => {
  await withJobCluster(() => ({ runMs: 1000, exitCode: () => 1 }), async (c) => {
    await c.cluster.client.create(refs.jobs, job("fails", { backoffLimit: 2 }));
    await c.eventually(finished(c, "fails"), "the job fails", { stepMs: 1000 });
    const j = await c.job("fails");
    assert.deepEqual(conditionTypes(j), ["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
    assert.equal(j.status?.failed, 3);
    const starts = (await c.pods()).map((p) => Date.parse(p.metadata.creationTimestamp)).sort();
    // each replacement waits out the back-off after the previous failure (1 s run)
    assert.deepEqual(starts.slice(1).map((t, i) => t - starts[i]!), [11_000, 21_000]);
    assert.ok(c.recorder.lines().includes("Warning BackoffLimitExceeded Job has reached the specified backoff limit"));
  });
});

test("under OnFailure the container restarts in the same pod and restarts count toward backoffLimit", async () => {
  await withJobCluster(() => ({ runMs: 1000, exitCode: () => 1 }), async (c) => {
    await c.cluster.client.create(refs.jobs, job("restarts", { backoffLimit: 3, restartPolicy: "OnFailure" }));
    await c.eventually(async () => (await c.pods())[0]?.status?.containerStatuses?.[0]?.restartCount === 2, "two restarts");
    assert.equal((await c.job("restarts")).status?.failed, undefined);
    await c.eventually(finished(c, "restarts"), "the job fails");
    const j = await c.job("restarts");
    assert.deepEqual(conditionTypes(j), ["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
    // The one pod, still running after its third restart, is deleted and counted as failed.
    assert.equal(j.status?.failed, 1);
    const lines = c.recorder.lines();
    assert.equal(lines.filter((l) => l.includes("SuccessfulCreate")).length, 1);
    assert.equal(lines.filter((l) => l.includes("SuccessfulDelete")).length, 1);
    assert.deepEqual(await c.pods(), []);
  });
});

test("an Indexed Job runs each index once with its annotation and label, and records completedIndexes", async () => {
  await withJobCluster(defaultScript, async (c) => {
    await c.cluster.client.create(refs.jobs, job("idx", { completionMode: "Indexed", completions: 4, parallelism: 2 }));
    await c.eventually(finished(c, "idx"), "the job finishes");
    const j = await c.job("idx");
    assert.equal(j.status?.completedIndexes, "0-3");
    assert.equal(j.status?.succeeded, 4);
    const pods = await c.pods();
    assert.deepEqual(pods.map((p) => p.metadata.labels?.[jobPodKeys.completionIndex]).sort(), ["0", "1", "2", "3"]);
    assert.deepEqual(pods.map((p) => p.spec?.hostname).sort(), ["idx-0", "idx-1", "idx-2", "idx-3"]);
    for (const p of pods) assert.match(p.metadata.name, new RegExp(`^idx-${p.metadata.annotations?.[jobPodKeys.completionIndex]}-[a-z0-9]{5}$`));
  });
});

test("suspending deletes the running pods; resuming starts again with a new startTime", async () => {
  await withJobCluster(defaultScript, async (c) => {
    await c.cluster.client.create(refs.jobs, job("sus", { completions: 2, parallelism: 2 }));
    await c.eventually(async () => (await c.job("sus")).status?.active === 2, "two pods run");
    const startedAt = (await c.job("sus")).status?.startTime;
    await c.cluster.client.patch(refs.jobs, "default", "sus", "merge", { spec: { suspend: true } });
    await c.eventually(async () => (await c.pods()).length === 0, "the pods are gone");
    const suspended = await c.job("sus");
    assert.deepEqual(conditionTypes(suspended), ["Suspended:JobSuspended"]);
    await c.cluster.clock.advance(60_000);
    await c.cluster.client.patch(refs.jobs, "default", "sus", "merge", { spec: { suspend: false } });
    await c.eventually(finished(c, "sus"), "the job finishes");
    const done = await c.job("sus");
    assert.notEqual(done.status?.startTime, startedAt);
    assert.equal(done.status?.succeeded, 2);
    assert.ok(c.recorder.lines().includes("Normal Suspended Job suspended"));
    assert.ok(c.recorder.lines().includes("Normal Resumed Job resumed"));
  });
});

test("a controller restarted while pods run and finish counts every completion exactly once", async () => {
  await withJobCluster(() => ({ runMs: 3000, exitCode: () => 0 }), async (c) => {
    await c.cluster.client.create(refs.jobs, job("crash", { completions: 20, parallelism: 4 }));
    for (let i = 0; i < 8; i++) {
      await c.cluster.clock.advance(1700);
      await c.restartController();
    }
    await c.eventually(finished(c, "crash"), "the job finishes");
    const j = await c.job("crash");
    assert.equal(j.status?.succeeded, 20);
    assert.ok(c.kubelet.maxRunning <= 4, `${c.kubelet.maxRunning} pods ran at once`);
  });
});

test("with manualSelector an ownerless pod the selector matches is adopted: controller reference and tracking finalizer", async () => {
  await withJobCluster(() => ({ runMs: 60_000, exitCode: () => 0 }), async (c) => {
    await c.cluster.client.create(refs.pods, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stray", namespace: "default", labels: { app: "manual" } },
      spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "Never" },
    });
    const manual = job("manual", { manualSelector: true, selector: { matchLabels: { app: "manual" } }, completions: 1 });
    manual.spec!.template.metadata = { labels: { app: "manual" } };
    await c.cluster.client.create(refs.jobs, manual);
    await c.eventually(async () => (await c.pods()).find((p) => p.metadata.name === "stray")?.metadata.ownerReferences !== undefined, "the stray pod is adopted");
    const stray = (await c.pods()).find((p) => p.metadata.name === "stray")!;
    const j = await c.job("manual");
    assert.deepEqual(stray.metadata.ownerReferences, [{ apiVersion: "batch/v1", kind: "Job", name: "manual", uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(stray.metadata.finalizers, [trackingFinalizer]);
    // It counts as the Job's one active pod: no other pod is created.
    await c.cluster.clock.advance(2000);
    assert.equal((await c.pods()).length, 1);
    assert.equal((await c.job("manual")).status?.active, 1);
  });
});

test("a pod no longer owned by its Job nor matching its selector is freed of the tracking finalizer", async () => {
  await withJobCluster(() => ({ runMs: 60_000, exitCode: () => 0 }), async (c) => {
    await c.cluster.client.create(refs.jobs, job("rel"));
    await c.eventually(async () => (await c.pods()).length === 1, "a pod");
    const [pod] = await c.pods();
    const labels = { "batch.kubernetes.io/controller-uid": null, "controller-uid": null };
    await c.cluster.client.patch(refs.pods, "default", pod!.metadata.name, "merge", { metadata: { ownerReferences: null, labels } });
    const freed = async () => ((await c.pods()).find((p) => p.metadata.name === pod!.metadata.name)?.metadata.finalizers ?? []).length === 0;
    await c.eventually(freed, "the finalizer goes");
  });
});

test("deleting a Job frees its pods of the tracking finalizer, so the garbage collector can remove them", async () => {
  await withJobCluster(() => ({ runMs: 60_000, exitCode: () => 0 }), async (c) => {
    await c.cluster.client.create(refs.jobs, job("gone", { completions: 2, parallelism: 2 }));
    await c.eventually(async () => (await c.pods()).length === 2, "two pods");
    await c.cluster.client.delete(refs.jobs, "default", "gone");
    await c.eventually(async () => (await c.pods()).every((p) => (p.metadata.finalizers ?? []).length === 0), "the finalizers go");
  });
});
