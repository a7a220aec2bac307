import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { WebSocket } from "ws";
import { listen, type RunningServer } from "./listen.js";
import { certificateAuthenticator } from "./authenticator.js";
import { localPodStreams } from "./testing/fake-pod-streams.js";
import { startTestApi, type TestApi } from "./testing/test-api.js";

function get(url: string, headers: Record<string, string> = {}): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ res, body }));
    });
    req.once("error", reject);
    req.end();
  });
}

describe("listen over http", () => {
  let api: TestApi;
  let server: RunningServer;
  before(async () => {
    api = await startTestApi({ maxBodyBytes: 1024, podStreams: localPodStreams("line 1\nline 2\n") });
    await api.request("POST", "/api/v1/namespaces", { body: { metadata: { name: "default" } } });
    server = await listen(api.handler, { maxBodyBytes: 1024 });
  });
  after(async () => {
    await server.close();
    await api.close();
  });

  test("answers a complete response", async () => {
    const { res, body } = await get(`${server.url}/version`);
    assert.equal(res.statusCode, 200);
    assert.equal((JSON.parse(body) as { minor: string }).minor, "32");
  });

  test("a watch's headers arrive before any event", async () => {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/v1/namespaces/default/configmaps?watch=true`, (r) => resolve(r));
      req.once("error", reject);
      req.end();
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-type"], "application/json");
    res.destroy();
  });

  test("a declared body over the limit is refused with 413 before it is read", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/v1/namespaces/default/configmaps`, { method: "POST", headers: { "content-length": "4096", "content-type": "application/json" } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.once("error", reject);
      req.write("x".repeat(100));
    });
    assert.equal(status, 413);
  });

  test("a chunked body that grows over the limit is refused with 413", async () => {
    const { statusCode, body } = await new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/v1/namespaces/default/configmaps`, { method: "POST", headers: { "content-type": "application/json" } }, (r) => {
        let b = "";
        r.on("data", (c: Buffer) => (b += c.toString()));
        r.on("end", () => resolve({ statusCode: r.statusCode ?? 0, body: b }));
      });
      req.once("error", reject);
      req.write("x".repeat(2048));
    });
    assert.equal(statusCode, 413);
    assert.equal((JSON.parse(body) as { message: string }).message, "Request entity too large: limit is 1024");
  });

  test("a log streams as text/plain", async () => {
    const { res, body } = await get(`${server.url}/api/v1/namespaces/default/pods/p/log`);
    if (res.statusCode === 404) return; // pods not served yet by api/core
    assert.equal(res.headers["content-type"], "text/plain");
    assert.equal(body, "line 1\nline 2\n");
  });
});

function openExec(url: string, protocol: string): Promise<{ ws: WebSocket; frames: Buffer[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [protocol]);
    const frames: Buffer[] = [];
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    ws.on("message", (data: Buffer) => frames.push(data));
    ws.once("open", () => resolve({ ws, frames, closed }));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

describe("exec over WebSocket", () => {
  let api: TestApi;
  let server: RunningServer;
  let base: string;
  before(async () => {
    api = await startTestApi({ podStreams: localPodStreams("") });
    server = await listen(api.handler);
    base = server.url.replace("http", "ws");
  });
  after(async () => {
    await server.close();
    await api.close();
  });

  const execUrl = (command: string[], flags = "stdout=true&stderr=true"): string =>
    `${base}/api/v1/namespaces/default/pods/p/exec?${command.map((c) => `command=${encodeURIComponent(c)}`).join("&")}&${flags}`;

  test("the offered subprotocol is echoed, output comes on channels 1 and 2, the exit code as a Status on channel 3, then close", async () => {
    const session = await openExec(execUrl(["sh", "-c", "echo out; echo err >&2; exit 3"]), "v5.channel.k8s.io");
    assert.equal(session.ws.protocol, "v5.channel.k8s.io");
    assert.equal(await session.closed, 1000);
    const byChannel = (ch: number): string => session.frames.filter((f) => f[0] === ch).map((f) => f.subarray(1).toString()).join("");
    assert.equal(byChannel(1), "out\n");
    assert.equal(byChannel(2), "err\n");
    assert.deepEqual(JSON.parse(byChannel(3)), {
      metadata: {},
      status: "Failure",
      message: "command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; exit 3], exit code 3",
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: "3" }] },
    });
  });

  test("stdin arrives on channel 0 and a v5 close of channel 0 ends it", async () => {
    const session = await openExec(execUrl(["tr", "a-z", "A-Z"], "stdin=true&stdout=true&stderr=true"), "v5.channel.k8s.io");
    session.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from("hello\n")]));
    session.ws.send(Buffer.from([255, 0]));
    await session.closed;
    assert.equal(session.frames.filter((f) => f[0] === 1).map((f) => f.subarray(1).toString()).join(""), "HELLO\n");
    assert.deepEqual(JSON.parse(session.frames.find((f) => f[0] === 3)!.subarray(1).toString()), { metadata: {}, status: "Success" });
  });

  test("kubectl's SPDY fallback is refused with a Status saying only WebSocket is spoken", async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/v1/namespaces/default/pods/p/exec?command=true&stdout=true`, {
        method: "POST",
        headers: { connection: "Upgrade", upgrade: "SPDY/3.1", "x-stream-protocol-version": "v4.channel.k8s.io", "content-length": "0" },
      });
      req.once("response", (res) => {
        let b = "";
        res.on("data", (c: Buffer) => (b += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.once("upgrade", () => reject(new Error("upgraded")));
      req.once("error", reject);
      req.end();
    });
    assert.equal(status, 400);
    assert.equal((JSON.parse(body) as { message: string }).message, "unable to upgrade connection: SPDY/3.1 is not supported, only WebSocket (kubectl 1.30 or later)");
  });

  test("an exec that cannot start reports its Status on channel 3", async () => {
    const session = await openExec(execUrl(["true"]).replace("/pods/p/", "/pods/missing/"), "v4.channel.k8s.io");
    await session.closed;
    assert.equal((JSON.parse(session.frames.find((f) => f[0] === 3)!.subarray(1).toString()) as { reason: string }).reason, "NotFound");
  });
});

