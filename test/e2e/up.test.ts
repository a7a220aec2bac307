// `tinykube up` and `tinykube kubeconfig` as a user runs them: the announcement, one server per data
// directory, clean shutdown on SIGTERM with state kept, merging into the user's kubeconfig.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { kubeTools } from "./harness/kube-tools.js";
import { runProcess } from "./harness/run-process.js";
import { streamProcess } from "./harness/stream-process.js";
import { startTinykube, type Tinykube, tinykubeBin } from "./harness/tinykube.js";

let t: Tinykube;
const scratch = mkdtempSync(join(tmpdir(), "tinykube-up-"));
before(async () => {
  t = await startTinykube();
});
after(async () => {
  await t.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

const tinykube = (args: readonly string[], env?: NodeJS.ProcessEnv) => runProcess(process.execPath, [tinykubeBin, ...args], env ? { env } : {});

test("up says in one line where it listens and which kubeconfig it wrote", () => {
  assert.match(t.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(t.announced, `tinykube is listening on ${t.url}; kubeconfig ${t.kubeconfig}`);
});

test("a second up on the same data directory says one is already running and exits 1", async () => {
  const pid = Number(readFileSync(join(t.dataDir, "tinykube.pid"), "utf8"));
  const r = await tinykube(["up", "--data-dir", t.dataDir, "--port", "0", "--kubeconfig", join(scratch, "second")]);
  assert.deepEqual(r, {
    code: 1,
    stdout: "",
    stderr: `tinykube up: tinykube is already running with data directory ${t.dataDir} (pid ${pid}); stop it first or use another --data-dir\n`,
  });
});

test("SIGTERM shuts down cleanly; the next up on the data directory finds the objects and the ClusterIPs they hold", async () => {
  const own = await startTinykube();
  const clusterIP = (kube: Tinykube, name: string) => kube.kubectlOk(["get", "svc", name, "-o", "jsonpath={.spec.clusterIP}"]);
  try {
    await own.kubectlOk(["create", "configmap", "kept", "--from-literal=k=v"]);
    await own.kubectlOk(["create", "service", "clusterip", "first", "--tcp=80"]);
    const firstIP = await clusterIP(own, "first");
    assert.equal(await own.stop(), 0);
    assert.match(own.stderr(), /SIGTERM: shutting down/);
    const again = await startTinykube({ dataDir: own.dataDir });
    try {
      assert.equal(await again.kubectlOk(["get", "cm", "kept", "-o", "jsonpath={.data.k}"]), "v");
      await again.kubectlOk(["create", "service", "clusterip", "second", "--tcp=80"]);
      assert.notEqual(await clusterIP(again, "second"), firstIP, "the restarted allocator knows the stored Service's address");
    } finally {
      await again.dispose();
    }
  } finally {
    await own.dispose();
  }
});

test("without --kubeconfig, up merges a tinykube context into $KUBECONFIG and makes it current", async () => {
  const config = join(scratch, "config");
  writeFileSync(
    config,
    "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: 'https://prod.invalid:443'}\nusers:\n- name: prod\n  user: {token: prod}\ncontexts:\n- name: prod\n  context: {cluster: prod, user: prod}\ncurrent-context: prod\n",
  );
  const env = { ...process.env, KUBECONFIG: config };
  const up = streamProcess(process.execPath, [tinykubeBin, "up", "--data-dir", join(scratch, "merged"), "--port", "0"], env);
  try {
    const [line] = await up.until((l) => l.length >= 1);
    assert.match(line ?? "", new RegExp(`^tinykube is listening on https://127\\.0\\.0\\.1:\\d+; kubeconfig ${config} \\(context "tinykube", now current\\)$`));
    const doc = parse(readFileSync(config, "utf8"));
    assert.deepEqual(doc.contexts.map((c: { name: string }) => c.name), ["prod", "tinykube"]);
    assert.equal(doc["current-context"], "tinykube");
    const r = await runProcess(kubeTools().kubectl, ["--cache-dir", join(scratch, "cache"), "get", "ns", "default", "-o", "name"], { env });
    assert.deepEqual(r, { code: 0, stdout: "namespace/default\n", stderr: "" });
  } finally {
    await up.stop();
  }
});

test("the admin client certificate in the data directory authenticates as well as the token", async () => {
  const pki = (f: string): string => readFileSync(join(t.dataDir, "pki", f)).toString("base64");
  const config = join(scratch, "cert-config");
  writeFileSync(
    config,
    readFileSync(t.kubeconfig, "utf8").replace(/ {4}token: .*/, `    client-certificate-data: ${pki("admin.crt")}\n    client-key-data: ${pki("admin.key")}`),
  );
  assert.doesNotMatch(readFileSync(config, "utf8"), /token:/);
  const r = await runProcess(kubeTools().kubectl, ["--kubeconfig", config, "--cache-dir", join(scratch, "cert-cache"), "get", "ns", "kube-system", "-o", "name"]);
  assert.deepEqual(r, { code: 0, stdout: "namespace/kube-system\n", stderr: "" });
});

test("tinykube kubeconfig prints what up wrote for the data directory", async () => {
  const r = await tinykube(["kubeconfig", "--data-dir", t.dataDir]);
  assert.deepEqual(r, { code: 0, stdout: readFileSync(t.kubeconfig, "utf8"), stderr: "" });
  const missing = await tinykube(["kubeconfig", "--data-dir", join(scratch, "never")]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `tinykube kubeconfig: no kubeconfig in ${join(scratch, "never")}: run \`tinykube up --data-dir ${join(scratch, "never")}\` first\n`);
});

test("bad arguments exit 2 and say what is wrong", async () => {
  for (const [args, message] of [
    [["up", "--port", "70000"], 'tinykube up: --port must be a number from 0 to 65535, not "70000"\n'],
    [["up", "--runtime", "docker"], 'tinykube up: --runtime must be one of process, simulated, not "docker"\n'],
    [["up", "--frobnicate"], "tinykube up: Unknown option '--frobnicate'\n"],
    [["launch"], 'tinykube: unknown command "launch"\n'],
  ] as const) {
    const r = await tinykube(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.ok(r.stderr.startsWith(message), `${args.join(" ")}: ${r.stderr}`);
  }
});
