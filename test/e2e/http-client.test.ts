// The HTTP Client passes the conformance suite the in-process one passes, against the real
// server over HTTPS with a bearer token; plus what only HTTP has (credentials, warnings, transport).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ensurePki, type Pki } from "../../src/cli/pki.js";
import { runClientConformance } from "../../src/client/client-conformance.js";
import { HttpClient, type HttpClientConfig } from "../../src/client/http-client.js";
import { refs } from "../../src/api/refs.js";
import { StatusError } from "../../src/api/status.js";
import { openServedRegistry, type ServedRegistry } from "../../src/registry/testing/served-registry.js";
import { createApiHandler } from "../../src/server/api-handler.js";
import { tokenAuthenticator } from "../../src/server/authenticator.js";
import { listen, type RunningServer } from "../../src/server/listen.js";

const dir = mkdtempSync(join(tmpdir(), "tinykube-http-client-"));
let pki: Pki;
before(async () => {
  pki = await ensurePki(join(dir, "pki"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Served {
  readonly served: ServedRegistry;
  readonly server: RunningServer;
  config(over?: Partial<HttpClientConfig>): HttpClientConfig;
  close(): Promise<void>;
}

async function serve(): Promise<Served> {
  const served = await openServedRegistry();
  const authenticator = tokenAuthenticator(new Map([[pki.adminToken, { name: "admin", groups: ["system:masters"] }]]));
  const handler = createApiHandler({ registry: served.registry, clock: served.clock, authenticator });
  const server = await listen(handler, { tls: { key: pki.serverKey, cert: pki.serverCert } });
  return {
    served,
    server,
    config: (over = {}) => ({ server: server.url, caCert: pki.caCert, token: pki.adminToken, ...over }),
    close: async () => {
      await server.close();
      await served.close();
    },
  };
}

runClientConformance("http", async () => {
  const s = await serve();
  const client = new HttpClient(s.config());
  return {
    client,
    compact: s.served.compact,
    close: async () => {
      client.close();
      await s.close();
    },
  };
});

async function withServer(fn: (s: Served) => Promise<void>): Promise<void> {
  const s = await serve();
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

test("a wrong token is the server's 401 Unauthorized Status", () =>
  withServer(async (s) => {
    const client = new HttpClient(s.config({ token: "wrong" }));
    await assert.rejects(client.get(refs.namespaces, undefined, "default"), (err: unknown) => {
      assert.ok(err instanceof StatusError);
      assert.deepEqual([err.code, err.reason, err.message], [401, "Unauthorized", "Unauthorized"]);
      return true;
    });
    client.close();
  }));

test("a server whose certificate the CA did not sign is refused before anything is sent", () =>
  withServer(async (s) => {
    const client = new HttpClient(s.config({ caCert: undefined }));
    await assert.rejects(client.get(refs.namespaces, undefined, "default"), (err: unknown) => {
      assert.ok(err instanceof StatusError);
      assert.equal(err.code, 503);
      assert.match(err.message, /certificate/);
      return true;
    });
    client.close();
  }));

test("a server that is not there is a 503 naming the request and the cause", async () => {
  const s = await serve();
  const url = s.server.url;
  await s.close();
  const client = new HttpClient({ server: url, caCert: pki.caCert, token: pki.adminToken });
  await assert.rejects(client.list(refs.configMaps, "default"), (err: unknown) => {
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 503);
    assert.match(err.message, new RegExp(`^GET ${url}/api/v1/namespaces/default/configmaps: .*ECONNREFUSED`));
    return true;
  });
  client.close();
});

test("deprecation warnings reach onWarning with the header's text", () =>
  withServer(async (s) => {
    const warnings: string[] = [];
    const client = new HttpClient(s.config({ onWarning: (w) => warnings.push(w) }));
    await client.list(refs.cronJobsV1beta1, "default");
    assert.deepEqual(warnings, ["batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob"]);
    client.close();
  }));

test("server-side apply creates a missing object and names the field manager", () =>
  withServer(async (s) => {
    const client = new HttpClient(s.config());
    const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied", namespace: "default" }, data: { a: "1" } };
    const obj = await client.patch(refs.configMaps, "default", "applied", "apply", body, { fieldManager: "e2e", force: true });
    assert.equal(obj.metadata.managedFields?.[0]?.manager, "e2e");
    client.close();
  }));

test("a delete still held by a finalizer answers the object with its deletionTimestamp", () =>
  withServer(async (s) => {
    const client = new HttpClient(s.config());
    await client.create(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", namespace: "default", finalizers: ["e2e/hold"] } });
    const result = await client.delete(refs.configMaps, "default", "held");
    assert.equal(result.deleted, false);
    assert.ok(result.object.metadata.deletionTimestamp);
    client.close();
  }));