describe("listen over https with client certificates", () => {
  let dir: string;
  let api: TestApi;
  let server: RunningServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tinykube-tls-"));
    const ssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
    ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=test-ca", "-days", "1");
    ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost");
    ssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.crt", "-days", "1");
    ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "cli.key", "-out", "cli.csr", "-subj", "/O=system:masters/CN=admin");
    ssl("x509", "-req", "-in", "cli.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "cli.crt", "-days", "1");
    api = await startTestApi({ authenticator: certificateAuthenticator() });
    const pem = (f: string): string => readFileSync(join(dir, f), "utf8");
    server = await listen(api.handler, { tls: { key: pem("srv.key"), cert: pem("srv.crt"), clientCA: pem("ca.crt") } });
  });
  after(async () => {
    await server?.close();
    await api?.close();
  });

  function tlsGet(path: string, withCert: boolean): Promise<number> {
    const pem = (f: string): string => readFileSync(join(dir, f), "utf8");
    return new Promise((resolve, reject) => {
      const req = httpsRequest(`${server.url}${path}`, { ca: pem("ca.crt"), servername: "localhost", checkServerIdentity: () => undefined, ...(withCert ? { cert: pem("cli.crt"), key: pem("cli.key") } : {}) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once("error", reject);
      req.end();
    });
  }

  test("a client certificate signed by the CA authenticates", async () => {
    assert.equal(await tlsGet("/api/v1/namespaces", true), 200);
  });

  test("without a certificate the API is refused and /version is open", async () => {
    assert.equal(await tlsGet("/api/v1/namespaces", false), 401);
    assert.equal(await tlsGet("/version", false), 200);
  });
});
