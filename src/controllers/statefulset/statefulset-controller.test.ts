// The StatefulSet controller against the in-process cluster (registry, informers, virtual clock),
// with a stand-in kubelet: the seed's behaviours end to end, events, revisions and waiting.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { ControllerRevision, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Event, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { parse } from "yaml";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { RecordingEventRecorder } from "../runtime/recording-event-recorder.js";
import { startStatefulSetController } from "./statefulset-controller.js";
import { FakeKubelet, type PodFate } from "./testing/fake-kubelet.js";

const ns = "default";
const seedFile = "/work/shared/seed/sample-statefulset.yaml";

interface Env {
  c: TestCluster;
  recorder: RecordingEventRecorder;
  kubelet: FakeKubelet;
  fates: Map<string, PodFate>;
  /** Syncs the kubelet and moves time in small steps until cond holds. */
  eventually(cond: () => Promise<boolean>, what: string): Promise<void>;
  set(name?: string): Promise<Stored<StatefulSet>>;
  pods(): Promise<Stored<Pod>[]>;
}

/** o.tolerate: reconcile errors the test expects (matched against their message). */
async function withController(fn: (e: Env) => Promise<void>, o: { node?: string; recorder?: "client"; tolerate?: RegExp } = {}): Promise<void> {
  const c = await openTestCluster();
  const errors: unknown[] = [];
  const recorder = new RecordingEventRecorder();
  const fates = new Map<string, PodFate>();
  const kubelet = new FakeKubelet({ client: c.client, clock: c.clock, ...(o.node ? { node: o.node } : {}), fate: (p) => fates.get(p.metadata.name) ?? "ready" });
  const running = startStatefulSetController({
    client: c.client,
    clock: c.clock,
    ...(o.recorder === "client" ? {} : { recorder }),
    onError: (_k, err) => errors.push(err),
  });
  const env: Env = {
    c,
    recorder,
    kubelet,
    fates,
    async eventually(cond, what) {
      for (let i = 0; i < 400; i++) {
        if (await cond()) return;
        await kubelet.sync();
        await c.clock.advance(100);
      }
      assert.fail(`never happened: ${what}`);
    },
    set: (name = "sample-statefulset") => c.client.get<StatefulSet>(refs.statefulSets, ns, name),
    pods: async () => (await c.client.list<Pod>(refs.pods, ns)).items,
  };
  try {
    await fn(env);
  } finally {
    await running.stop();
    await c.close();
  }
  assert.deepEqual(errors.filter((e) => !String(e).includes("exists with other data") && !o.tolerate?.test(String(e))), [], "no reconcile failed");
}

function seed(): StatefulSet {
  const sts = parse(readFileSync(seedFile, "utf8")) as StatefulSet;
  sts.metadata = { ...sts.metadata, namespace: ns };
  return sts;
}

function sts(name: string, o: { replicas: number; policy?: "Parallel" | "OrderedReady"; image?: string }): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: ns },
    spec: {
      serviceName: name,
      replicas: o.replicas,
      podManagementPolicy: o.policy ?? "OrderedReady",
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: o.image ?? "nginx:1.25" }] } },
    },
  };
}

const names = (pods: readonly Stored<Pod>[]): string[] => pods.map((p) => p.metadata.name).sort();

async function allReady(e: Env, name: string, replicas: number): Promise<boolean> {
  const s = await e.set(name);
  return s.status?.readyReplicas === replicas && s.status.replicas === replicas && s.status.observedGeneration === s.metadata.generation && s.status.currentRevision === s.status.updateRevision;
}

