import assert from "node:assert/strict";
import { test } from "node:test";
import type { ConfigMap, Pod } from "kubernetes-types/core/v1.js";
import { refs } from "../api/refs.js";
import { openAgentHarness } from "./testing/agent-harness.js";

function pod(name: string, spec: Partial<NonNullable<Pod["spec"]>>): Pod {
  return { metadata: { name }, spec: { containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }], ...spec } };
}

test("a pod runs: Running and Ready, with the kubelet's events in order", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  const created = await h.createPod(pod("web", {}));
  const p = await h.pod("web");
  assert.equal(p?.status?.phase, "Running");
  const c = p?.status?.containerStatuses?.[0];
  assert.ok(c?.state?.running);
  assert.equal(c?.ready, true);
  assert.match(c?.containerID ?? "", /^tinykube:\/\/[0-9a-f]{64}$/);
  assert.equal(p?.status?.conditions?.find((x) => x.type === "Ready")?.status, "True");
  assert.equal(p?.status?.podIP, "127.0.0.1");
  assert.deepEqual(await h.events("web"), [
    'Pulled Container image "busybox:1.36" already present on machine (tinykube runs no images)',
    "Created Created container: app",
    "Started Started container app",
  ]);
  assert.equal(created.metadata.uid, p?.metadata.uid);
});

test("a crashing container under Always restarts at once, then backs off 10s, 20s, as CrashLoopBackOff", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(pod("crash", { containers: [{ name: "app", image: "busybox", command: ["false"] }] }));
  const state = async (): Promise<string> => {
    const c = (await h.pod("crash"))?.status?.containerStatuses?.[0];
    return `${c?.restartCount} ${c?.state?.waiting?.reason ?? (c?.state?.running ? "Running" : c?.state?.terminated?.reason)} ${c?.state?.waiting?.message ?? ""}`.trim();
  };
  const uid = (await h.pod("crash"))?.metadata.uid;
  assert.equal(await state(), `1 CrashLoopBackOff back-off 10s restarting failed container=app pod=crash_default(${uid})`);
  await h.advance(9);
  assert.match(await state(), /^1 CrashLoopBackOff/);
  await h.advance(1);
  assert.equal(await state(), `2 CrashLoopBackOff back-off 20s restarting failed container=app pod=crash_default(${uid})`);
  await h.advance(20);
  assert.match(await state(), /^3 CrashLoopBackOff back-off 40s/);
  const p = await h.pod("crash");
  assert.equal(p?.status?.phase, "Running");
  assert.equal(p?.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 1);
  assert.ok((await h.events("crash")).includes(`BackOff Back-off restarting failed container app in pod crash_default(${uid})`));
});

const policies: Array<{ name: string; policy: "Never" | "OnFailure"; command: string[]; phase: string; restarts: number; exitCode: number; reason: string }> = [
  { name: "restartPolicy Never and exit 3 fails the pod", policy: "Never", command: ["sh", "-c", "exit 3"], phase: "Failed", restarts: 0, exitCode: 3, reason: "Error" },
  { name: "restartPolicy Never and exit 0 completes the pod", policy: "Never", command: ["true"], phase: "Succeeded", restarts: 0, exitCode: 0, reason: "Completed" },
  { name: "restartPolicy OnFailure and exit 0 completes the pod", policy: "OnFailure", command: ["sh", "-c", "sleep 2"], phase: "Succeeded", restarts: 0, exitCode: 0, reason: "Completed" },
];

for (const c of policies) {
  test(c.name, async (t) => {
    const h = await openAgentHarness();
    t.after(() => h.close());
    await h.createPod(pod("job", { restartPolicy: c.policy, containers: [{ name: "app", image: "busybox", command: c.command }] }));
    await h.advance(5);
    const p = await h.pod("job");
    assert.equal(p?.status?.phase, c.phase);
    const s = p?.status?.containerStatuses?.[0];
    assert.equal(s?.restartCount, c.restarts);
    assert.equal(s?.state?.terminated?.exitCode, c.exitCode);
    assert.equal(s?.state?.terminated?.reason, c.reason);
    assert.equal(p?.status?.conditions?.find((x) => x.type === "PodReadyToStartContainers")?.status, "False");
  });
}

test("a readiness probe gates Ready until the file it checks exists", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(
    pod("probed", {
      containers: [
        {
          name: "app",
          image: "busybox",
          command: ["sh", "-c", "sleep 20; touch /tmp/ready; sleep 3600"],
          readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 5 },
        },
      ],
    }),
  );
  const ready = async (): Promise<string | undefined> => (await h.pod("probed"))?.status?.conditions?.find((x) => x.type === "Ready")?.status;
  assert.equal(await ready(), "False");
  await h.advance(19);
  assert.equal(await ready(), "False");
  await h.advance(6);
  assert.equal(await ready(), "True");
  assert.ok((await h.events("probed")).some((e) => e.startsWith("Unhealthy Readiness probe failed: ")));
});

test("a failed liveness probe kills and restarts the container", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(
    pod("live", {
      terminationGracePeriodSeconds: 5,
      containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"], livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, periodSeconds: 10, failureThreshold: 3 } }],
    }),
  );
  await h.advance(20);
  assert.equal((await h.pod("live"))?.status?.containerStatuses?.[0]?.restartCount, 0);
  await h.advance(1);
  await h.advance(5);
  const c = (await h.pod("live"))?.status?.containerStatuses?.[0];
  assert.equal(c?.restartCount, 1);
  assert.ok(c?.state?.running);
  assert.equal(c?.lastState?.terminated?.exitCode, 137);
  assert.ok((await h.events("live")).includes("Killing Container app failed liveness probe, will be restarted"));
});

