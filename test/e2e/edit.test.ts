// kubectl commands that change objects in place: label, annotate, patch (json, merge, strategic),
// replace; and describe with the object's events. One server for the file; each test its own names.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cells } from "./harness/output.js";
import { startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
});
after(() => t.dispose());

const jsonpath = (args: readonly string[], path: string): Promise<string> => t.kubectlOk([...args, "-o", `jsonpath=${path}`]);

test("label adds, overwrites only with --overwrite, and removes a label", async () => {
  await t.kubectlOk(["create", "configmap", "labelled"]);
  assert.equal(await t.kubectlOk(["label", "cm", "labelled", "tier=front"]), "configmap/labelled labeled\n");
  const refused = await t.kubectl(["label", "cm", "labelled", "tier=back"]);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, "error: 'tier' already has a value (front), and --overwrite is false\n");
  await t.kubectlOk(["label", "cm", "labelled", "tier=back", "--overwrite"]);
  assert.equal(await jsonpath(["get", "cm", "labelled"], "{.metadata.labels}"), '{"tier":"back"}');
  assert.equal(await t.kubectlOk(["label", "cm", "labelled", "tier-"]), "configmap/labelled unlabeled\n");
  assert.equal(await jsonpath(["get", "cm", "labelled"], "{.metadata.labels.tier}"), "");
});

test("removing the last label leaves no labels field, as upstream's omitempty does", async () => {
  await t.kubectlOk(["create", "configmap", "unlabelled"]);
  await t.kubectlOk(["label", "cm", "unlabelled", "tier=front"]);
  await t.kubectlOk(["label", "cm", "unlabelled", "tier-"]);
  assert.equal(await jsonpath(["get", "cm", "unlabelled"], "{.metadata.labels}"), "");
});

test("an invalid label value is refused by the server with upstream's message", async () => {
  await t.kubectlOk(["create", "configmap", "badlabel"]);
  // kubectl label checks values itself; a patch reaches the server's validation
  const r = await t.kubectl(["patch", "cm", "badlabel", "-p", '{"metadata":{"labels":{"tier":"-bad-"}}}']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^The ConfigMap "badlabel" is invalid: metadata\.labels: Invalid value: "-bad-": a valid label must be an empty string or consist of alphanumeric characters/);
});

test("annotate adds and removes an annotation", async () => {
  await t.kubectlOk(["create", "configmap", "annotated"]);
  assert.equal(await t.kubectlOk(["annotate", "cm", "annotated", "note=hello world"]), "configmap/annotated annotated\n");
  assert.equal(await jsonpath(["get", "cm", "annotated"], "{.metadata.annotations.note}"), "hello world");
  await t.kubectlOk(["annotate", "cm", "annotated", "note-"]);
  assert.equal(await jsonpath(["get", "cm", "annotated"], "{.metadata.annotations.note}"), "");
});

test("patch applies JSON, merge and strategic merge patches", async () => {
  await t.kubectlOk(["create", "configmap", "patched", "--from-literal=a=1", "--from-literal=b=2"]);
  assert.equal(await t.kubectlOk(["patch", "cm", "patched", "--type=json", "-p", '[{"op":"remove","path":"/data/a"},{"op":"add","path":"/data/c","value":"3"}]']), "configmap/patched patched\n");
  await t.kubectlOk(["patch", "cm", "patched", "--type=merge", "-p", '{"data":{"b":null,"d":"4"}}']);
  assert.equal(await jsonpath(["get", "cm", "patched"], "{.data}"), '{"c":"3","d":"4"}');
  const unchanged = await t.kubectlOk(["patch", "cm", "patched", "--type=merge", "-p", '{"data":{"d":"4"}}']);
  assert.equal(unchanged, "configmap/patched patched (no change)\n");

  await t.kubectlOk(["run", "patchpod", "--image=busybox", "--", "sleep", "100"]);
  // strategic: containers merge by name, so the image changes and the command stays
  await t.kubectlOk(["patch", "pod", "patchpod", "-p", '{"spec":{"containers":[{"name":"patchpod","image":"busybox:1.36"}]}}']);
  assert.equal(await jsonpath(["get", "pod", "patchpod"], "{.spec.containers[0].image} {.spec.containers[0].args}"), 'busybox:1.36 ["sleep","100"]');
});

test("a patch the pod's update rules forbid is a 422 naming the field", async () => {
  await t.kubectlOk(["run", "fixedpod", "--image=busybox", "--", "sleep", "100"]);
  const r = await t.kubectl(["patch", "pod", "fixedpod", "-p", '{"spec":{"restartPolicy":"Never"}}']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^The Pod "fixedpod" is invalid: spec: Forbidden: pod updates may not change fields other than/);
});

test("replace puts the whole object; a stale resourceVersion is a conflict", async () => {
  await t.kubectlOk(["create", "configmap", "replaced", "--from-literal=a=1"]);
  const obj = JSON.parse(await t.kubectlOk(["get", "cm", "replaced", "-o", "json"]));
  obj.data = { a: "2" };
  const file = writeManifest(t, "replaced.json", JSON.stringify(obj));
  assert.equal(await t.kubectlOk(["replace", "-f", file]), "configmap/replaced replaced\n");
  assert.equal(await jsonpath(["get", "cm", "replaced"], "{.data.a}"), "2");
  const stale = await t.kubectl(["replace", "-f", file]);
  assert.equal(stale.code, 1);
  assert.equal(
    stale.stderr,
    'Error from server (Conflict): error when replacing "' + file + '": Operation cannot be fulfilled on configmaps "replaced": the object has been modified; please apply your changes to the latest version and try again\n',
  );
});

test("describe shows the object and its events, filtered to it on the server", async () => {
  await t.kubectlOk(["create", "configmap", "described", "--from-literal=k=v"]);
  await t.kubectlOk(["create", "configmap", "other"]);
  const uid = await jsonpath(["get", "cm", "described"], "{.metadata.uid}");
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const event = (name: string, target: string, targetUid: string, reason: string): string => `apiVersion: v1
kind: Event
metadata:
  name: ${name}
involvedObject:
  apiVersion: v1
  kind: ConfigMap
  name: ${target}
  namespace: default
  uid: "${targetUid}"
reason: ${reason}
message: ${reason} by the e2e test
type: Normal
source:
  component: e2e
count: 1
firstTimestamp: "${now}"
lastTimestamp: "${now}"
`;
  await t.kubectlOk(["create", "-f", writeManifest(t, "ev1.yaml", event("described.1", "described", uid, "Checked"))]);
  await t.kubectlOk(["create", "-f", writeManifest(t, "ev2.yaml", event("other.1", "other", "0000", "Unrelated"))]);
  const out = await t.kubectlOk(["describe", "cm", "described"]);
  const lines = out.split("\n");
  assert.deepEqual(lines.slice(0, 4).map(cells), [["Name:", "described"], ["Namespace:", "default"], ["Labels:", "<none>"], ["Annotations:", "<none>"]]);
  const events = lines.slice(lines.indexOf("Events:") + 1).filter((l) => l.trim() !== "").map(cells);
  assert.deepEqual(events, [
    ["Type", "Reason", "Age", "From", "Message"],
    ["----", "------", "----", "----", "-------"],
    ["Normal", "Checked", events[2]?.[2] ?? "", "e2e", "Checked by the e2e test"],
  ]);
  assert.match(events[2]?.[2] ?? "", /^\d+s$/);
});