test("the seed's StatefulSet comes up one pod after another, each claim before its pod, with upstream's events", () =>
  withController(async (e) => {
    await e.c.client.create(refs.statefulSets, seed());
    await e.eventually(() => allReady(e, "sample-statefulset", 3), "three Ready pods");
    const set = await e.set();
    const revision = set.status?.updateRevision ?? "";
    assert.match(revision, /^sample-statefulset-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.deepEqual(e.recorder.lines().filter((l) => !l.includes("Held")), [0, 1, 2].flatMap((i) => [
      `Normal SuccessfulCreate create Claim www-sample-statefulset-${i} Pod sample-statefulset-${i} in StatefulSet sample-statefulset success`,
      `Normal SuccessfulCreate create Pod sample-statefulset-${i} in StatefulSet sample-statefulset successful`,
    ]));
    assert.deepEqual(e.recorder.lines().filter((l) => l.includes("Held")), [
      "Normal CreationHeld waiting for sample-statefulset-0 to be Running and Ready before creating sample-statefulset-1",
      "Normal CreationHeld waiting for sample-statefulset-1 to be Running and Ready before creating sample-statefulset-2",
    ]);
    const pod = await e.c.client.get<Pod>(refs.pods, ns, "sample-statefulset-1");
    assert.deepEqual(pod.metadata.labels, {
      app: "sample-app",
      "statefulset.kubernetes.io/pod-name": "sample-statefulset-1",
      "apps.kubernetes.io/pod-index": "1",
      "controller-revision-hash": revision,
    });
    assert.equal(pod.spec?.hostname, "sample-statefulset-1");
    assert.equal(pod.spec?.subdomain, "sample-statefulset");
    const claim = await e.c.client.get<PersistentVolumeClaim>(refs.persistentVolumeClaims, ns, "www-sample-statefulset-1");
    assert.deepEqual([claim.spec?.accessModes, claim.spec?.storageClassName, claim.spec?.resources?.requests?.storage], [["ReadWriteMany"], "managed-nfs-storage", "1Gi"]);
    assert.deepEqual(claim.metadata.labels, { app: "sample-app" });
    assert.equal(claim.metadata.ownerReferences, undefined, "Retain: the claim outlives pod and set");
    const crs = (await e.c.client.list<ControllerRevision>(refs.controllerRevisions, ns)).items;
    assert.deepEqual(crs.map((r) => [r.metadata.name, r.revision]), [[revision, 1]]);
    assert.deepEqual(set.status?.conditions?.map((c) => [c.type, c.status]), [["Waiting", "False"]]);
  }));

test("a deleted pod comes back under the same name with the same claim", () =>
  withController(async (e) => {
    await e.c.client.create(refs.statefulSets, seed());
    await e.eventually(() => allReady(e, "sample-statefulset", 3), "three Ready pods");
    const before = await e.c.client.get<Pod>(refs.pods, ns, "sample-statefulset-0");
    await e.c.client.delete(refs.pods, ns, "sample-statefulset-0");
    await e.eventually(async () => {
      const p = (await e.pods()).find((x) => x.metadata.name === "sample-statefulset-0");
      return p !== undefined && p.metadata.uid !== before.metadata.uid && p.status?.phase === "Running";
    }, "sample-statefulset-0 back");
    const after = await e.c.client.get<Pod>(refs.pods, ns, "sample-statefulset-0");
    assert.deepEqual(after.spec?.volumes, before.spec?.volumes);
    assert.equal((await e.c.client.list(refs.persistentVolumeClaims, ns)).items.length, 3);
  }));

test("scale 3→4→2: the lowest missing ordinal comes first, the highest goes first, each after the previous is gone", () =>
  withController(
    async (e) => {
      await e.c.client.create(refs.statefulSets, seed());
      await e.eventually(() => allReady(e, "sample-statefulset", 3), "three Ready pods");
      const seen: string[] = [];
      const watch = await e.c.client.watch<Pod>(refs.pods, ns, { resourceVersion: (await e.c.client.list(refs.pods, ns)).metadata.resourceVersion }, (ev) => {
        const p = ev.object;
        const what = ev.type === "DELETED" ? "gone" : p.metadata.deletionTimestamp ? "terminating" : ev.type === "ADDED" ? "added" : "";
        if (what && seen.at(-1) !== `${p.metadata.name} ${what}`) seen.push(`${p.metadata.name} ${what}`);
      });
      await e.c.client.patch(refs.statefulSets, ns, "sample-statefulset", "merge", { spec: { replicas: 4 } }, { subresource: "scale" });
      await e.eventually(() => allReady(e, "sample-statefulset", 4), "four Ready pods");
      await e.c.client.patch(refs.statefulSets, ns, "sample-statefulset", "merge", { spec: { replicas: 2 } }, { subresource: "scale" });
      await e.eventually(() => allReady(e, "sample-statefulset", 2), "two Ready pods");
      watch.stop();
      assert.deepEqual(seen, [
        "sample-statefulset-3 added",
        "sample-statefulset-3 terminating",
        "sample-statefulset-3 gone",
        "sample-statefulset-2 terminating",
        "sample-statefulset-2 gone",
      ]);
      assert.deepEqual(names(await e.pods()), ["sample-statefulset-0", "sample-statefulset-1"]);
      assert.equal((await e.c.client.list(refs.persistentVolumeClaims, ns)).items.length, 4, "claims of removed pods are retained");
    },
    { node: "node-1" },
  ));

test("Parallel creates and removes all pods at once", () =>
  withController(async (e) => {
    await e.c.client.create(refs.statefulSets, sts("par", { replicas: 3, policy: "Parallel" }));
    await e.c.clock.advance(100);
    assert.deepEqual(names(await e.pods()), ["par-0", "par-1", "par-2"], "all three before any is Ready");
    await e.eventually(() => allReady(e, "par", 3), "three Ready pods");
    await e.c.client.patch(refs.statefulSets, ns, "par", "merge", { spec: { replicas: 0 } }, { subresource: "scale" });
    await e.c.clock.advance(100);
    assert.deepEqual(names(await e.pods()), []);
  }));

test("a rolling update goes from the highest ordinal down; partition keeps lower pods; history, rollback renumbering", () =>
  withController(async (e) => {
    await e.c.client.create(refs.statefulSets, sts("web", { replicas: 3 }));
    await e.eventually(() => allReady(e, "web", 3), "three Ready pods");
    const first = (await e.set("web")).status?.currentRevision;
    const order: string[] = [];
    const watch = await e.c.client.watch<Pod>(refs.pods, ns, { resourceVersion: (await e.c.client.list(refs.pods, ns)).metadata.resourceVersion }, (ev) => {
      if (ev.type === "DELETED") order.push(ev.object.metadata.name);
    });
    await e.c.client.patch(refs.statefulSets, ns, "web", "merge", { spec: { template: { spec: { containers: [{ name: "main", image: "nginx:1.26" }] } } } });
    await e.eventually(() => allReady(e, "web", 3), "rolled out");
    watch.stop();
    assert.deepEqual(order, ["web-2", "web-1", "web-0"]);
    const second = (await e.set("web")).status?.currentRevision;
    assert.notEqual(second, first);
    assert.ok((await e.pods()).every((p) => p.spec?.containers[0]?.image === "nginx:1.26"));

    await e.c.client.patch(refs.statefulSets, ns, "web", "merge", { spec: { updateStrategy: { rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: "main", image: "nginx:1.27" }] } } } });
    await e.eventually(async () => (await e.set("web")).status?.updatedReplicas === 1 && (await e.set("web")).status?.readyReplicas === 3, "web-2 updated");
    const images = Object.fromEntries((await e.pods()).map((p) => [p.metadata.name, p.spec?.containers[0]?.image]));
    assert.deepEqual(images, { "web-0": "nginx:1.26", "web-1": "nginx:1.26", "web-2": "nginx:1.27" });

    // Rollback (what `kubectl rollout undo` sends): the first template again, partition 0.
    const revisions = (await e.c.client.list<ControllerRevision>(refs.controllerRevisions, ns)).items;
    const firstData = revisions.find((r) => r.metadata.name === first)!.data;
    await e.c.client.patch(refs.statefulSets, ns, "web", "strategic", firstData);
    await e.c.client.patch(refs.statefulSets, ns, "web", "merge", { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    await e.eventually(() => allReady(e, "web", 3), "rolled back");
    const after = (await e.c.client.list<ControllerRevision>(refs.controllerRevisions, ns)).items;
    assert.deepEqual(after.map((r) => [r.metadata.name, r.revision]).sort((a, b) => Number(a[1]) - Number(b[1])).map((x) => x[1]), [2, 3, 4]);
    assert.equal(after.find((r) => r.metadata.name === first)?.revision, 4, "the equal revision is reused and renumbered");
    assert.equal((await e.set("web")).status?.currentRevision, first);
  }));

