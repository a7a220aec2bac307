import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CommandLineError } from "./command-line-error.js";
import { parseNodeOptions } from "./node-options.js";

const base = ["--server", "https://10.0.0.1:6443", "--token", "t", "--certificate-authority", "/ca.crt"];

describe("tinykube node's options", () => {
  test("the defaults: process runtime, a data directory named after the node, the CA given", () => {
    assert.deepEqual(parseNodeOptions([...base, "--name", "n1"]), {
      servers: ["https://10.0.0.1:6443"],
      token: "t",
      name: "n1",
      runtime: "process",
      dataDir: join(homedir(), ".tinykube", "node-n1"),
      certificateAuthority: "/ca.crt",
      insecureSkipTlsVerify: false,
    });
  });

  const accepted: Array<{ name: string; args: string[]; expect: Record<string, unknown> }> = [
    { name: "several servers, in the order given", args: ["--server", "https://a:1,https://b:2/"], expect: { servers: ["https://a:1", "https://b:2"] } },
    { name: "the simulated runtime", args: ["--runtime", "simulated"], expect: { runtime: "simulated" } },
    { name: "an address", args: ["--address", "10.0.0.7"], expect: { address: "10.0.0.7" } },
    { name: "the name certificates are checked against", args: ["--tls-server-name", "localhost"], expect: { tlsServerName: "localhost" } },
  ];
  for (const c of accepted) {
    test(`accepts ${c.name}`, () => {
      const parsed = parseNodeOptions([...base, ...c.args]);
      assert.ok(parsed !== "help");
      for (const [k, v] of Object.entries(c.expect)) assert.deepEqual((parsed as unknown as Record<string, unknown>)[k], v);
    });
  }

  test("without a CA the servers' certificates go unchecked (DESIGN's node --server URL --token T)", () => {
    const parsed = parseNodeOptions(["--server", "https://a:1", "--token", "t"]);
    assert.ok(parsed !== "help");
    assert.deepEqual([parsed.insecureSkipTlsVerify, parsed.certificateAuthority], [true, undefined]);
  });

  const refused: Array<{ name: string; args: string[]; message: string }> = [
    { name: "no server", args: ["--token", "t", "--insecure-skip-tls-verify"], message: "--server is required" },
    { name: "no token", args: ["--server", "https://a:1", "--insecure-skip-tls-verify"], message: "--token is required" },
    { name: "a server that is not a URL", args: ["--server", "a:1", "--token", "t", "--insecure-skip-tls-verify"], message: '--server must be URLs like https://host:port, not "a:1"' },
    { name: "an unknown runtime", args: [...base, "--runtime", "docker"], message: '--runtime must be one of process, simulated, not "docker"' },
  ];
  for (const c of refused) {
    test(`refuses ${c.name}`, () => {
      assert.throws(() => parseNodeOptions(c.args), (err: unknown) => err instanceof CommandLineError && err.message === c.message);
    });
  }
});
