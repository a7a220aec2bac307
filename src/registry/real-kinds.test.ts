import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Stored } from "../api/object.js";
import { refs } from "../api/refs.js";
import { expectStatus } from "./testing/expect-status.js";
import { openServedRegistry } from "./testing/served-registry.js";

function pod(name: string, nodeName?: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { app: "web" } },
    spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "1000"] }], ...(nodeName ? { nodeName } : {}) },
  };
}

function statefulSet(name: string, replicas: number): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "busybox" }] } },
    },
  };
}

describe("real kinds through the registry", () => {
  test("a ConfigMap round-trips and an identical update writes nothing", async () => {
    const s = await openServedRegistry();
    const cm = await s.registry.create(refs.configMaps, "default", { metadata: { name: "a" }, data: { k: "v" } });
    const { object } = await s.registry.update(refs.configMaps, "default", "a", cm);
    assert.equal(object.metadata.resourceVersion, cm.metadata.resourceVersion);
    await s.close();
  });

  test("a Pod is defaulted and binding sets spec.nodeName and PodScheduled", async () => {
    const s = await openServedRegistry();
    const created = (await s.registry.create(refs.pods, "default", pod("p"))) as Stored<Pod>;
    assert.equal(created.spec?.restartPolicy, "Always");
    assert.equal(created.status?.phase, "Pending");
    const binding = { apiVersion: "v1", kind: "Binding", metadata: { name: "p" }, target: { kind: "Node", name: "n1" } };
    const answer = await s.registry.createSubresource(refs.pods, "default", "p", "binding", binding);
    assert.deepEqual(answer, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
    const bound = (await s.registry.get(refs.pods, "default", "p")) as Stored<Pod>;
    assert.equal(bound.spec?.nodeName, "n1");
    const scheduled = bound.status?.conditions?.find((c) => c.type === "PodScheduled");
    assert.equal(scheduled?.status, "True");
    assert.equal(scheduled?.lastTransitionTime, new Date(s.clock.now()).toISOString().replace(".000", ""));
    await expectStatus(s.registry.createSubresource(refs.pods, "default", "p", "binding", binding), {
      code: 409,
      reason: "Conflict",
      message: 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"',
    });
    const onNode = await s.registry.list(refs.pods, "default", { fieldSelector: "spec.nodeName=n1" });
    assert.deepEqual(onNode.items.map((p) => p.metadata.name), ["p"]);
    await s.close();
  });

  test("a scheduled Pod is deleted gracefully with its termination grace period", async () => {
    const s = await openServedRegistry();
    await s.registry.create(refs.pods, "default", pod("p", "n1"));
    const first = await s.registry.delete(refs.pods, "default", "p");
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    assert.equal(Date.parse(first.object.metadata.deletionTimestamp!), s.clock.now() + 30_000);
    const forced = await s.registry.delete(refs.pods, "default", "p", { gracePeriodSeconds: 0 });
    assert.equal(forced.deleted, true);
    await s.close();
  });

  test("an unscheduled Pod is deleted at once", async () => {
    const s = await openServedRegistry();
    await s.registry.create(refs.pods, "default", pod("p"));
    assert.equal((await s.registry.delete(refs.pods, "default", "p")).deleted, true);
    await s.close();
  });

  test("an eviction is a graceful delete with the eviction's options", async () => {
    const s = await openServedRegistry();
    await s.registry.create(refs.pods, "default", pod("p", "n1"));
    const eviction = { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "p", namespace: "default" }, deleteOptions: { gracePeriodSeconds: 5 } };
    await s.registry.createSubresource(refs.pods, "default", "p", "eviction", eviction);
    const evicted = await s.registry.get(refs.pods, "default", "p");
    assert.equal(evicted.metadata.deletionGracePeriodSeconds, 5);
    await s.close();
  });

  test("a StatefulSet scales through its scale subresource and its generation follows", async () => {
    const s = await openServedRegistry();
    const created = await s.registry.create(refs.statefulSets, "default", statefulSet("web", 2));
    assert.equal(created.metadata.generation, 1);
    const scale = await s.registry.get(refs.statefulSets, "default", "web", { subresource: "scale" });
    assert.deepEqual((scale as unknown as { spec: unknown; status: unknown }).spec, { replicas: 2 });
    assert.equal((scale as unknown as { status: { selector: string } }).status.selector, "app=web");
    await s.registry.patch(refs.statefulSets, "default", "web", "merge", { spec: { replicas: 5 } }, { subresource: "scale" });
    const sts = (await s.registry.get(refs.statefulSets, "default", "web")) as Stored<StatefulSet>;
    assert.equal(sts.spec?.replicas, 5);
    assert.equal(sts.metadata.generation, 2);
    await s.close();
  });
});

describe("server-side apply through the registry", () => {
  const cm = (data: Record<string, string>) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data });

  test("creates a missing object, then changes it; the same apply again writes nothing", async () => {
    const s = await openServedRegistry();
    const created = await s.registry.patch(refs.configMaps, "default", "a", "apply", cm({ k: "1" }), { fieldManager: "me" });
    assert.equal(created.created, true);
    assert.equal(created.object.metadata.managedFields?.[0]?.manager, "me");
    assert.equal(created.object.metadata.managedFields?.[0]?.operation, "Apply");
    const changed = await s.registry.patch(refs.configMaps, "default", "a", "apply", cm({ k: "2" }), { fieldManager: "me" });
    assert.equal(changed.created, false);
    assert.deepEqual((changed.object as { data?: unknown }).data, { k: "2" });
    const before = await s.store.currentRevision();
    const again = await s.registry.patch(refs.configMaps, "default", "a", "apply", cm({ k: "2" }), { fieldManager: "me" });
    assert.equal(again.object.metadata.resourceVersion, changed.object.metadata.resourceVersion);
    assert.equal(await s.store.currentRevision(), before);
    await s.close();
  });

  test("an update records its manager in managedFields", async () => {
    const s = await openServedRegistry();
    await s.registry.create(refs.configMaps, "default", { metadata: { name: "a" }, data: { k: "1" } }, { fieldManager: "writer" });
    const got = await s.registry.get(refs.configMaps, "default", "a");
    assert.deepEqual(got.metadata.managedFields?.map((m) => [m.manager, m.operation]), [["writer", "Update"]]);
    await s.close();
  });
});
