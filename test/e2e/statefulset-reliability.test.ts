// kill -9 of tinykube in the middle of a StatefulSet scale-up and of a rolling update, then a
// restart on the same data directory: the operation completes, and a watch recorder following the
// pods across both servers never sees two pods with one identity at the same time.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { StreamingProcess } from "./harness/stream-process.js";
import { startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

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
    this.watch = t.kubectlStream(["get", "pods", "-w", "--output-watch-events", "-o", "custom-columns=NAME:.metadata.name,UID:.metadata.uid"]);
    this.consumed = 0;
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
    if (!event || !name || !uid || event === "EVENT") return;
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

/** Kills the server once `midway` holds, restarts it on the same data directory, returns the new one. */
async function killAndRestart(first: Tinykube, recorder: IdentityRecorder, midway: () => Promise<boolean>): Promise<Tinykube> {
  await until("the operation to be under way", midway);
  const seen = await podUids(first);
  kill9(first);
  await first.stop();
  await recorder.detach(seen);
  const second = await startTinykube({ dataDir: first.dataDir });
  await recorder.detach(await podUids(second));
  recorder.follow(second);
  return second;
}

test("kill -9 during a scale-up: after a restart the scale-up completes, no identity ever doubled", async () => {
  const first = await startTinykube();
  const recorder = new IdentityRecorder();
  let second: Tinykube | undefined;
  try {
    recorder.follow(first);
    await first.kubectlOk(["apply", "-f", writeManifest(first, "rel.yaml", manifest(6, "1"))]);
    second = await killAndRestart(first, recorder, async () => Number((await jsonpath(first, "{.status.readyReplicas}")) || 0) >= 2);
    await second.kubectlOk(["rollout", "status", "statefulset/rel", "--timeout=180s"], { timeoutMs: 200_000 });
    recorder.drain();
    assert.deepEqual([...(await podUids(second)).keys()].sort(), ["rel-0", "rel-1", "rel-2", "rel-3", "rel-4", "rel-5"]);
    assert.deepEqual(recorder.violations, []);
  } finally {
    await second?.stop();
    await first.dispose();
  }
});

test("kill -9 during a rolling update: after a restart the update completes, no identity ever doubled", async () => {
  const first = await startTinykube();
  const recorder = new IdentityRecorder();
  let second: Tinykube | undefined;
  try {
    recorder.follow(first);
    const file = writeManifest(first, "rel.yaml", manifest(4, "1"));
    await first.kubectlOk(["apply", "-f", file]);
    await first.kubectlOk(["rollout", "status", "statefulset/rel", "--timeout=180s"], { timeoutMs: 200_000 });
    writeManifest(first, "rel.yaml", manifest(4, "2"));
    await first.kubectlOk(["apply", "-f", file]);
    second = await killAndRestart(first, recorder, async () => Number((await jsonpath(first, "{.status.updatedReplicas}")) || 0) >= 1);
    await second.kubectlOk(["rollout", "status", "statefulset/rel", "--timeout=180s"], { timeoutMs: 200_000 });
    recorder.drain();
    const versions = await second.kubectlOk(["get", "pods", "-o", "jsonpath={range .items[*]}{.spec.containers[0].env[0].value}{end}"]);
    assert.equal(versions, "2222");
    assert.equal(await jsonpath(second, "{.status.currentRevision}"), await jsonpath(second, "{.status.updateRevision}"));
    assert.deepEqual(recorder.violations, []);
  } finally {
    await second?.stop();
    await first.dispose();
  }
});