test("a crash-looping pod holds the rolling update; the set says so in its Waiting condition and an event", () =>
  withController(async (e) => {
    await e.c.client.create(refs.statefulSets, sts("web", { replicas: 3 }));
    await e.eventually(() => allReady(e, "web", 3), "three Ready pods");
    const old = (await e.set("web")).status?.currentRevision;
    e.fates.set("web-2", "crashing");
    await e.c.client.patch(refs.statefulSets, ns, "web", "merge", { spec: { template: { spec: { containers: [{ name: "main", image: "nginx:bad" }] } } } });
    const message = "rolling update held: web-2 is not Ready (CrashLoopBackOff)";
    await e.eventually(async () => (await e.set("web")).status?.conditions?.some((c) => c.type === "Waiting" && c.status === "True" && c.message === message) ?? false, "held");
    assert.ok(e.recorder.lines().includes(`Normal RollingUpdateHeld ${message}`));
    const labels = Object.fromEntries((await e.pods()).map((p) => [p.metadata.name, p.metadata.labels?.["controller-revision-hash"] === old]));
    assert.deepEqual(labels, { "web-0": true, "web-1": true, "web-2": false }, "web-1 and web-0 are left alone");
    e.fates.delete("web-2");
    await e.eventually(() => allReady(e, "web", 3), "rolled out once web-2 is Ready");
    assert.equal((await e.set("web")).status?.conditions?.find((c) => c.type === "Waiting")?.status, "False");
  }));

