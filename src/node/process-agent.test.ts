// The agent on the process runtime with real time: what the simulated runtime cannot show
// (real processes, real signals, real log files followed as they grow).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import { refs } from "../api/refs.js";
import { isNotFound } from "../api/status.js";
import { openTestCluster } from "../client/testing/test-cluster.js";
import { RealClock } from "../util/clock.js";
import { startNodeAgent } from "./node-agent.js";
import { ProcessRuntime } from "./runtime/process/process-runtime.js";

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("process runtime: logs follow a real process, exec reports exit codes, delete escalates to SIGKILL after the grace period", async (t) => {
  const cluster = await openTestCluster();
  const dir = mkdtempSync(join(tmpdir(), "tinykube-process-agent-"));
  const clock = new RealClock();
  const runtime = new ProcessRuntime({ clock, stateDir: join(dir, "runtime") });
  const agent = await startNodeAgent({ client: cluster.client, clock, runtime, dataDir: join(dir, "node"), nodeName: "n1", onError: () => undefined });
  t.after(async () => {
    await agent.stop();
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = async (): Promise<Pod | undefined> => cluster.client.get<Pod>(refs.pods, "default", "real").catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  await cluster.client.create<Pod>(refs.pods, {
    metadata: { name: "real", namespace: "default" },
    spec: {
      nodeName: "n1",
      terminationGracePeriodSeconds: 2,
      containers: [{ name: "main", image: "busybox", command: ["sh", "-c", "trap '' TERM; echo one; sleep 1; echo two; while true; do sleep 1; done"] }],
    },
  });
  await until("Running", async () => (await get())?.status?.phase === "Running");
  const followed = await agent.podStreams.log("default", "real", { follow: true });
  const chunks: string[] = [];
  followed.on("data", (c: Buffer) => chunks.push(c.toString()));
  await until("two log lines", async () => chunks.join("") === "one\ntwo\n");
  followed.destroy();

  const session = await agent.podStreams.exec("default", "real", { command: ["sh", "-c", "echo $HOSTNAME; exit 7"], stdin: false, stdout: true, stderr: true, tty: false });
  const [out, code] = await Promise.all([text(session.stdout!), session.exit]);
  assert.equal(out.trim(), "real");
  assert.equal(code, 7);

  const started = Date.now();
  await cluster.client.delete(refs.pods, "default", "real");
  await until("the pod to be gone", async () => (await get()) === undefined);
  assert.ok(Date.now() - started >= 1500, "SIGKILL came only after the grace period");
});
