import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConfigMap, Event } from "kubernetes-types/core/v1.js";
import { refs } from "../../api/refs.js";
import { FaultyClient } from "../testing/faulty-client.js";
import { openTestCluster } from "../testing/test-cluster.js";
import { rfc3339 } from "../../util/clock.js";
import type { Client } from "../client.js";
import { ClientEventRecorder, maxWaitingEvents } from "./event-recorder.js";

test("the recorder writes a core/v1 Event as upstream's does, then counts a repeat on it", async () => {
  const c = await openTestCluster();
  try {
    const client = new FaultyClient(c.client);
    const errors: unknown[] = [];
    const recorder = new ClientEventRecorder(client, { clock: c.clock, component: "statefulset-controller", onError: (e) => errors.push(e) });
    const owner = await c.client.create<ConfigMap>(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web", namespace: "default" } });
    const start = c.clock.now();
    recorder.event(owner, "Normal", "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful");
    await recorder.flush();
    const [first, ...others] = (await c.client.list<Event>(refs.events, "default")).items;
    assert.equal(others.length, 0);
    assert.match(first!.metadata.name, /^web\.[0-9a-f]{16}$/);
    assert.deepEqual(first!.involvedObject, {
      kind: "ConfigMap",
      namespace: "default",
      name: "web",
      uid: owner.metadata.uid,
      apiVersion: "v1",
      resourceVersion: owner.metadata.resourceVersion,
    });
    assert.deepEqual(
      [first!.type, first!.reason, first!.message, first!.count, first!.source, first!.reportingComponent, first!.reportingInstance],
      ["Normal", "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful", 1, { component: "statefulset-controller" }, "statefulset-controller", ""],
    );
    assert.equal(first!.firstTimestamp, rfc3339(start));

    await c.clock.advance(90_000);
    recorder.event(owner, "Normal", "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful");
    await recorder.flush();
    const [again, ...none] = (await c.client.list<Event>(refs.events, "default")).items;
    assert.equal(none.length, 0, "the repeat is counted on the first event, not a new one");
    assert.equal(again!.metadata.name, first!.metadata.name);
    assert.equal(again!.count, 2);
    assert.equal(again!.firstTimestamp, rfc3339(start));
    assert.equal(again!.lastTimestamp, rfc3339(start + 90_000));
    assert.ok(client.calls.includes("patch events"));
    assert.deepEqual(errors, []);
  } finally {
    await c.close();
  }
});

test("a repeat whose event was deleted meanwhile is created again", async () => {
  const c = await openTestCluster();
  try {
    const recorder = new ClientEventRecorder(c.client, { clock: c.clock, component: "job-controller" });
    const obj = await c.client.create<ConfigMap>(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "pi", namespace: "default" } });
    recorder.event(obj, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    await recorder.flush();
    const [first] = (await c.client.list<Event>(refs.events, "default")).items;
    await c.client.delete(refs.events, "default", first!.metadata.name);
    recorder.event(obj, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    await recorder.flush();
    const [recreated] = (await c.client.list<Event>(refs.events, "default")).items;
    assert.equal(recreated!.count, 2);
    assert.equal(recreated!.type, "Warning");
  } finally {
    await c.close();
  }
});

test("events about cluster-scoped objects go to the default namespace", async () => {
  const c = await openTestCluster();
  try {
    const recorder = new ClientEventRecorder(c.client, { clock: c.clock, component: "namespace-controller" });
    const ns = await c.client.get(refs.namespaces, undefined, "kube-public");
    recorder.event(ns, "Normal", "Example", "about a namespace");
    await recorder.flush();
    const [event] = (await c.client.list<Event>(refs.events, "default")).items;
    assert.equal(event!.involvedObject.kind, "Namespace");
    assert.equal(event!.involvedObject.namespace, undefined);
  } finally {
    await c.close();
  }
});

test("a write that fails without an API answer is retried 10 s later on the clock", async () => {
  const c = await openTestCluster();
  try {
    const client = new FaultyClient(c.client);
    const errors: unknown[] = [];
    const recorder = new ClientEventRecorder(client, { clock: c.clock, component: "kubelet", host: "node-1", onError: (e) => errors.push(e) });
    const obj = await c.client.create<ConfigMap>(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } });
    client.failNext("create", new Error("connection reset"));
    recorder.event(obj, "Normal", "Pulled", "Container image already present on machine");
    await c.clock.advance(10_000);
    await recorder.flush();
    const [event] = (await c.client.list<Event>(refs.events, "default")).items;
    assert.deepEqual(event!.source, { component: "kubelet", host: "node-1" });
    assert.equal(event!.reportingInstance, "node-1");
    assert.equal(errors.length, 1);
  } finally {
    await c.close();
  }
});

