// kill -9 of tinykube at random moments during a 200-completion Job, restarted on the same data
// directory five times over: at the end the Job counts exactly 200 successes, and a watch recorder
// following the Job's pods (and its status) across every server never sees more than parallelism
// of them active.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { StreamingProcess } from "./harness/stream-process.js";
import { awaitNode, startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

const COMPLETIONS = 200;
const PARALLELISM = 10;
const KILLS = 5;

const manifest = `apiVersion: batch/v1
kind: Job
metadata:
  name: rel
spec:
  completions: ${COMPLETIONS}
  parallelism: ${PARALLELISM}
  # Pods a killed server leaves behind may fail: that is not what this test counts.
  backoffLimit: 1000
  template:
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "sleep 1"]
      restartPolicy: Never
`;

/**
 * Follows the Job's pods through `kubectl get pods -w --output-watch-events`, re-attaching to each
 * new server, and the Job's status.active through `kubectl get job -w`: the most pods seen active
 * (not finished, not being deleted) at once, and the highest status.active.
 */
class ActiveRecorder {
  private readonly phases = new Map<string, { phase: string; deleting: boolean }>();
  maxActivePods = 0;
  maxStatusActive = 0;
  private pods: StreamingProcess | undefined;
  private job: StreamingProcess | undefined;
  private consumed = { pods: 0, job: 0 };

  follow(t: Tinykube): void {
    const columns = "custom-columns=NAME:.metadata.name,PHASE:.status.phase,DELETING:.metadata.deletionTimestamp";
    this.pods = t.kubectlStream(["get", "pods", "-l", "job-name=rel", "-w", "--output-watch-events", "-o", columns]);
    this.job = t.kubectlStream(["get", "job", "rel", "-w", "-o", "custom-columns=ACTIVE:.status.active"]);
    this.consumed = { pods: 0, job: 0 };
  }

  drain(): void {
    const podLines = this.pods?.lines() ?? [];
    for (const line of podLines.slice(this.consumed.pods)) this.recordPod(line);
    this.consumed.pods = podLines.length;
    const jobLines = this.job?.lines() ?? [];
    for (const line of jobLines.slice(this.consumed.job)) {
      const n = Number(line.trim());
      if (Number.isInteger(n)) this.maxStatusActive = Math.max(this.maxStatusActive, n);
    }
    this.consumed.job = jobLines.length;
  }

  /** The server went away: stop following it; the next one's watches start from a fresh list. */
  async detach(): Promise<void> {
    this.drain();
    await Promise.all([this.pods?.stop(), this.job?.stop()].map((p) => p?.catch(() => "")));
    this.phases.clear();
  }

  private recordPod(line: string): void {
    const [event, name, phase, deleting] = line.trim().split(/\s+/);
    if (!event || !name || event === "EVENT") return;
    if (event === "DELETED") this.phases.delete(name);
    else this.phases.set(name, { phase: phase ?? "", deleting: deleting !== undefined && deleting !== "<none>" });
    const active = [...this.phases.values()].filter((p) => !p.deleting && p.phase !== "Succeeded" && p.phase !== "Failed").length;
    this.maxActivePods = Math.max(this.maxActivePods, active);
  }
}

function kill9(t: Tinykube): void {
  process.kill(Number(readFileSync(join(t.dataDir, "tinykube.pid"), "utf8")), "SIGKILL");
}

const succeeded = async (t: Tinykube): Promise<number> => Number((await t.kubectlOk(["get", "job", "rel", "-o", "jsonpath={.status.succeeded}"])) || 0);

test(`kill -9 ${KILLS} times during a ${COMPLETIONS}-completion Job: exactly ${COMPLETIONS} counted, never more than ${PARALLELISM} active`, async () => {
  const recorder = new ActiveRecorder();
  let t = await startTinykube();
  const servers = [t];
  try {
    await awaitNode(t);
    recorder.follow(t);
    await t.kubectlOk(["apply", "-f", writeManifest(t, "rel.yaml", manifest)]);
    const countedAtKills: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      // A random moment: somewhere in the next 0.5–3 s of the run (which lasts 20 s at least).
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 2500));
      countedAtKills.push(await succeeded(t));
      recorder.drain();
      kill9(t);
      await t.stop();
      await recorder.detach();
      t = await startTinykube({ dataDir: t.dataDir });
      servers.push(t);
      recorder.follow(t);
    }
    // The kills fell while the Job ran (the count is read just before each).
    assert.ok(countedAtKills.every((n) => n < COMPLETIONS), `counted at the kills: ${countedAtKills.join(", ")}`);
    await t.kubectlOk(["wait", "--for=condition=complete", "job/rel", "--timeout=600s"], { timeoutMs: 610_000 });
    recorder.drain();
    assert.equal(await succeeded(t), COMPLETIONS);
    assert.equal(await t.kubectlOk(["get", "job", "rel", "-o", "jsonpath={.status.uncountedTerminatedPods}"]), "{}");
    assert.ok(recorder.maxActivePods <= PARALLELISM, `${recorder.maxActivePods} pods active at once`);
    assert.ok(recorder.maxStatusActive <= PARALLELISM, `status.active reached ${recorder.maxStatusActive}`);
    assert.ok(recorder.maxActivePods > 0, "the recorder saw the pods run");
  } finally {
    await recorder.detach();
    // The latest server first: the data directory lives in the first one's.
    for (const s of servers.reverse()) await s.dispose();
  }
});
