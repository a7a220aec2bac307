// kubectl apply against tinykube: client-side apply (create, change with list edits, unchanged),
// server-side apply, server dry run and diff. One server for the file; each test its own names.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
});
after(() => t.dispose());

function statefulSet(name: string, o: { replicas: number; image: string; env: Record<string, string> }): string {
  const env = Object.entries(o.env).map(([k, v]) => `        - name: ${k}\n          value: "${v}"`).join("\n");
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  replicas: ${o.replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: ${o.image}
        env:
${env}
`;
}

const configMap = (name: string, value: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: "${value}"\n`;

async function jsonpath(args: string, path: string): Promise<string> {
  return t.kubectlOk([...args.split(" "), "-o", `jsonpath=${path}`]);
}

test("apply creates, applies a change to lists and scalars, then reports unchanged", async () => {
  const file = writeManifest(t, "web.yaml", statefulSet("web", { replicas: 2, image: "nginx:1.25", env: { A: "1", KEEP: "k" } }));
  assert.equal(await t.kubectlOk(["apply", "-f", file]), "statefulset.apps/web created\n");
  writeManifest(t, "web.yaml", statefulSet("web", { replicas: 3, image: "nginx:1.26", env: { KEEP: "k", B: "2" } }));
  assert.equal(await t.kubectlOk(["apply", "-f", file]), "statefulset.apps/web configured\n");
  assert.equal(
    await jsonpath("get sts web", "{.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env}"),
    '3 nginx:1.26 [{"name":"KEEP","value":"k"},{"name":"B","value":"2"}]',
  );
  assert.equal(await t.kubectlOk(["apply", "-f", file]), "statefulset.apps/web unchanged\n");
  const lastApplied = JSON.parse(await jsonpath("get sts web", "{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"));
  assert.equal(lastApplied.spec.replicas, 3);
});

test("apply --server-side creates the object and owns its fields as manager kubectl", async () => {
  const file = writeManifest(t, "ssa.yaml", configMap("ssa", "1"));
  assert.equal(await t.kubectlOk(["apply", "--server-side", "-f", file]), "configmap/ssa serverside-applied\n");
  assert.equal(await jsonpath("get cm ssa", "{.metadata.managedFields[*].manager} {.metadata.managedFields[*].operation} {.data.key}"), "kubectl Apply 1");
  writeManifest(t, "ssa.yaml", configMap("ssa", "2"));
  assert.equal(await t.kubectlOk(["apply", "--server-side", "-f", file]), "configmap/ssa serverside-applied\n");
  assert.equal(await jsonpath("get cm ssa", "{.data.key}"), "2");
});

test("a server-side apply conflict with another manager is refused until forced", async () => {
  const file = writeManifest(t, "owned.yaml", configMap("owned", "1"));
  await t.kubectlOk(["apply", "--server-side", "--field-manager=first", "-f", file]);
  writeManifest(t, "owned.yaml", configMap("owned", "2"));
  const refused = await t.kubectl(["apply", "--server-side", "--field-manager=second", "-f", file]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Apply failed with 1 conflict: conflict with "first": \.data\.key/);
  await t.kubectlOk(["apply", "--server-side", "--field-manager=second", "--force-conflicts", "-f", file]);
  assert.equal(await jsonpath("get cm owned", "{.data.key}"), "2");
});

test("apply --dry-run=server answers as if applied and changes nothing", async () => {
  const file = writeManifest(t, "dry.yaml", configMap("dry", "1"));
  assert.equal(await t.kubectlOk(["apply", "--dry-run=server", "-f", file]), "configmap/dry created (server dry run)\n");
  const missing = await t.kubectl(["get", "cm", "dry"]);
  assert.equal(missing.stderr, 'Error from server (NotFound): configmaps "dry" not found\n');
  await t.kubectlOk(["apply", "-f", file]);
  writeManifest(t, "dry.yaml", configMap("dry", "2"));
  assert.equal(await t.kubectlOk(["apply", "--dry-run=server", "-f", file]), "configmap/dry configured (server dry run)\n");
  assert.equal(await jsonpath("get cm dry", "{.data.key}"), "1");
});

test("diff shows what apply would change and exits 1; nothing to change exits 0", async () => {
  const file = writeManifest(t, "diffed.yaml", configMap("diffed", "before"));
  await t.kubectlOk(["apply", "-f", file]);
  assert.deepEqual(await t.kubectl(["diff", "-f", file]), { code: 0, stdout: "", stderr: "" });
  writeManifest(t, "diffed.yaml", configMap("diffed", "after"));
  const changed = await t.kubectl(["diff", "-f", file]);
  assert.equal(changed.code, 1, changed.stderr);
  const changes = changed.stdout.split("\n").filter((l) => /^[-+] /.test(l));
  assert.deepEqual(changes, ["-  key: before", "+  key: after"]);
  assert.equal(await jsonpath("get cm diffed", "{.data.key}"), "before");
});

test("apply of a batch/v1beta1 CronJob prints upstream's deprecation warning and is read back in batch/v1", async () => {
  const file = writeManifest(
    t,
    "old-cron.yaml",
    `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: old
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: main
            image: busybox
            command: ["true"]
`,
  );
  const r = await t.kubectl(["apply", "-f", file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "cronjob.batch/old created\n");
  assert.equal(r.stderr, "Warning: batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob\n");
  assert.equal(await jsonpath("get cronjobs.v1.batch old", "{.apiVersion} {.spec.schedule}"), "batch/v1 */5 * * * *");
});
