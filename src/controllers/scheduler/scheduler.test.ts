import assert from "node:assert/strict";
import { test } from "node:test";
import type { Event, Node, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { Scheduler } from "./scheduler.js";
import { node, pod, requesting } from "./testing/fixtures.js";

async function withScheduler(fn: (c: TestCluster, errors: unknown[]) => Promise<void>): Promise<void> {
  const cluster = await openTestCluster();
  const errors: unknown[] = [];
  const factory = new InformerFactory(cluster.client, { clock: cluster.clock });
  const scheduler = new Scheduler({ client: cluster.client, factory, clock: cluster.clock, onError: (_k, e) => errors.push(e) });
  factory.start();
  assert.equal(await scheduler.start(), true);
  try {
    await fn(cluster, errors);
  } finally {
    await scheduler.stop();
    factory.stop();
    await cluster.close();
  }
}

async function eventually(c: TestCluster, cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await cond()) return;
    await c.clock.advance(100);
  }
  assert.fail(`never happened: ${what}`);
}

const getPod = (c: TestCluster, name: string) => c.client.get<Pod>(refs.pods, "default", name);
const createNode = (c: TestCluster, n: Node) => c.client.create<Node>(refs.nodes, n);
const boundTo = async (c: TestCluster, name: string): Promise<string | undefined> => (await getPod(c, name)).spec?.nodeName;

async function eventLines(c: TestCluster, podName: string): Promise<string[]> {
  const events = await c.client.list<Event>(refs.events, "default");
  return events.items
    .filter((e) => e.involvedObject.name === podName)
    .map((e) => `${e.type} ${e.reason} ${e.source?.component ?? ""}: ${e.message}`);
}

function scheduledCondition(p: Stored<Pod>): string {
  const c = p.status?.conditions?.find((x) => x.type === "PodScheduled");
  return c ? `${c.status} ${c.reason ?? ""} ${c.message ?? ""}`.trim() : "none";
}

test("a pod is bound to the one Ready node, with the Scheduled event upstream writes", () =>
  withScheduler(async (c, errors) => {
    await createNode(c, node("not-ready", { ready: "False" }));
    await createNode(c, node("tinykube"));
    await c.client.create(refs.pods, pod("web-0"));
    await eventually(c, async () => (await boundTo(c, "web-0")) !== undefined, "web-0 bound");
    assert.equal(await boundTo(c, "web-0"), "tinykube");
    assert.equal(scheduledCondition(await getPod(c, "web-0")), "True");
    await eventually(c, async () => (await eventLines(c, "web-0")).length > 0, "an event");
    assert.deepEqual(await eventLines(c, "web-0"), ["Normal Scheduled default-scheduler: Successfully assigned default/web-0 to tinykube"]);
    assert.deepEqual(errors, []);
  }));

test("an unschedulable pod gets upstream's exact FailedScheduling message and is scheduled once a node fits", () =>
  withScheduler(async (c, errors) => {
    const small = await createNode(c, node("small", { cpu: "1" }));
    await c.client.create(refs.pods, requesting("big", { cpu: "2" }));
    const message = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..";
    await eventually(c, async () => scheduledCondition(await getPod(c, "big")) !== "none", "the condition written");
    assert.equal(scheduledCondition(await getPod(c, "big")), `False Unschedulable ${message}`);
    await eventually(c, async () => (await eventLines(c, "big")).length > 0, "an event");
    assert.deepEqual(await eventLines(c, "big"), [`Warning FailedScheduling default-scheduler: ${message}`]);
    assert.equal(await boundTo(c, "big"), undefined);

    await c.client.update(refs.nodes, { ...small, status: { ...small.status, allocatable: { ...small.status?.allocatable, cpu: "4" } } }, { subresource: "status" });
    await eventually(c, async () => (await boundTo(c, "big")) === "small", "big bound once the node grew");
    assert.equal(scheduledCondition(await getPod(c, "big")), "True");
    assert.deepEqual(errors, []);
  }));

test("with no node at all the pod waits as a SchedulerError and goes to the first node that registers", () =>
  withScheduler(async (c) => {
    await c.client.create(refs.pods, pod("early"));
    await eventually(c, async () => scheduledCondition(await getPod(c, "early")) !== "none", "the condition written");
    assert.equal(scheduledCondition(await getPod(c, "early")), "False SchedulerError no nodes available to schedule pods");
    await createNode(c, node("late"));
    await eventually(c, async () => (await boundTo(c, "early")) === "late", "early bound");
  }));