test("OnDelete: pods keep the old template until deleted; a deleted pod comes back with the new one", () =>
  withController(async (e) => {
    const set = sts("ond", { replicas: 2 });
    set.spec!.updateStrategy = { type: "OnDelete" };
    await e.c.client.create(refs.statefulSets, set);
    await e.eventually(() => allReady(e, "ond", 2), "two Ready pods");
    await e.c.client.patch(refs.statefulSets, ns, "ond", "merge", { spec: { template: { spec: { containers: [{ name: "main", image: "nginx:1.26" }] } } } });
    await e.eventually(async () => (await e.set("ond")).status?.observedGeneration === 2, "seen");
    for (let i = 0; i < 5; i++) await e.c.clock.advance(100);
    const image = async (n: string) => (await e.c.client.get<Pod>(refs.pods, ns, n)).spec?.containers[0]?.image;
    assert.equal(await image("ond-0"), "nginx:1.25");
    await e.c.client.delete(refs.pods, ns, "ond-0");
    await e.eventually(async () => (await image("ond-0").catch(() => "")) === "nginx:1.26", "ond-0 re-created with nginx:1.26");
    assert.equal(await image("ond-1"), "nginx:1.25");
  }));

test("a failed pod is deleted and made again", () =>
  withController(async (e) => {
    await e.c.client.create(refs.statefulSets, sts("web", { replicas: 2 }));
    await e.eventually(() => allReady(e, "web", 2), "two Ready pods");
    const uid = (await e.c.client.get<Pod>(refs.pods, ns, "web-1")).metadata.uid;
    e.fates.set("web-1", "failed");
    await e.kubelet.sync();
    e.fates.delete("web-1");
    await e.eventually(async () => {
      const p = await e.c.client.get<Pod>(refs.pods, ns, "web-1").catch(() => undefined);
      return p !== undefined && p.metadata.uid !== uid && p.status?.phase === "Running";
    }, "web-1 replaced");
    assert.ok(e.recorder.lines().includes("Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful"));
  }));

