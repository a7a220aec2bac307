// kill -9 of tinykube in the middle of a StatefulSet scale-up and of a rolling update, then a
// restart on the same data directory: the operation completes, and a watch recorder following the
// pods across both servers never sees two pods with one identity at the same time.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { StreamingProcess } from "./harness/stream-process.js";
import { awaitNode, startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

const manifest = (replicas: number, version: string): string => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: rel
spec:
  serviceName: rel
  replicas: ${replicas}
  selector:
    matchLabels:
      app: rel
  template:
    metadata:
      labels:
        app: rel
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "sleep 3600"]
        # Ready a second after start: each pod of the ordered scale-up takes that long, so a kill
        # lands in the middle of the operation.
        readinessProbe:
          exec:
            command: ["true"]
          initialDelaySeconds: 1
          periodSeconds: 1
        env:
        - name: VERSION
          value: "${version}"
`;

/**
 * Follows pods through `kubectl get pods -w --output-watch-events`, re-attaching to each new
 * server. Records every moment at which one pod name had two live UIDs.
 */
class IdentityRecorder {
  private readonly live = new Map<string, Set<string>>();
  readonly violations: string[] = [];
  private watch: StreamingProcess | undefined;
  private consumed = 0;

  follow(t: Tinykube): void {
    // With --output-watch-events, jsonpath sees the watch event ({type, object}); custom-columns would not.
    this.watch = t.kubectlStream(["get", "pods", "-w", "--output-watch-events", "-o", 'jsonpath={.type} {.object.metadata.name} {.object.metadata.uid}{"\\n"}']);
    this.consumed = 0;
  }

  /** Every pod name the watches have shown. */
  names(): string[] {
    return [...this.live.keys()].sort();
  }

  /** Reads what the current watch printed since last time. */
  drain(): void {
    const lines = this.watch?.lines() ?? [];
    for (const line of lines.slice(this.consumed)) this.record(line);
    this.consumed = lines.length;
  }

  /** The server went away: what a fresh list shows replaces what was live. */
  async detach(current: ReadonlyMap<string, string>): Promise<void> {
    this.drain();
    await this.watch?.stop().catch(() => "");
    for (const [name, uids] of this.live) for (const uid of uids) if (current.get(name) !== uid) uids.delete(uid);
  }

  private record(line: string): void {
    const [event, name, uid] = line.trim().split(/\s+/);
    if (!event || !name || !uid) return;
    const uids = this.live.get(name) ?? new Set<string>();
    this.live.set(name, uids);
    if (event === "DELETED") uids.delete(uid);
    else uids.add(uid);
    if (uids.size > 1) this.violations.push(`${name}: ${[...uids].join(" and ")} live at once`);
  }
}

async function podUids(t: Tinykube): Promise<Map<string, string>> {
  const out = await t.kubectlOk(["get", "pods", "-o", 'jsonpath={range .items[*]}{.metadata.name} {.metadata.uid}{"\\n"}{end}']);
  return new Map(out.split("\n").filter(Boolean).map((l) => l.split(" ") as [string, string]));
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function kill9(t: Tinykube): void {
  process.kill(Number(readFileSync(join(t.dataDir, "tinykube.pid"), "utf8")), "SIGKILL");
}

const jsonpath = (t: Tinykube, path: string): Promise<string> => t.kubectlOk(["get", "sts", "rel", "-o", `jsonpath=${path}`]);

/**
 * Kills the server once progress() reaches `from`, restarts it on the same data directory and
 * returns the new one. Progress read just before the kill must still be short of `to`: otherwise
 * the kill came too late to test anything.
 */
async function killAndRestart(first: Tinykube, recorder: IdentityRecorder, at: { progress: () => Promise<number>; from: number; to: number }): Promise<Tinykube> {
  await until("the operation to be under way", async () => (await at.progress()) >= at.from);
  const seen = await podUids(first);
  const done = await at.progress();
  kill9(first);
  assert.ok(done < at.to, `killed while the operation was under way (${done} of ${at.to} done)`);
  await first.stop();
  await recorder.detach(seen);
  const second = await startTinykube({ dataDir: first.dataDir });
  await recorder.detach(await podUids(second));
  recorder.follow(second);
  return second;
}

test("kill -9 during a scale-up: after a restart the scale-up completes, no identity ever doubled", async () => {
  const first = await startTinykube();
  await awaitNode(first).catch(async (err: unknown) => {
    await first.dispose();
    throw err;
  });
  const recorder = new IdentityRecorder();
  let second: Tinykube | undefined;
  try {
    recorder.follow(first);
    await first.kubectlOk(["apply", "-f", writeManifest(first, "rel.yaml", manifest(6, "1"))]);
    second = await killAndRestart(first, recorder, { progress: async () => Number((await jsonpath(first, "{.status.readyReplicas}")) || 0), from: 2, to: 6 });
    await second.kubectlOk(["rollout", "status", "statefulset/rel", "--timeout=180s"], { timeoutMs: 200_000 });
    recorder.drain();
    const all = ["rel-0", "rel-1", "rel-2", "rel-3", "rel-4", "rel-5"];
    assert.deepEqual([...(await podUids(second)).keys()].sort(), all);
    assert.deepEqual(recorder.names(), all, "the recorder followed every pod");
    assert.deepEqual(recorder.violations, []);
  } finally {
    await second?.stop();
    await first.dispose();
  }
});

test("kill -9 during a rolling update: after a restart the update completes, no identity ever doubled", async () => {
  const first = await startTinykube();
  await awaitNode(first).catch(async (err: unknown) => {
    await first.dispose();
    throw err;
  });
  const recorder = new IdentityRecorder();
  let second: Tinykube | undefined;
  try {
    recorder.follow(first);
    const file = writeManifest(first, "rel.yaml", manifest(4, "1"));
    await first.kubectlOk(["apply", "-f", file]);
    await first.kubectlOk(["rollout", "status", "statefulset/rel", "--timeout=180s"], { timeoutMs: 200_000 });
    writeManifest(first, "rel.yaml", manifest(4, "2"));
    await first.kubectlOk(["apply", "-f", file]);
    second = await killAndRestart(first, recorder, { progress: async () => Number((await jsonpath(first, "{.status.updatedReplicas}")) || 0), from: 1, to: 4 });
    await second.kubectlOk(["rollout", "status", "statefulset/rel", "--timeout=180s"], { timeoutMs: 200_000 });
    recorder.drain();
    const versions = await second.kubectlOk(["get", "pods", "-o", "jsonpath={range .items[*]}{.spec.containers[0].env[0].value}{end}"]);
    assert.equal(versions, "2222");
    assert.equal(await jsonpath(second, "{.status.currentRevision}"), await jsonpath(second, "{.status.updateRevision}"));
    assert.deepEqual(recorder.names(), ["rel-0", "rel-1", "rel-2", "rel-3"], "the recorder followed every pod");
    assert.deepEqual(recorder.violations, []);
  } finally {
    await second?.stop();
    await first.dispose();
  }
});
