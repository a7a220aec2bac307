import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ensurePki } from "./pki.js";

const dir = mkdtempSync(join(tmpdir(), "tinykube-pki-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("first start generates an ECDSA CA, serving and admin certificates, and a token", async () => {
  const pki = await ensurePki(join(dir, "pki"));
  const ca = new X509Certificate(pki.caCert);
  const server = new X509Certificate(pki.serverCert);
  const admin = new X509Certificate(pki.adminCert);
  assert.equal(ca.ca, true);
  assert.equal(server.checkIssued(ca), true);
  assert.equal(admin.checkIssued(ca), true);
  assert.equal(server.verify(ca.publicKey), true);
  assert.equal(server.publicKey.asymmetricKeyType, "ec");
  assert.match(server.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
  assert.match(server.subjectAltName ?? "", /DNS:localhost/);
  assert.equal(server.checkHost("localhost"), "localhost");
  assert.match(admin.subject, /O=system:masters/);
  assert.ok(pki.adminToken.length >= 40);
  assert.match(pki.adminToken, /^[0-9a-f]+$/, "nothing a command line would take for an option");
  assert.equal(statSync(join(dir, "pki", "server.key")).mode & 0o777, 0o600);
});

test("a second start loads the same credentials", async () => {
  const first = await ensurePki(join(dir, "pki"));
  const second = await ensurePki(join(dir, "pki"));
  assert.deepEqual(second, first);
});

test("a TLS client trusting only the CA accepts the serving certificate for 127.0.0.1", async () => {
  const pki = await ensurePki(join(dir, "pki"));
  const server = createServer({ cert: pki.serverCert, key: pki.serverKey }, (_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: "127.0.0.1", port, ca: pki.caCert }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve(text));
      }).on("error", reject).end();
    });
    assert.equal(body, "ok");
  } finally {
    server.close();
  }
});
