// helm drives tinykube unmodified: install a chart (a StatefulSet behind a headless Service), see
// the release, uninstall it, and nothing of it is left.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { tableRows } from "./harness/output.js";
import { startTinykube, type Tinykube } from "./harness/tinykube.js";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
});
after(() => t.dispose());

const chart = join(import.meta.dirname, "fixtures", "web-chart");

test("helm install creates the chart's objects and a release; helm uninstall removes them all", async () => {
  const install = await t.helm(["install", "demo", chart, "--set", "replicas=3"]);
  assert.equal(install.code, 0, install.stderr);
  assert.match(install.stdout, /^NAME: demo\nLAST DEPLOYED: .+\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\n$/);

  // READY moves as the node agent starts the pods: the spec is what helm set
  assert.equal(await t.kubectlOk(["get", "statefulset", "demo", "-o", "jsonpath={.spec.replicas} {.spec.serviceName} {.spec.template.spec.containers[0].image}"]), "3 demo nginx:1.25");
  assert.deepEqual(tableRows(await t.kubectlOk(["get", "services", "-l", "app.kubernetes.io/instance=demo"])), [
    "NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE",
    "demo | ClusterIP | None | <none> | 80/TCP | <age>",
  ]);
  assert.equal(await t.kubectlOk(["get", "secrets", "-l", "owner=helm,name=demo", "-o", "jsonpath={.items[*].type}"]), "helm.sh/release.v1");
  const list = await t.helm(["list", "-o", "json"]);
  assert.deepEqual(
    JSON.parse(list.stdout).map((r: { name: string; status: string; chart: string }) => `${r.name} ${r.status} ${r.chart}`),
    ["demo deployed web-0.1.0"],
  );

  const uninstall = await t.helm(["uninstall", "demo"]);
  assert.deepEqual([uninstall.code, uninstall.stdout, uninstall.stderr], [0, 'release "demo" uninstalled\n', ""]);
  const left = await t.kubectl(["get", "statefulsets,services,secrets", "-l", "app.kubernetes.io/instance=demo"]);
  assert.equal(left.stderr, "No resources found in default namespace.\n");
  assert.equal(await t.kubectlOk(["get", "secrets", "-l", "owner=helm", "-o", "name"]), "");
});