/** Pod i: an object of its own for each event, which the correlator would combine about one object. */
const pod = (i: number) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: `p${i}`, namespace: "default", uid: `u${i}` } });

test("while more events wait to be written than upstream's broadcaster queues, new ones are dropped, and said so", async () => {
  const c = await openTestCluster();
  try {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    // every create waits until the gate opens: the recorder's queue fills behind the first one
    const held = Object.assign(Object.create(c.client) as Client, {
      create: async (...args: Parameters<Client["create"]>) => {
        await opened;
        return c.client.create(...args);
      },
    });
    const errors: string[] = [];
    const recorder = new ClientEventRecorder(held, { clock: c.clock, component: "kubelet", onError: (e) => errors.push((e as Error).message) });
    const recorded = maxWaitingEvents + 1 + 5;
    for (let i = 0; i < recorded; i++) recorder.event(pod(i), "Normal", "Started", `Started container c${i}`);
    assert.deepEqual(errors, [`unable to record event: too many queued events, dropping events (Started on Pod p${maxWaitingEvents + 1})`], "one report when dropping starts");
    open();
    await recorder.flush();
    const written = (await c.client.list<Event>(refs.events, "default")).items;
    assert.equal(written.length, maxWaitingEvents + 1, "the one being written and the waiting ones");
    assert.deepEqual(new Set(written.map((e) => e.message)).has(`Started container c${maxWaitingEvents}`), true);
    assert.deepEqual(new Set(written.map((e) => e.message)).has(`Started container c${maxWaitingEvents + 1}`), false);
    assert.deepEqual(errors.slice(1), ["unable to record event: 5 dropped while too many were queued"]);
  } finally {
    await c.close();
  }
});

test("with a rate limit, events beyond the burst are written as tokens come, the clock free meanwhile", async () => {
  const c = await openTestCluster();
  try {
    const recorder = new ClientEventRecorder(c.client, { clock: c.clock, component: "kubelet", rateLimit: { qps: 50, burst: 100 } });
    for (let i = 0; i < 103; i++) recorder.event(pod(i), "Normal", "Pulled", "Container image already present on machine");
    const written = async (): Promise<number> => (await c.client.list<Event>(refs.events, "default")).items.length;
    await c.clock.advance(0);
    assert.equal(await written(), 100, "the burst");
    await c.clock.advance(20);
    assert.equal(await written(), 101, "a token every 20 ms at 50 per second");
    await c.clock.advance(40);
    assert.equal(await written(), 103);
  } finally {
    await c.close();
  }
});

test("shutdown writes what waits on the rate limit at once, without moving the clock", async () => {
  const c = await openTestCluster();
  try {
    const recorder = new ClientEventRecorder(c.client, { clock: c.clock, component: "kubelet", rateLimit: { qps: 50, burst: 100 } });
    for (let i = 0; i < 150; i++) recorder.event(pod(i), "Normal", "Pulled", "Container image already present on machine");
    await c.clock.advance(0);
    const before = c.clock.now();
    await recorder.shutdown();
    assert.equal((await c.client.list<Event>(refs.events, "default")).items.length, 150);
    assert.equal(c.clock.now(), before);
  } finally {
    await c.close();
  }
});
