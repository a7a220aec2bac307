// What kubectl users see when input is wrong: malformed manifests and bodies, unknown resources,
// unknown fields, a wrong token, an oversize body. Each is upstream's Status, and nothing is written.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runProcess } from "./harness/run-process.js";
import { kubeTools } from "./harness/kube-tools.js";
import { startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
});
after(() => t.dispose());

async function configMapCount(): Promise<number> {
  return (await t.kubectlOk(["get", "cm", "-o", "name"])).split("\n").filter(Boolean).length;
}

test("a malformed YAML manifest is refused by kubectl before anything is sent", async () => {
  const file = writeManifest(t, "bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  labels: [oops\n");
  const r = await t.kubectl(["apply", "-f", file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: error parsing ${file}: error converting YAML to JSON: yaml: line 5: did not find expected ',' or ']'\n`);
});

test("a truncated JSON body is a 400 with the decoder's message, and nothing is stored", async () => {
  const before = await configMapCount();
  const file = writeManifest(t, "truncated.json", '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"truncated"');
  const r = await t.kubectl(["create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", file]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'Error from server (BadRequest): the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Con ...)\n',
  );
  assert.equal(await configMapCount(), before);
});

test("a body of another kind than the URL names is a 400", async () => {
  const file = writeManifest(t, "secret.json", '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"wrongkind"}}');
  const r = await t.kubectl(["create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", file]);
  assert.equal(r.stderr, 'Error from server (BadRequest): Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion\n');
  assert.equal((await t.kubectl(["get", "cm", "wrongkind"])).code, 1);
});

test("an unknown field is refused under kubectl's strict validation, with upstream's message", async () => {
  const file = writeManifest(t, "unknown.json", '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"unknown"},"bogus":1}');
  const r = await t.kubectl(["create", "-f", file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `Error from server (BadRequest): error when creating "${file}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"\n`);
});

test("an unknown resource type is named by kubectl; an unknown group's URL is a 404", async () => {
  assert.deepEqual(await t.kubectl(["get", "frobs"]), { code: 1, stdout: "", stderr: 'error: the server doesn\'t have a resource type "frobs"\n' });
  assert.deepEqual(await t.kubectl(["get", "--raw", "/apis/nothere.example.com/v1/things"]), {
    code: 1,
    stdout: "",
    stderr: "Error from server (NotFound): the server could not find the requested resource\n",
  });
});

test("a wrong token is 401: kubectl asks for credentials", async () => {
  const kubeconfig = join(t.dir, "wrong-token");
  writeFileSync(kubeconfig, readFileSync(t.kubeconfig, "utf8").replace(/token: .*/, 'token: "wrong"'));
  const r = await runProcess(kubeTools().kubectl, ["--kubeconfig", kubeconfig, "--cache-dir", join(t.dir, "wrong-cache"), "get", "ns"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: You must be logged in to the server \(the server has asked for the client to provide credentials\)$/m);
});

test("a body over 3 MiB is 413 and nothing is stored", async () => {
  const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: "${"x".repeat(3 * 1024 * 1024)}"\n`;
  const file = writeManifest(t, "big.yaml", big);
  const r = await t.kubectl(["create", "-f", file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `Error from server (RequestEntityTooLarge): error when creating "${file}": Request entity too large: limit is 3145728\n`);
  assert.equal((await t.kubectl(["get", "cm", "big"])).code, 1);
});
