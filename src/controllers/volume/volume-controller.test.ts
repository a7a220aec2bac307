import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Event, Node, PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { VolumeController } from "./volume-controller.js";

interface World {
  c: TestCluster;
  dataDir: string;
  errors: unknown[];
}

async function withController(fn: (w: World) => Promise<void>): Promise<void> {
  const c = await openTestCluster();
  const dataDir = mkdtempSync(join(tmpdir(), "tinykube-volumes-"));
  const errors: unknown[] = [];
  const factory = new InformerFactory(c.client, { clock: c.clock });
  const controller = new VolumeController({ client: c.client, factory, clock: c.clock, dataDir, identity: "test", onError: (_k, e) => errors.push(e) });
  factory.start();
  assert.equal(await controller.start(), true);
  try {
    await fn({ c, dataDir, errors });
  } finally {
    await controller.stop();
    factory.stop();
    await c.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function eventually(c: TestCluster, cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await cond()) return;
    await c.clock.advance(100);
  }
  assert.fail(`never happened: ${what}`);
}

function claim(name: string, className: string | undefined, size = "1Gi"): PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default" },
    spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: size } }, ...(className === undefined ? {} : { storageClassName: className }) },
  };
}

const getClaim = (c: TestCluster, name: string) => c.client.get<PersistentVolumeClaim>(refs.persistentVolumeClaims, "default", name);
const getVolume = (c: TestCluster, name: string) => c.client.get<PersistentVolume>(refs.persistentVolumes, undefined, name);

