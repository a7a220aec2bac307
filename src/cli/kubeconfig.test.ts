import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parse } from "yaml";
import { defaultKubeconfigPath, renderKubeconfig } from "./kubeconfig.js";
import { mergeIntoKubeconfig } from "./kubeconfig-merge.js";

const dir = mkdtempSync(join(tmpdir(), "tinykube-kubeconfig-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const entry = { name: "tinykube", server: "https://127.0.0.1:6443", caCert: "PEM", token: "secret" };

const existing = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://prod:443"}
- name: tinykube
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: prod
  user: {token: prod-token}
contexts:
- name: prod
  context: {cluster: prod, user: prod}
current-context: prod
`;

test("merging keeps other entries, replaces ours and makes it current", () => {
  const file = join(dir, "config");
  writeFileSync(file, existing);
  mergeIntoKubeconfig(file, entry);
  const doc = parse(readFileSync(file, "utf8"));
  assert.deepEqual(doc.clusters.map((c: { name: string }) => c.name), ["prod", "tinykube"]);
  assert.equal(doc.clusters[1].cluster.server, "https://127.0.0.1:6443");
  assert.equal(Buffer.from(doc.clusters[1].cluster["certificate-authority-data"], "base64").toString(), "PEM");
  assert.deepEqual(doc.users.map((u: { name: string }) => u.name), ["prod", "tinykube"]);
  assert.equal(doc.users[0].user.token, "prod-token");
  assert.equal(doc["current-context"], "tinykube");
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test("merging into a missing file creates it", () => {
  const file = join(dir, "nested", "config");
  mergeIntoKubeconfig(file, entry);
  assert.equal(parse(readFileSync(file, "utf8"))["current-context"], "tinykube");
});

test("a kubeconfig that is not a mapping is refused, not clobbered", () => {
  const file = join(dir, "broken");
  writeFileSync(file, "- just\n- a list\n");
  assert.throws(() => mergeIntoKubeconfig(file, entry), /not a YAML mapping/);
  assert.equal(readFileSync(file, "utf8"), "- just\n- a list\n");
});

test("the rendered kubeconfig holds one cluster, user and context", () => {
  const doc = parse(renderKubeconfig(entry));
  assert.equal(doc.clusters.length, 1);
  assert.equal(doc.contexts[0].context.user, "tinykube");
  assert.equal(doc.users[0].user.token, "secret");
});

test("the default path follows KUBECONFIG's first entry, else ~/.kube/config", () => {
  assert.equal(defaultKubeconfigPath({ KUBECONFIG: ":/a/b:/c" }), "/a/b");
  assert.match(defaultKubeconfigPath({}), /\.kube\/config$/);
});