test("retention policy Delete/Delete: claims owned by the set, and by a condemned pod before it goes", () =>
  withController(async (e) => {
    const set = seed();
    set.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Delete", whenScaled: "Delete" };
    await e.c.client.create(refs.statefulSets, set);
    await e.eventually(() => allReady(e, "sample-statefulset", 3), "three Ready pods");
    const owners = async (n: string) =>
      (await e.c.client.get<PersistentVolumeClaim>(refs.persistentVolumeClaims, ns, n)).metadata.ownerReferences?.map((r) => `${r.kind}/${r.name}`);
    assert.deepEqual(await owners("www-sample-statefulset-2"), ["StatefulSet/sample-statefulset"]);
    await e.c.client.patch(refs.statefulSets, ns, "sample-statefulset", "merge", { spec: { replicas: 2 } }, { subresource: "scale" });
    await e.eventually(() => allReady(e, "sample-statefulset", 2), "two pods");
    assert.deepEqual(await owners("www-sample-statefulset-2"), ["Pod/sample-statefulset-2"], "left for the garbage collector with its pod");
    assert.deepEqual(await owners("www-sample-statefulset-1"), ["StatefulSet/sample-statefulset"]);
  }));

test("an orphan pod with a member's name is adopted; a pod the selector no longer matches is released", () =>
  withController(async (e) => {
    const orphan: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-0", namespace: ns, labels: { app: "web" } },
      spec: { containers: [{ name: "main", image: "nginx:1.25" }] },
    };
    await e.c.client.create(refs.pods, orphan);
    await e.c.client.create(refs.statefulSets, sts("web", { replicas: 1 }));
    await e.eventually(async () => (await e.c.client.get<Pod>(refs.pods, ns, "web-0")).metadata.ownerReferences?.[0]?.kind === "StatefulSet", "adopted");
    await e.eventually(() => allReady(e, "web", 1), "Ready");
    const pod = await e.c.client.get<Pod>(refs.pods, ns, "web-0");
    const released = await e.c.client.update(refs.pods, { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, app: "other" } } });
    await e.eventually(async () => ((await e.c.client.get<Pod>(refs.pods, ns, "web-0")).metadata.ownerReferences ?? []).length === 0, "released");
    // The set still wants a web-0 of its own: its create fails AlreadyExists, retried (as
    // upstream's does) without touching the released pod.
    await e.c.clock.advance(5_000);
    assert.equal((await e.c.client.get<Pod>(refs.pods, ns, "web-0")).metadata.uid, released.metadata.uid);
  }, { tolerate: /pods "web-0" already exists/ }));

test("a revision name taken by other data raises collisionCount and the revision gets another name", () =>
  withController(async (e) => {
    await e.c.client.create(refs.statefulSets, sts("web", { replicas: 1 }));
    await e.eventually(() => allReady(e, "web", 1), "Ready");
    const taken = (await e.set("web")).status?.updateRevision ?? "";
    await e.c.client.delete(refs.statefulSets, ns, "web");
    await e.c.client.delete(refs.pods, ns, "web-0");
    const squatter = (await e.c.client.list<ControllerRevision>(refs.controllerRevisions, ns)).items[0]!;
    await e.c.client.delete(refs.controllerRevisions, ns, squatter.metadata.name);
    await e.c.client.create<ControllerRevision>(refs.controllerRevisions, { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: taken, namespace: ns }, data: { other: true }, revision: 1 });
    await e.c.client.create(refs.statefulSets, sts("web", { replicas: 1 }));
    await e.eventually(() => allReady(e, "web", 1), "Ready again");
    const set = await e.set("web");
    assert.equal(set.status?.collisionCount, 1);
    assert.notEqual(set.status?.updateRevision, taken);
  }));

test("events reach the API as core/v1 Events about the set, as kubectl describe lists them", () =>
  withController(
    async (e) => {
      await e.c.client.create(refs.statefulSets, sts("web", { replicas: 1 }));
      await e.eventually(() => allReady(e, "web", 1), "Ready");
      await e.eventually(async () => (await e.c.client.list<Event>(refs.events, ns)).items.length >= 1, "events written");
      const events = (await e.c.client.list<Event>(refs.events, ns)).items;
      const created = events.find((x) => x.reason === "SuccessfulCreate");
      assert.equal(created?.message, "create Pod web-0 in StatefulSet web successful");
      assert.deepEqual([created?.involvedObject.kind, created?.involvedObject.name, created?.source?.component], ["StatefulSet", "web", "statefulset-controller"]);
    },
    { recorder: "client" },
  ));
