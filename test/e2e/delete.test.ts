// kubectl delete and wait against tinykube: propagation (background through the garbage collector,
// orphan, foreground), grace periods, and waiting for deletion, a field or a condition.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
});
after(() => t.dispose());

const jsonpath = (args: readonly string[], path: string): Promise<string> => t.kubectlOk([...args, "-o", `jsonpath=${path}`]);

/** Creates config map owner and, owned by it, each of dependents. */
async function ownerWithDependents(owner: string, dependents: readonly string[]): Promise<void> {
  await t.kubectlOk(["create", "configmap", owner]);
  const uid = await jsonpath(["get", "cm", owner], "{.metadata.uid}");
  for (const name of dependents) {
    const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  ownerReferences:
  - apiVersion: v1
    kind: ConfigMap
    name: ${owner}
    uid: ${uid}
    blockOwnerDeletion: true
`;
    await t.kubectlOk(["create", "-f", writeManifest(t, `${name}.yaml`, manifest)]);
  }
}

async function names(selector: string): Promise<string> {
  return t.kubectlOk(["get", "cm", "-o", `jsonpath={range .items[?(@.metadata.name${selector})]}{.metadata.name} {end}`]);
}

test("delete (background) removes the owner at once and the garbage collector its dependents", async () => {
  await ownerWithDependents("bg", ["bg-1", "bg-2"]);
  assert.equal(await t.kubectlOk(["delete", "cm", "bg"]), 'configmap "bg" deleted\n');
  assert.equal(await t.kubectlOk(["wait", "--for=delete", "cm/bg-1", "cm/bg-2", "--timeout=20s"]).then(() => "gone"), "gone");
  assert.equal((await t.kubectl(["get", "cm", "bg-1"])).stderr, 'Error from server (NotFound): configmaps "bg-1" not found\n');
});

test("delete --cascade=orphan keeps the dependents and drops their owner reference", async () => {
  await ownerWithDependents("orph", ["orph-1"]);
  assert.equal(await t.kubectlOk(["delete", "cm", "orph", "--cascade=orphan"]), 'configmap "orph" deleted\n');
  assert.equal(await jsonpath(["get", "cm", "orph-1"], "{.metadata.name} refs={.metadata.ownerReferences}"), "orph-1 refs=");
});

test("delete --cascade=foreground returns once the dependents are gone, then the owner", async () => {
  await ownerWithDependents("fg", ["fg-1", "fg-2"]);
  assert.equal(await t.kubectlOk(["delete", "cm", "fg", "--cascade=foreground"]), 'configmap "fg" deleted\n');
  for (const name of ["fg", "fg-1", "fg-2"]) assert.equal((await t.kubectl(["get", "cm", name])).code, 1, `${name} is gone`);
});

test("delete --grace-period on a pod bound to a node leaves it Terminating; --force removes it", async () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: graceful
spec:
  nodeName: nowhere
  containers:
  - name: main
    image: busybox
`;
  await t.kubectlOk(["create", "-f", writeManifest(t, "graceful.yaml", pod)]);
  await t.kubectlOk(["delete", "pod", "graceful", "--grace-period=30", "--wait=false"]);
  assert.equal(await jsonpath(["get", "pod", "graceful"], "{.metadata.deletionGracePeriodSeconds}"), "30");
  assert.match(await t.kubectlOk(["get", "pod", "graceful", "--no-headers"]), /^graceful\s+0\/1\s+Terminating\s+0\s+\d+s\n$/);
  const forced = await t.kubectl(["delete", "pod", "graceful", "--grace-period=0", "--force"]);
  assert.equal(forced.stdout, 'pod "graceful" force deleted\n');
  assert.equal(
    forced.stderr,
    "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
  );
  assert.equal((await t.kubectl(["get", "pod", "graceful"])).code, 1);
});

test("delete of a missing object is upstream's NotFound", async () => {
  assert.deepEqual(await t.kubectl(["delete", "cm", "never-was"]), {
    code: 1,
    stdout: "",
    stderr: 'Error from server (NotFound): configmaps "never-was" not found\n',
  });
});

test("wait --for=delete returns when another client deletes the object", async () => {
  await t.kubectlOk(["create", "configmap", "doomed"]);
  const waiting = t.kubectl(["wait", "--for=delete", "cm/doomed", "--timeout=20s"]);
  await t.kubectlOk(["delete", "cm", "doomed", "--wait=false"]);
  const r = await waiting;
  assert.equal(r.code, 0, r.stderr);
});

test("wait --for=jsonpath returns when the field takes the value", async () => {
  await t.kubectlOk(["create", "configmap", "flag", "--from-literal=state=off"]);
  const waiting = t.kubectl(["wait", "--for=jsonpath={.data.state}=on", "cm/flag", "--timeout=20s"]);
  await t.kubectlOk(["patch", "cm", "flag", "--type=merge", "-p", '{"data":{"state":"on"}}']);
  assert.deepEqual(await waiting, { code: 0, stdout: "configmap/flag condition met\n", stderr: "" });
});

test("wait for a condition that never comes times out with upstream's message", async () => {
  await t.kubectlOk(["create", "configmap", "never-ready"]);
  assert.deepEqual(await t.kubectl(["wait", "--for=condition=Ready", "cm/never-ready", "--timeout=1s"]), {
    code: 1,
    stdout: "",
    stderr: "error: timed out waiting for the condition on configmaps/never-ready\n",
  });
});
