// What kubectl learns from the server before it acts: version, discovery (api-resources), OpenAPI
// (explain), and kubectl 1.32's protobuf bodies for its `create` generators.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { tableRows } from "./harness/output.js";
import { startTinykube, type Tinykube } from "./harness/tinykube.js";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
});
after(() => t.dispose());

test("the server reports Kubernetes v1.32", async () => {
  const out = await t.kubectlOk(["version", "-o", "json"]);
  const server = JSON.parse(out).serverVersion;
  assert.deepEqual([server.major, server.minor, server.gitVersion], ["1", "32", "v1.32.0"]);
});

test("api-resources lists every served resource with short names, versions, scope and kind", async () => {
  const rows = tableRows(await t.kubectlOk(["api-resources"]));
  assert.equal(rows[0], "NAME | SHORTNAMES | APIVERSION | NAMESPACED | KIND");
  for (const row of [
    "configmaps | cm | v1 | true | ConfigMap",
    "namespaces | ns | v1 | false | Namespace",
    "persistentvolumeclaims | pvc | v1 | true | PersistentVolumeClaim",
    "pods | po | v1 | true | Pod",
    "statefulsets | sts | apps/v1 | true | StatefulSet",
    "cronjobs | cj | batch/v1 | true | CronJob",
    "storageclasses | sc | storage.k8s.io/v1 | false | StorageClass",
  ]) {
    assert.ok(rows.includes(row), `${row}\nin\n${rows.join("\n")}`);
  }
  assert.deepEqual(tableRows(await t.kubectlOk(["api-resources", "--api-group=batch", "-o", "wide"])), [
    "NAME | SHORTNAMES | APIVERSION | NAMESPACED | KIND | VERBS | CATEGORIES",
    "cronjobs | cj | batch/v1 | true | CronJob | create,delete,deletecollection,get,list,patch,update,watch | all",
    "jobs | batch/v1 | true | Job | create,delete,deletecollection,get,list,patch,update,watch | all",
  ]);
});

test("explain prints field documentation from the server's OpenAPI", async () => {
  const out = await t.kubectlOk(["explain", "statefulset.spec.replicas"]);
  const lines = out.split("\n");
  assert.deepEqual(lines.slice(0, 5), ["GROUP:      apps", "KIND:       StatefulSet", "VERSION:    v1", "", "FIELD: replicas <integer>"]);
  assert.match(out, /DESCRIPTION:\n {4}replicas is the desired number of replicas of the given Template/);
  assert.match(await t.kubectlOk(["explain", "cronjob.spec"]), /^ {2}schedule\t<string> -required-$/m);
});

test("create namespace and create configmap send protobuf, which the server decodes", async () => {
  const ns = await t.kubectl(["create", "namespace", "made", "-v=8"]);
  assert.equal(ns.code, 0, ns.stderr);
  assert.match(ns.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
  assert.match(ns.stdout, /^namespace\/made created$/m);
  assert.equal(await t.kubectlOk(["get", "ns", "made", "-o", "jsonpath={.status.phase} {.metadata.labels}"]), 'Active {"kubernetes.io/metadata.name":"made"}');

  const cm = await t.kubectl(["create", "configmap", "settings", "-n", "made", "--from-literal=mode=fast", "--from-literal=level=3", "-v=8"]);
  assert.equal(cm.code, 0, cm.stderr);
  assert.match(cm.stderr, /Content-Type: application\/vnd\.kubernetes\.protobuf/);
  assert.equal(await t.kubectlOk(["get", "cm", "settings", "-n", "made", "-o", "jsonpath={.data}"]), '{"level":"3","mode":"fast"}');
});

test("other create generators work too: secret, service account, job from a cronjob", async () => {
  assert.equal(await t.kubectlOk(["create", "secret", "generic", "creds", "--from-literal=user=admin"]), "secret/creds created\n");
  assert.equal(await t.kubectlOk(["get", "secret", "creds", "-o", "jsonpath={.type} {.data.user}"]), "Opaque YWRtaW4=");
  assert.equal(await t.kubectlOk(["create", "serviceaccount", "robot"]), "serviceaccount/robot created\n");
  await t.kubectlOk(["create", "cronjob", "nightly", "--image=busybox", "--schedule=0 3 * * *", "--", "true"]);
  assert.equal(await t.kubectlOk(["create", "job", "manual", "--from=cronjob/nightly"]), "job.batch/manual created\n");
  assert.equal(
    await t.kubectlOk(["get", "job", "manual", "-o", "jsonpath={.metadata.annotations} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"]),
    '{"cronjob.kubernetes.io/instantiate":"manual"} CronJob/nightly',
  );
});