async function volumeOrUndefined(c: TestCluster, name: string): Promise<Stored<PersistentVolume> | undefined> {
  try {
    return await getVolume(c, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function claimEvents(c: TestCluster, name: string): Promise<string[]> {
  const events = await c.client.list<Event>(refs.events, "default");
  return events.items.filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.source?.component ?? ""}: ${e.message}`);
}

async function boundClaim(w: World, name: string): Promise<Stored<PersistentVolumeClaim>> {
  await eventually(w.c, async () => (await getClaim(w.c, name)).status?.phase === "Bound", `${name} Bound`);
  return getClaim(w.c, name);
}

test("a claim of the seed's managed-nfs-storage class gets a directory and a PV, both Bound", () =>
  withController(async (w) => {
    const created = await w.c.client.create(refs.persistentVolumeClaims, claim("www-sample-statefulset-0", "managed-nfs-storage"));
    const bound = await boundClaim(w, "www-sample-statefulset-0");
    const pvName = `pvc-${created.metadata.uid}`;
    assert.equal(bound.spec?.volumeName, pvName);
    assert.deepEqual(bound.status, { phase: "Bound", accessModes: ["ReadWriteMany"], capacity: { storage: "1Gi" } });
    assert.deepEqual(bound.metadata.annotations, {
      "pv.kubernetes.io/bind-completed": "yes",
      "pv.kubernetes.io/bound-by-controller": "yes",
      "volume.beta.kubernetes.io/storage-provisioner": "tinykube.io/local",
      "volume.kubernetes.io/storage-provisioner": "tinykube.io/local",
    });
    const pv = await getVolume(w.c, pvName);
    const dir = join(w.dataDir, "volumes", `default-www-sample-statefulset-0-${pvName}`);
    assert.equal(pv.status?.phase, "Bound");
    assert.deepEqual(pv.metadata.annotations, { "pv.kubernetes.io/provisioned-by": "tinykube.io/local" });
    assert.deepEqual(pv.spec?.hostPath, { path: dir, type: "DirectoryOrCreate" });
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, "Delete");
    assert.equal(pv.spec?.storageClassName, "managed-nfs-storage");
    assert.deepEqual(pv.spec?.capacity, { storage: "1Gi" });
    assert.equal(pv.spec?.claimRef?.uid, created.metadata.uid);
    assert.ok(statSync(dir).isDirectory());
    await eventually(w.c, async () => (await claimEvents(w.c, "www-sample-statefulset-0")).length >= 2, "events");
    assert.deepEqual(await claimEvents(w.c, "www-sample-statefulset-0"), [
      `Warning StorageClassNotFound persistentvolume-controller: storageclass.storage.k8s.io "managed-nfs-storage" not found; provisioning a local directory with tinykube.io/local instead`,
      `Normal ProvisioningSucceeded tinykube.io/local_test: Successfully provisioned volume ${pvName}`,
    ]);
    assert.deepEqual(w.errors, []);
  }));

test("deleting the claim deletes the directory and the PV under the Delete policy", () =>
  withController(async (w) => {
    const created = await w.c.client.create(refs.persistentVolumeClaims, claim("data", "managed-nfs-storage"));
    await boundClaim(w, "data");
    const pvName = `pvc-${created.metadata.uid}`;
    const dir = (await getVolume(w.c, pvName)).spec!.hostPath!.path;
    writeFileSync(join(dir, "sample.html"), "hello");
    await w.c.client.delete(refs.persistentVolumeClaims, "default", "data");
    await eventually(w.c, async () => (await volumeOrUndefined(w.c, pvName)) === undefined, "the PV deleted");
    assert.equal(existsSync(dir), false);
    assert.deepEqual(w.errors, []);
  }));

test("deleting the claim keeps the directory and releases the PV under the Retain policy", () =>
  withController(async (w) => {
    const keep: StorageClass = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "keep" }, provisioner: "tinykube.io/local", reclaimPolicy: "Retain" };
    await w.c.client.create(refs.storageClasses, keep);
    const created = await w.c.client.create(refs.persistentVolumeClaims, claim("data", "keep"));
    await boundClaim(w, "data");
    const pvName = `pvc-${created.metadata.uid}`;
    const dir = (await getVolume(w.c, pvName)).spec!.hostPath!.path;
    writeFileSync(join(dir, "sample.html"), "hello");
    await w.c.client.delete(refs.persistentVolumeClaims, "default", "data");
    await eventually(w.c, async () => (await getVolume(w.c, pvName)).status?.phase === "Released", "the PV Released");
    await w.c.clock.advance(20_000);
    assert.equal((await getVolume(w.c, pvName)).status?.phase, "Released");
    assert.ok(existsSync(join(dir, "sample.html")));
    assert.deepEqual(w.errors, []);
  }));

test("the standard class is created at start, default and WaitForFirstConsumer, and a claim naming no class gets it", () =>
  withController(async (w) => {
    const standard = await w.c.client.get<StorageClass>(refs.storageClasses, undefined, "standard");
    assert.equal(standard.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"], "true");
    assert.equal(standard.provisioner, "tinykube.io/local");
    assert.equal(standard.volumeBindingMode, "WaitForFirstConsumer");
    assert.equal(standard.reclaimPolicy, "Delete");
    await w.c.client.create(refs.persistentVolumeClaims, claim("data", undefined));
    await eventually(w.c, async () => (await getClaim(w.c, "data")).spec?.storageClassName === "standard", "class assigned");
    await eventually(w.c, async () => (await claimEvents(w.c, "data")).length > 0, "an event");
    assert.deepEqual(await claimEvents(w.c, "data"), ["Normal WaitForFirstConsumer persistentvolume-controller: waiting for first consumer to be created before binding"]);
    assert.equal((await getClaim(w.c, "data")).status?.phase, "Pending");
  }));

test("a WaitForFirstConsumer claim is provisioned for the node the scheduler selected", () =>
  withController(async (w) => {
    const node: Node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels: { "kubernetes.io/hostname": "n1" } } };
    await w.c.client.create(refs.nodes, node);
    await w.c.client.create(refs.persistentVolumeClaims, claim("data", "standard"));
    await eventually(w.c, async () => (await claimEvents(w.c, "data")).length > 0, "waiting");
    const waiting = await getClaim(w.c, "data");
    await w.c.client.update(refs.persistentVolumeClaims, {
      ...waiting,
      metadata: { ...waiting.metadata, annotations: { ...waiting.metadata.annotations, "volume.kubernetes.io/selected-node": "n1" } },
    });
    const bound = await boundClaim(w, "data");
    const pv = await getVolume(w.c, bound.spec!.volumeName!);
    assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms, [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["n1"] }] }]);
  }));

test("a static volume is bound to a matching claim and Released (kept) when the claim goes", () =>
  withController(async (w) => {
    const pv: PersistentVolume = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "manual-1" },
      spec: { capacity: { storage: "5Gi" }, accessModes: ["ReadWriteMany"], hostPath: { path: "/srv/manual-1" }, storageClassName: "manual" },
    };
    await w.c.client.create(refs.persistentVolumes, pv);
    await eventually(w.c, async () => (await getVolume(w.c, "manual-1")).status?.phase === "Available", "Available");
    await w.c.client.create(refs.persistentVolumeClaims, claim("data", "manual"));
    const bound = await boundClaim(w, "data");
    assert.equal(bound.spec?.volumeName, "manual-1");
    assert.deepEqual(bound.status?.capacity, { storage: "5Gi" });
    const volume = await getVolume(w.c, "manual-1");
    assert.equal(volume.status?.phase, "Bound");
    assert.equal(volume.metadata.annotations?.["pv.kubernetes.io/bound-by-controller"], "yes");
    assert.match(volume.status?.lastPhaseTransitionTime ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await w.c.client.delete(refs.persistentVolumeClaims, "default", "data");
    await eventually(w.c, async () => (await getVolume(w.c, "manual-1")).status?.phase === "Released", "Released");
    assert.deepEqual(w.errors, []);
  }));

test("many claims at once are each provisioned once, without conflicts reported", () =>
  withController(async (w) => {
    const names = Array.from({ length: 20 }, (_, i) => `www-web-${i}`);
    await Promise.all(names.map((n) => w.c.client.create(refs.persistentVolumeClaims, claim(n, "managed-nfs-storage"))));
    await eventually(w.c, async () => (await w.c.client.list<PersistentVolumeClaim>(refs.persistentVolumeClaims, "default")).items.every((c) => c.status?.phase === "Bound"), "all Bound");
    const pvs = (await w.c.client.list<PersistentVolume>(refs.persistentVolumes, undefined)).items;
    assert.equal(pvs.length, 20);
    assert.ok(pvs.every((p) => p.status?.phase === "Bound"));
    assert.deepEqual(w.errors, []);
  }));
