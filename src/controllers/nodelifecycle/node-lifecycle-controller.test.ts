import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Event, Node, Pod, Toleration } from "kubernetes-types/core/v1.js";
import { refs } from "../../api/refs.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { openTestCluster } from "../../client/testing/test-cluster.js";
import type { TestCluster } from "../../client/testing/test-cluster.js";
import { rfc3339, rfc3339Micro, type Timer } from "../../util/clock.js";
import { startNodeLifecycleController } from "./node-lifecycle-controller.js";

const start = Date.parse("2026-01-01T00:00:00Z");
let cluster: TestCluster;
let factory: InformerFactory;
let controller: { stop(): Promise<void> };
const heartbeats = new Map<string, Timer>();

beforeEach(async () => {
  cluster = await openTestCluster(start);
  await cluster.client.create(refs.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-node-lease" } }).catch(() => undefined);
  factory = new InformerFactory(cluster.client, { clock: cluster.clock });
});
afterEach(async () => {
  for (const t of heartbeats.values()) t.cancel();
  heartbeats.clear();
  await controller.stop();
  factory.stop();
  await cluster.close();
});

/** A node as the node agent registers it, kept alive by renewing its Lease every 10 s. */
async function joinNode(name: string): Promise<void> {
  const { client, clock } = cluster;
  await client.create<Node>(refs.nodes, { apiVersion: "v1", kind: "Node", metadata: { name } });
  const now = rfc3339(clock.now());
  const ready = { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: now, lastTransitionTime: now };
  await client.patch(refs.nodes, undefined, name, "merge", { status: { conditions: [ready] } }, { subresource: "status" });
  const lease: Lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace: "kube-node-lease" }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(clock.now()) } };
  await client.create(refs.leases, lease);
  resumeHeartbeat(name);
}

function resumeHeartbeat(name: string): void {
  const beat = () => {
    heartbeats.set(name, cluster.clock.setTimeout(beat, 10_000));
    void cluster.client.patch(refs.leases, "kube-node-lease", name, "merge", { spec: { renewTime: rfc3339Micro(cluster.clock.now()) } });
  };
  beat();
}

/** Kills the node's agent: no more lease renewals. */
function silence(name: string): void {
  heartbeats.get(name)?.cancel();
  heartbeats.delete(name);
}

/** A running, Ready pod bound to node (DefaultTolerationSeconds adds the 300 s tolerations unless given). */
async function runningPod(name: string, node: string, tolerations?: Toleration[]): Promise<void> {
  const { client, clock } = cluster;
  const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { nodeName: node, containers: [{ name: "c", image: "busybox" }], ...(tolerations ? { tolerations } : {}) } };
  await client.create(refs.pods, pod);
  const now = rfc3339(clock.now());
  const conditions = ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({ type, status: "True", lastTransitionTime: now }));
  await client.patch(refs.pods, "default", name, "merge", { status: { phase: "Running", conditions } }, { subresource: "status" });
}

function startController(): void {
  controller = startNodeLifecycleController({ client: cluster.client, factory, clock: cluster.clock });
  factory.start();
}

const getNode = (name: string) => cluster.client.get<Node>(refs.nodes, undefined, name);
const getPod = (name: string) => cluster.client.get<Pod>(refs.pods, "default", name);
const taintsOf = async (name: string) => ((await getNode(name)).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
const readyOf = async (name: string) => (await getNode(name)).status?.conditions?.find((c) => c.type === "Ready");
const podReady = async (name: string) => (await getPod(name)).status?.conditions?.find((c) => c.type === "Ready")?.status;
async function events(reason: string): Promise<string[]> {
  const list = await cluster.client.list<Event>(refs.events, undefined);
  return list.items.filter((e) => e.reason === reason).map((e) => `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`);
}

describe("node lifecycle controller", () => {
  test("a node that stops heartbeating goes Unknown after the 40 s grace, is tainted unreachable, and its pods go NotReady and are evicted per their tolerations", async () => {
    await joinNode("n1");
    await joinNode("n2");
    await runningPod("web", "n2");
    await runningPod("forever", "n2", [{ operator: "Exists" }]);
    await runningPod("intolerant", "n2", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }]);
    await runningPod("elsewhere", "n1");
    startController();
    await cluster.clock.advance(60_000);
    assert.deepEqual(await taintsOf("n2"), []);
    assert.deepEqual((await events("RegisteredNode")).sort(), ["Node/n1: Node n1 event: Registered Node n1 in Controller", "Node/n2: Node n2 event: Registered Node n2 in Controller"]);

    silence("n2");
    await cluster.clock.advance(35_000);
    assert.equal((await readyOf("n2"))?.status, "True", "still within the grace period");
    await cluster.clock.advance(15_000);
    const ready = await readyOf("n2");
    assert.deepEqual([ready?.status, ready?.reason, ready?.message], ["Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."]);
    assert.deepEqual(await taintsOf("n2"), ["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"]);
    assert.deepEqual(await taintsOf("n1"), []);
    assert.equal(await podReady("web"), "False");
    assert.equal(await podReady("elsewhere"), "True");
    assert.ok((await events("NodeNotReady")).includes("Node/n2: Node n2 status is now: NodeNotReady"));
    assert.ok((await events("NodeNotReady")).includes("Pod/web: Node is not ready"));
    assert.ok((await getPod("intolerant")).metadata.deletionTimestamp, "a pod tolerating 0 s is deleted at once");
    assert.equal((await getPod("web")).metadata.deletionTimestamp, undefined);

    await cluster.clock.advance(300_000);
    const web = await getPod("web");
    assert.ok(web.metadata.deletionTimestamp, "the default 300 s toleration ran out");
    const disruption = web.status?.conditions?.find((c) => c.type === "DisruptionTarget");
    assert.deepEqual([disruption?.status, disruption?.reason, disruption?.message], ["True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint"]);
    assert.ok((await events("TaintManagerEviction")).includes("Pod/web: Marking for deletion Pod default/web"));
    assert.equal((await getPod("forever")).metadata.deletionTimestamp, undefined);
    assert.equal((await getPod("elsewhere")).metadata.deletionTimestamp, undefined);
  });

  test("a node heard from again before the toleration runs out is untainted and the eviction is cancelled", async () => {
    await joinNode("n1");
    await joinNode("n2");
    await runningPod("web", "n2");
    startController();
    await cluster.clock.advance(10_000);
    silence("n2");
    await cluster.clock.advance(60_000);
    assert.deepEqual(await taintsOf("n2"), ["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"]);
    resumeHeartbeat("n2");
    const now = rfc3339(cluster.clock.now());
    await cluster.client.patch(refs.nodes, undefined, "n2", "merge", { status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", lastHeartbeatTime: now, lastTransitionTime: now }] } }, { subresource: "status" });
    await cluster.clock.advance(400_000);
    assert.deepEqual(await taintsOf("n2"), []);
    assert.equal((await getPod("web")).metadata.deletionTimestamp, undefined);
    assert.ok((await events("TaintManagerEviction")).includes("Pod/web: Cancelling deletion of Pod default/web"));
  });

  test("when every node is silent (full disruption) nodes go Unknown but nothing is tainted NoExecute or evicted", async () => {
    await joinNode("n1");
    await runningPod("web", "n1");
    startController();
    await cluster.clock.advance(10_000);
    silence("n1");
    await cluster.clock.advance(400_000);
    assert.equal((await readyOf("n1"))?.status, "Unknown");
    assert.deepEqual(await taintsOf("n1"), ["node.kubernetes.io/unreachable:NoSchedule"]);
    assert.equal((await getPod("web")).metadata.deletionTimestamp, undefined);
  });
});

