// kubectl get against tinykube: server-side tables (and -o wide), the other output formats, watch,
// all namespaces, labels, sorting and `get all`. One server for the file; each test its own namespace.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { tableRows } from "./harness/output.js";
import { startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
});
after(() => t.dispose());

/** Creates a pod no node matches (a nodeSelector for a label no node has): it stays Pending, whatever nodes run. */
async function pendingPod(ns: string, name: string): Promise<void> {
  const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  nodeSelector:
    e2e.tinykube.dev/no-such-node: "true"
  containers:
  - name: main
    image: busybox
    command: ["sleep", "100"]
`;
  await t.kubectlOk(["create", "-f", writeManifest(t, `${ns}-${name}.yaml`, manifest)]);
}

/** A namespace with config maps a (x=3), b (x=1), c (x=2); a is labelled tier=front. */
async function namespaceWithConfigMaps(ns: string): Promise<void> {
  await t.kubectlOk(["create", "namespace", ns]);
  for (const [name, x] of [["a", "3"], ["b", "1"], ["c", "2"]]) await t.kubectlOk(["create", "configmap", name, "-n", ns, `--from-literal=x=${x}`]);
  await t.kubectlOk(["label", "configmap", "a", "-n", ns, "tier=front"]);
}

test("get prints the server's table; -o wide adds the priority columns", async () => {
  await t.kubectlOk(["create", "namespace", "tables"]);
  await pendingPod("tables", "p1");
  assert.deepEqual(tableRows(await t.kubectlOk(["get", "pods", "-n", "tables"])), [
    "NAME | READY | STATUS | RESTARTS | AGE",
    "p1 | 0/1 | Pending | 0 | <age>",
  ]);
  assert.deepEqual(tableRows(await t.kubectlOk(["get", "pods", "-n", "tables", "-o", "wide"])), [
    "NAME | READY | STATUS | RESTARTS | AGE | IP | NODE | NOMINATED NODE | READINESS GATES",
    "p1 | 0/1 | Pending | 0 | <age> | <none> | <none> | <none> | <none>",
  ]);
});

test("get of an empty namespace says so on stderr and exits 0", async () => {
  await t.kubectlOk(["create", "namespace", "empty"]);
  assert.deepEqual(await t.kubectl(["get", "configmaps", "-n", "empty"]), { code: 0, stdout: "", stderr: "No resources found in empty namespace.\n" });
});

test("-o name, -o json, -o yaml and -o jsonpath print the objects", async () => {
  await namespaceWithConfigMaps("formats");
  assert.equal(await t.kubectlOk(["get", "cm", "-n", "formats", "-o", "name"]), "configmap/a\nconfigmap/b\nconfigmap/c\n");
  const list = JSON.parse(await t.kubectlOk(["get", "cm", "-n", "formats", "-o", "json"]));
  assert.equal(list.kind, "List");
  assert.deepEqual(list.items.map((i: { kind: string; metadata: { name: string } }) => `${i.kind}/${i.metadata.name}`), ["ConfigMap/a", "ConfigMap/b", "ConfigMap/c"]);
  const yaml = await t.kubectlOk(["get", "cm", "b", "-n", "formats", "-o", "yaml"]);
  assert.match(yaml, /^apiVersion: v1\ndata:\n {2}x: "1"\nkind: ConfigMap\nmetadata:\n {2}creationTimestamp: "[^"]+"\n {2}name: b\n {2}namespace: formats\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\n$/);
  assert.equal(await t.kubectlOk(["get", "cm", "-n", "formats", "-o", "jsonpath={range .items[*]}{.metadata.name}={.data.x} {end}"]), "a=3 b=1 c=2 ");
});

test("--show-labels adds a LABELS column and -l selects on the server", async () => {
  await namespaceWithConfigMaps("labels");
  assert.deepEqual(tableRows(await t.kubectlOk(["get", "cm", "-n", "labels", "--show-labels"])), [
    "NAME | DATA | AGE | LABELS",
    "a | 1 | <age> | tier=front",
    "b | 1 | <age> | <none>",
    "c | 1 | <age> | <none>",
  ]);
  assert.equal(await t.kubectlOk(["get", "cm", "-n", "labels", "-l", "tier!=front", "-o", "name"]), "configmap/b\nconfigmap/c\n");
});

test("--sort-by orders the table by a field of the full objects", async () => {
  await namespaceWithConfigMaps("sorted");
  const lines = tableRows(await t.kubectlOk(["get", "cm", "-n", "sorted", "--sort-by=.data.x"]));
  assert.deepEqual(lines.map((l) => l.split(" | ")[0]), ["NAME", "b", "c", "a"]);
});

test("-A lists every namespace with a NAMESPACE column", async () => {
  await namespaceWithConfigMaps("everywhere");
  const lines = tableRows(await t.kubectlOk(["get", "cm", "-A", "-l", "tier=front"]));
  assert.equal(lines[0], "NAMESPACE | NAME | DATA | AGE");
  assert.ok(lines.includes("everywhere | a | 1 | <age>"), lines.join("\n"));
});

test("get -w prints the list, then a row per change as it happens", async () => {
  await t.kubectlOk(["create", "namespace", "watched"]);
  await t.kubectlOk(["create", "configmap", "first", "-n", "watched"]);
  const w = t.kubectlStream(["get", "cm", "-n", "watched", "-w"]);
  try {
    await w.until((l) => l.length >= 2);
    await t.kubectlOk(["create", "configmap", "second", "-n", "watched", "--from-literal=k=v"]);
    await w.until((l) => l.length >= 3);
    await t.kubectlOk(["delete", "configmap", "first", "-n", "watched"]);
    const lines = await w.until((l) => l.length >= 4);
    assert.deepEqual(tableRows(lines.join("\n")), [
      "NAME | DATA | AGE",
      "first | 0 | <age>",
      "second | 1 | <age>",
      "first | 0 | <age>",
    ]);
  } finally {
    await w.stop();
  }
});

test("get all lists the resources in the category all, each with its kind", async () => {
  await t.kubectlOk(["create", "namespace", "all"]);
  await pendingPod("all", "p");
  await t.kubectlOk(["create", "service", "clusterip", "s", "-n", "all", "--clusterip=None", "--tcp=80:80"]);
  await t.kubectlOk(["create", "cronjob", "cj", "-n", "all", "--image=busybox", "--schedule=*/5 * * * *", "--", "true"]);
  assert.deepEqual(tableRows(await t.kubectlOk(["get", "all", "-n", "all"])), [
    "NAME | READY | STATUS | RESTARTS | AGE",
    "pod/p | 0/1 | Pending | 0 | <age>",
    "",
    "NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE",
    "service/s | ClusterIP | None | <none> | 80/TCP | <age>",
    "",
    "NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE",
    "cronjob.batch/cj | */5 * * * * | <none> | False | 0 | <none> | <age>",
  ]);
});
