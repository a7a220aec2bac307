import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Volume } from "kubernetes-types/core/v1.js";
import type { ConfigObjects } from "../config-objects.js";
import { setUpVolumes, tearDownVolumes, VolumeNotReadyError, VolumeSetupError } from "./pod-volumes.js";

function world(extra: { claims?: Record<string, PersistentVolumeClaim>; pvs?: Record<string, PersistentVolume> } = {}): ConfigObjects {
  const cms: Record<string, ConfigMap> = { "default/cfg": { data: { "app.conf": "x=1", other: "y" } } };
  return {
    configMap: async (ns, n) => cms[`${ns}/${n}`],
    secret: async (ns, n) => (`${ns}/${n}` === "default/creds" ? { data: { token: Buffer.from("abc").toString("base64") } } : undefined),
    persistentVolumeClaim: async (ns, n) => extra.claims?.[`${ns}/${n}`],
    persistentVolume: async (n) => extra.pvs?.[n],
  };
}

function pod(volumes: Volume[]): Pod {
  return { metadata: { name: "web-0", namespace: "default", uid: "u1", labels: { app: "web" } }, spec: { containers: [{ name: "app" }], volumes } };
}

function setup(volumes: Volume[], objects = world()): { run: () => Promise<Map<string, string>>; podDir: string } {
  const podDir = mkdtempSync(join(tmpdir(), "tinykube-volumes-"));
  test.after(() => rmSync(podDir, { recursive: true, force: true }));
  return { podDir, run: () => setUpVolumes(pod(volumes), { objects, podDir, hostIP: "127.0.0.1", podIP: "127.0.0.1", allocatable: {} }) };
}

test("emptyDir, configMap, secret and downwardAPI volumes become directories under the pod's directory", async () => {
  const { run, podDir } = setup([
    { name: "scratch", emptyDir: {} },
    { name: "conf", configMap: { name: "cfg", items: [{ key: "app.conf", path: "etc/app.conf" }] } },
    { name: "creds", secret: { secretName: "creds" } },
    { name: "info", downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }, { path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
  ]);
  const dirs = await run();
  assert.equal(dirs.get("scratch"), join(podDir, "volumes/kubernetes.io~empty-dir/scratch"));
  assert.equal(statSync(dirs.get("scratch")!).mode & 0o777, 0o777);
  assert.equal(readFileSync(join(dirs.get("conf")!, "etc/app.conf"), "utf8"), "x=1");
  assert.equal(readFileSync(join(dirs.get("creds")!, "token"), "utf8"), "abc");
  assert.equal(readFileSync(join(dirs.get("info")!, "name"), "utf8"), "web-0");
  assert.equal(readFileSync(join(dirs.get("info")!, "labels"), "utf8"), 'app="web"');
  tearDownVolumes(podDir);
  assert.equal(statSync(join(podDir, "volumes"), { throwIfNoEntry: false }), undefined);
});

const failures: Array<{ name: string; volumes: Volume[]; objects?: ConfigObjects; error: typeof VolumeSetupError | typeof VolumeNotReadyError; message: string }> = [
  {
    name: "a missing ConfigMap fails the mount as MountVolume.SetUp words it",
    volumes: [{ name: "conf", configMap: { name: "nope" } }],
    error: VolumeSetupError,
    message: 'MountVolume.SetUp failed for volume "conf" : configmap "nope" not found',
  },
  {
    name: "a listed key the ConfigMap lacks fails the mount",
    volumes: [{ name: "conf", configMap: { name: "cfg", items: [{ key: "gone", path: "g" }] } }],
    error: VolumeSetupError,
    message: 'MountVolume.SetUp failed for volume "conf" : configmap references non-existent config key: gone',
  },
  {
    name: "a claim that does not exist keeps the pod waiting",
    volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-web-0" } }],
    error: VolumeNotReadyError,
    message:
      'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[data]: error processing PVC default/data-web-0: failed to fetch PVC from API server: persistentvolumeclaims "data-web-0" not found',
  },
  {
    name: "an unbound claim keeps the pod waiting",
    volumes: [{ name: "data", persistentVolumeClaim: { claimName: "c" } }],
    objects: world({ claims: { "default/c": { spec: {}, status: { phase: "Pending" } } } }),
    error: VolumeNotReadyError,
    message: "Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[data]: error processing PVC default/c: PVC is not bound",
  },
  {
    name: "a hostPath of type Directory that is not there fails the type check",
    volumes: [{ name: "host", hostPath: { path: "/nonexistent/tinykube", type: "Directory" } }],
    error: VolumeSetupError,
    message: 'MountVolume.SetUp failed for volume "host" : hostPath type check failed: /nonexistent/tinykube is not a directory',
  },
];

for (const f of failures) {
  test(f.name, async () => {
    const { run } = setup(f.volumes, f.objects);
    await assert.rejects(run(), (err: Error) => err instanceof f.error && err.message === f.message);
  });
}

test("a bound claim mounts its PersistentVolume's local path, which outlives the pod's directory", async () => {
  const pvDir = mkdtempSync(join(tmpdir(), "tinykube-pv-"));
  test.after(() => rmSync(pvDir, { recursive: true, force: true }));
  const objects = world({
    claims: { "default/c": { spec: { volumeName: "pv-1" }, status: { phase: "Bound" } } },
    pvs: { "pv-1": { spec: { hostPath: { path: pvDir } } } },
  });
  const { run, podDir } = setup([{ name: "data", persistentVolumeClaim: { claimName: "c" } }], objects);
  assert.equal((await run()).get("data"), pvDir);
  tearDownVolumes(podDir);
  assert.ok(statSync(pvDir).isDirectory());
});
