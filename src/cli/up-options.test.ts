import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CommandLineError } from "./command-line-error.js";
import { parseUpOptions } from "./up-options.js";

test("without arguments up uses ~/.tinykube, port 6443, sqlite, process pods and the real clock", () => {
  assert.deepEqual(parseUpOptions([]), { dataDir: join(homedir(), ".tinykube"), port: 6443, store: "sqlite", runtime: "process", clock: "real" });
});

const accepted: Array<{ name: string; args: string[]; expect: Record<string, unknown> }> = [
  { name: "--port 0 asks for a free port", args: ["--port", "0"], expect: { port: 0 } },
  { name: "--kubeconfig names the only file written", args: ["--kubeconfig", "/tmp/kc"], expect: { kubeconfig: "/tmp/kc" } },
  { name: "--data-dir takes any path", args: ["--data-dir=rel/dir"], expect: { dataDir: "rel/dir" } },
  { name: "an etcd store lists its endpoints", args: ["--store", "etcd://a:2379,b:2379"], expect: { store: "etcd://a:2379,b:2379" } },
  { name: "simulated pods on a virtual clock", args: ["--runtime", "simulated", "--clock", "virtual"], expect: { runtime: "simulated", clock: "virtual" } },
];

for (const c of accepted) {
  test(c.name, () => {
    const parsed = parseUpOptions(c.args);
    assert.notEqual(parsed, "help");
    for (const [key, value] of Object.entries(c.expect)) assert.deepEqual((parsed as unknown as Record<string, unknown>)[key], value, key);
  });
}

const refused: Array<{ name: string; args: string[]; message: string }> = [
  { name: "a port past 65535", args: ["--port", "65536"], message: '--port must be a number from 0 to 65535, not "65536"' },
  { name: "a port that is not a number", args: ["--port", "http"], message: '--port must be a number from 0 to 65535, not "http"' },
  { name: "an unknown runtime", args: ["--runtime", "docker"], message: '--runtime must be one of process, simulated, not "docker"' },
  { name: "an unknown clock", args: ["--clock", "fast"], message: '--clock must be one of real, virtual, not "fast"' },
  { name: "an unknown store", args: ["--store", "postgres"], message: '--store must be sqlite or etcd://host:port[,host:port...], not "postgres"' },
  { name: "an unknown option", args: ["--verbose"], message: "Unknown option '--verbose'" },
  { name: "a positional argument", args: ["now"], message: "Unexpected argument 'now'" },
];

for (const c of refused) {
  test(`${c.name} is refused with exit code 2`, () => {
    assert.throws(
      () => parseUpOptions(c.args),
      (err: unknown) => err instanceof CommandLineError && err.exitCode === 2 && err.message.startsWith(c.message),
    );
  });
}

test("--help asks for the usage", () => {
  assert.equal(parseUpOptions(["--help"]), "help");
});