test("pods created at once never overfill a node: assumed pods count before their binding lands", () =>
  withScheduler(async (c) => {
    await createNode(c, node("n1", { pods: "5" }));
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.client.create(refs.pods, pod(`p-${i}`))));
    await eventually(c, async () => (await c.client.list<Pod>(refs.pods, "default")).items.filter((p) => p.spec?.nodeName).length === 5, "five bound");
    await c.clock.advance(5000);
    const pods = (await c.client.list<Pod>(refs.pods, "default")).items;
    assert.equal(pods.filter((p) => p.spec?.nodeName).length, 5);
    const waiting = pods.filter((p) => !p.spec?.nodeName).map(scheduledCondition);
    assert.deepEqual(new Set(waiting), new Set([`False Unschedulable 0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..`]));
  }));

test("deleting a pod frees its room for a pod waiting on resources", () =>
  withScheduler(async (c) => {
    await createNode(c, node("n1", { cpu: "2" }));
    await c.client.create(refs.pods, requesting("first", { cpu: "1500m" }));
    await eventually(c, async () => (await boundTo(c, "first")) === "n1", "first bound");
    await c.client.create(refs.pods, requesting("second", { cpu: "1" }));
    await eventually(c, async () => scheduledCondition(await getPod(c, "second")).startsWith("False"), "second unschedulable");
    await c.client.delete(refs.pods, "default", "first", { gracePeriodSeconds: 0 });
    await eventually(c, async () => (await boundTo(c, "second")) === "n1", "second bound");
  }));

test("a finished pod no longer counts against the node", () =>
  withScheduler(async (c) => {
    await createNode(c, node("n1", { pods: "1" }));
    await c.client.create(refs.pods, pod("job-1"));
    await eventually(c, async () => (await boundTo(c, "job-1")) === "n1", "job-1 bound");
    await c.client.create(refs.pods, pod("job-2"));
    await eventually(c, async () => scheduledCondition(await getPod(c, "job-2")).startsWith("False"), "job-2 waits");
    const done = await getPod(c, "job-1");
    await c.client.update(refs.pods, { ...done, status: { ...done.status, phase: "Succeeded" } }, { subresource: "status" });
    await eventually(c, async () => (await boundTo(c, "job-2")) === "n1", "job-2 bound");
  }));

test("a pod for another scheduler is left alone", () =>
  withScheduler(async (c) => {
    await createNode(c, node("n1"));
    await c.client.create(refs.pods, pod("custom", { schedulerName: "my-scheduler" }));
    await c.clock.advance(3000);
    assert.equal(await boundTo(c, "custom"), undefined);
    assert.equal(scheduledCondition(await getPod(c, "custom")), "none");
  }));

test("a pod deleted while waiting is forgotten", () =>
  withScheduler(async (c, errors) => {
    await c.client.create(refs.pods, pod("gone"));
    await eventually(c, async () => scheduledCondition(await getPod(c, "gone")) !== "none", "the condition written");
    await c.client.delete(refs.pods, "default", "gone", { gracePeriodSeconds: 0 });
    await createNode(c, node("n1"));
    await c.clock.advance(15_000);
    await assert.rejects(getPod(c, "gone"), (e: unknown) => isNotFound(e));
    assert.deepEqual(errors, []);
  }));

test("a pod with a WaitForFirstConsumer claim selects the node on the claim, and is bound once the claim is", () =>
  withScheduler(async (c, errors) => {
    await createNode(c, node("n1"));
    const wffc = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "standard" }, provisioner: "tinykube.io/local", volumeBindingMode: "WaitForFirstConsumer" };
    await c.client.create(refs.storageClasses, wffc);
    const data: PersistentVolumeClaim = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: "default" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "standard" },
    };
    await c.client.create(refs.persistentVolumeClaims, data);
    await c.client.create(refs.pods, pod("db-0", { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] }));
    const getClaim = () => c.client.get<PersistentVolumeClaim>(refs.persistentVolumeClaims, "default", "data");
    await eventually(c, async () => (await getClaim()).metadata.annotations?.["volume.kubernetes.io/selected-node"] === "n1", "the node selected on the claim");
    await c.clock.advance(2000);
    assert.equal(await boundTo(c, "db-0"), undefined, "the pod waits for its volume");

    // What the PV controller does next: a PV for the claim, then the claim bound to it.
    const pv: PersistentVolume = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "pvc-data" },
      spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/srv/data" }, storageClassName: "standard" },
    };
    await c.client.create(refs.persistentVolumes, pv);
    const waiting = await getClaim();
    await c.client.update(refs.persistentVolumeClaims, {
      ...waiting,
      metadata: { ...waiting.metadata, annotations: { ...waiting.metadata.annotations, "pv.kubernetes.io/bind-completed": "yes" } },
      spec: { ...waiting.spec, volumeName: "pvc-data" },
    });
    await eventually(c, async () => (await boundTo(c, "db-0")) === "n1", "db-0 bound");
    assert.deepEqual(errors, []);
  }));
