import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConfigMap, Namespace, Pod, Secret } from "kubernetes-types/core/v1.js";
import type { KubeObject, Stored } from "../../api/object.js";
import type { ResourceRef } from "../../api/options.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import { InformerFactory } from "../../client/informer-factory.js";
import { openTestCluster, type TestCluster } from "../../client/testing/test-cluster.js";
import { NamespaceController } from "./namespace-controller.js";

const team = "team";

async function withController(fn: (c: TestCluster, errors: unknown[]) => Promise<void>): Promise<void> {
  const cluster = await openTestCluster();
  const errors: unknown[] = [];
  const factory = new InformerFactory(cluster.client, { clock: cluster.clock });
  const controller = new NamespaceController({
    client: cluster.client,
    factory,
    resources: cluster.resources,
    clock: cluster.clock,
    onError: (_k, e) => errors.push(e),
  });
  factory.start();
  assert.equal(await controller.start(), true);
  try {
    await cluster.client.create<Namespace>(refs.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: team } });
    await fn(cluster, errors);
  } finally {
    await controller.stop();
    factory.stop();
    await cluster.close();
  }
}

async function getOrUndefined<T extends KubeObject>(c: TestCluster, r: ResourceRef, namespace: string | undefined, name: string): Promise<Stored<T> | undefined> {
  try {
    return await c.client.get<T>(r, namespace, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const namespace = (c: TestCluster) => getOrUndefined<Namespace>(c, refs.namespaces, undefined, team);

async function eventually(c: TestCluster, cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await c.clock.advance(500);
  }
  assert.fail(`never happened: ${what}`);
}

const configMap = (name: string, finalizers: string[] = []): ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: team, ...(finalizers.length ? { finalizers } : {}) },
  data: {},
});

const conditionLines = (ns: Stored<Namespace>): string[] =>
  (ns.status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

test("deleting a namespace removes its content, then the namespace, after upstream's 5 s delay", () =>
  withController(async (c, errors) => {
    await c.client.create(refs.configMaps, configMap("settings"));
    const secret: Secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "token", namespace: team }, stringData: { k: "v" } };
    await c.client.create(refs.secrets, secret);
    const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "idle", namespace: team }, spec: { containers: [{ name: "main", image: "busybox" }] } };
    await c.client.create(refs.pods, pod);

    const deleted = await c.client.delete<Namespace>(refs.namespaces, undefined, team);
    assert.equal(deleted.deleted, false);
    assert.equal((await namespace(c))?.status?.phase, "Terminating");
    await c.clock.advance(4999);
    assert.ok(await getOrUndefined(c, refs.configMaps, team, "settings"), "nothing happens before the grace period");

    await eventually(c, async () => (await namespace(c)) === undefined, "the namespace gone");
    assert.equal((await c.client.list(refs.configMaps, team)).items.length, 0);
    assert.equal((await c.client.list(refs.secrets, team)).items.length, 0);
    assert.equal((await c.client.list(refs.pods, team)).items.length, 0);
    assert.deepEqual(errors, []);
  }));

test("content held by a finalizer keeps the namespace Terminating with upstream's conditions until it goes", () =>
  withController(async (c, errors) => {
    await c.client.create(refs.configMaps, configMap("held", ["example.com/hold"]));
    await c.client.create(refs.configMaps, configMap("free"));
    await c.client.delete(refs.namespaces, undefined, team);
    await eventually(c, async () => (await getOrUndefined(c, refs.configMaps, team, "free")) === undefined, "the free configmap deleted");
    await eventually(c, async () => conditionLines((await namespace(c))!).length === 5, "conditions written");
    const terminating = (await namespace(c))!;
    assert.equal(terminating.status?.phase, "Terminating");
    assert.deepEqual(conditionLines(terminating), [
      "NamespaceDeletionDiscoveryFailure=False ResourcesDiscovered: All resources successfully discovered",
      "NamespaceDeletionGroupVersionParsingFailure=False ParsedGroupVersions: All legacy kube types successfully parsed",
      "NamespaceDeletionContentFailure=False ContentDeleted: All content successfully deleted, may be waiting on finalization",
      "NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances",
      "NamespaceFinalizersRemaining=True SomeFinalizerRemain: Some finalizers are remaining: example.com/hold in 1 resource instances",
    ]);
    assert.deepEqual(terminating.spec?.finalizers, ["kubernetes"]);

    const held = (await getOrUndefined<ConfigMap>(c, refs.configMaps, team, "held"))!;
    await c.client.update(refs.configMaps, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await eventually(c, async () => (await namespace(c)) === undefined, "the namespace gone once its content is");
    assert.deepEqual(errors, []);
  }));

test("a terminating pod's grace period is waited for before the namespace is finalized", () =>
  withController(async (c) => {
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "running", namespace: team },
      spec: { nodeName: "node-1", terminationGracePeriodSeconds: 30, containers: [{ name: "main", image: "busybox" }] },
    };
    await c.client.create(refs.pods, pod);
    await c.client.delete(refs.namespaces, undefined, team);
    await eventually(c, async () => !!(await getOrUndefined(c, refs.pods, team, "running"))?.metadata.deletionTimestamp, "the pod asked to stop");
    await c.clock.advance(10_000);
    assert.ok(await namespace(c), "the namespace waits while the pod terminates");
    // The node agent would confirm the pod's end; here it is forced.
    await c.client.delete(refs.pods, team, "running", { gracePeriodSeconds: 0 });
    await eventually(c, async () => (await namespace(c)) === undefined, "the namespace gone");
  }));

test("a namespace not being deleted is left alone", () =>
  withController(async (c) => {
    await c.client.create(refs.configMaps, configMap("keep"));
    await c.clock.advance(60_000);
    assert.ok(await getOrUndefined(c, refs.configMaps, team, "keep"));
    assert.equal((await namespace(c))?.status?.phase, "Active");
  }));