test("deleting a pod whose process ignores SIGTERM waits the grace period, SIGKILLs it, then removes the pod", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(pod("slow", { terminationGracePeriodSeconds: 30 }));
  await h.cluster.client.delete(refs.pods, "default", "slow");
  await h.settle();
  assert.ok((await h.events("slow")).includes("Killing Stopping container app"));
  await h.advance(29);
  assert.ok(await h.pod("slow"), "the pod is still there within its grace period");
  assert.equal((await h.pod("slow"))?.status?.containerStatuses?.[0]?.state?.running !== undefined, true);
  await h.advance(1);
  assert.equal(await h.pod("slow"), undefined);
});

test("a pod whose container stops at once on SIGTERM goes a second after the delete request, when the kubelet's relist would see it stopped", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(pod("quick", { containers: [{ name: "app", image: "nginx" }] }));
  await h.cluster.client.delete(refs.pods, "default", "quick");
  await h.settle();
  const p = await h.pod("quick");
  assert.ok(p?.status?.containerStatuses?.[0]?.state?.terminated, "stopped, and still there");
  await h.advance(1);
  assert.equal(await h.pod("quick"), undefined);
});

test("a pod past activeDeadlineSeconds is killed and Failed with DeadlineExceeded", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(pod("deadline", { activeDeadlineSeconds: 30, terminationGracePeriodSeconds: 2, restartPolicy: "Never" }));
  await h.advance(29);
  assert.equal((await h.pod("deadline"))?.status?.phase, "Running");
  await h.advance(3);
  const p = await h.pod("deadline");
  assert.equal(p?.status?.phase, "Failed");
  assert.equal(p?.status?.reason, "DeadlineExceeded");
  assert.ok((await h.events("deadline")).includes("DeadlineExceeded Pod was active on the node longer than the specified deadline"));
});

test("a missing ConfigMap holds the container in CreateContainerConfigError until it exists", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(pod("cfg", { containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"], env: [{ name: "MODE", valueFrom: { configMapKeyRef: { name: "settings", key: "mode" } } }] }] }));
  const waiting = (await h.pod("cfg"))?.status?.containerStatuses?.[0]?.state?.waiting;
  assert.deepEqual(waiting, { reason: "CreateContainerConfigError", message: 'configmap "settings" not found' });
  assert.ok((await h.events("cfg")).includes('Failed Error: configmap "settings" not found'));
  await h.cluster.client.create<ConfigMap>(refs.configMaps, { metadata: { name: "settings", namespace: "default" }, data: { mode: "fast" } });
  await h.advance(10);
  assert.ok((await h.pod("cfg"))?.status?.containerStatuses?.[0]?.state?.running);
});

test("init containers run in order before the app container", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  await h.createPod(
    pod("init", {
      initContainers: [
        { name: "one", image: "busybox", command: ["sh", "-c", "sleep 5"] },
        { name: "two", image: "busybox", command: ["sh", "-c", "sleep 5"] },
      ],
    }),
  );
  const summary = async (): Promise<string> => {
    const s = (await h.pod("init"))?.status;
    const st = (c: NonNullable<typeof s>["containerStatuses"]): string =>
      (c ?? []).map((x) => `${x.name}:${x.state?.running ? "running" : (x.state?.terminated?.reason ?? x.state?.waiting?.reason)}`).join(",");
    return `${s?.phase} ${st(s?.initContainerStatuses)} ${st(s?.containerStatuses)}`;
  };
  assert.equal(await summary(), "Pending one:running,two:PodInitializing app:PodInitializing");
  await h.advance(5);
  assert.equal(await summary(), "Pending one:Completed,two:running app:PodInitializing");
  await h.advance(5);
  assert.equal(await summary(), "Running one:Completed,two:Completed app:running");
});

test("a claim's data outlives its pod: a second pod on the same claim reads what the first wrote", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "tinykube-pv-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const volume = { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "keep" } }] };
  const mounts = [{ name: "data", mountPath: "/data" }];
  await h.createPod(pod("early", { ...volume, restartPolicy: "Never", containers: [{ name: "app", image: "busybox", command: ["true"], volumeMounts: mounts }] }));
  const early = await h.pod("early");
  assert.equal(early?.status?.containerStatuses?.[0]?.state?.waiting?.reason, "ContainerCreating");
  assert.ok((await h.events("early")).some((e) => e.startsWith("FailedMount Unable to attach or mount volumes: unmounted volumes=[data]")));
  await h.cluster.client.create(refs.persistentVolumes, { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv-keep" }, spec: { capacity: { storage: "1Mi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: dir } } });
  await h.cluster.client.create(refs.persistentVolumeClaims, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "keep", namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], volumeName: "pv-keep", resources: { requests: { storage: "1Mi" } } } });
  await h.cluster.client.patch(refs.persistentVolumeClaims, "default", "keep", "merge", { status: { phase: "Bound" } }, { subresource: "status" });
  await h.advance(2);
  assert.equal((await h.pod("early"))?.status?.phase, "Succeeded");
  await h.createPod(pod("writer", { ...volume, restartPolicy: "Never", containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "echo kept > /data/file"], volumeMounts: mounts }] }));
  await h.advance(1);
  assert.equal((await h.pod("writer"))?.status?.phase, "Succeeded");
  await h.cluster.client.delete(refs.pods, "default", "writer");
  await h.settle();
  assert.equal(await h.pod("writer"), undefined);
  await h.createPod(pod("reader", { ...volume, restartPolicy: "Never", containers: [{ name: "app", image: "busybox", command: ["cat", "/data/file"], volumeMounts: mounts }] }));
  await h.advance(1);
  const { text } = await import("node:stream/consumers");
  assert.equal(await text(await h.agent.podStreams.log("default", "reader", {})), "kept\n");
});
