import assert from "node:assert/strict";
import { test } from "node:test";
import type { Probe } from "kubernetes-types/core/v1.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import type { ProbeResult } from "./probe-runner.js";
import { ProbeWorker, type ProbeType } from "./probe-worker.js";

interface Run {
  /** Results the probe gives, one per run, the last repeating. */
  answers: ProbeResult[];
  probe: Probe;
  type: ProbeType;
  seconds: number;
}

/** Plays a worker for some seconds; returns "t=<s> <verdict>" for each verdict change and the run times. */
async function play(r: Run): Promise<{ verdicts: string[]; runs: number[]; failures: number }> {
  const clock = new VirtualClock(0);
  const verdicts: string[] = [];
  const runs: number[] = [];
  let failures = 0;
  const worker = new ProbeWorker({
    type: r.type,
    probe: r.probe,
    clock,
    startedAt: 0,
    run: async () => {
      runs.push(clock.now() / 1000);
      const result = r.answers[Math.min(runs.length - 1, r.answers.length - 1)]!;
      return { result, output: result === "failure" ? "boom" : "" };
    },
    mayRun: () => true,
    onFailure: () => failures++,
    onResult: (v) => verdicts.push(`t=${clock.now() / 1000} ${v}`),
  });
  await clock.advance(r.seconds * 1000);
  worker.stop();
  return { verdicts, runs, failures };
}

test("a readiness probe runs after initialDelaySeconds then every periodSeconds, passing at its first success", async () => {
  const out = await play({ type: "readiness", probe: { initialDelaySeconds: 5, periodSeconds: 2 }, answers: ["success"], seconds: 10 });
  assert.deepEqual(out.runs, [5, 7, 9]);
  assert.deepEqual(out.verdicts, ["t=5 success"]);
});

test("successThreshold successes in a row are needed before readiness passes", async () => {
  const out = await play({ type: "readiness", probe: { periodSeconds: 1, successThreshold: 3 }, answers: ["success"], seconds: 5 });
  assert.deepEqual(out.verdicts, ["t=2 success"]);
});

test("a liveness probe fails only after failureThreshold failures in a row, then stops", async () => {
  const out = await play({ type: "liveness", probe: { periodSeconds: 10, failureThreshold: 3 }, answers: ["success", "failure"], seconds: 60 });
  assert.deepEqual(out.verdicts, ["t=0 success", "t=30 failure"]);
  assert.deepEqual(out.runs, [0, 10, 20, 30]);
  assert.equal(out.failures, 3);
});

test("a startup probe stops once it passes", async () => {
  const out = await play({ type: "startup", probe: { periodSeconds: 1, failureThreshold: 30 }, answers: ["failure", "failure", "success"], seconds: 10 });
  assert.deepEqual(out.verdicts, ["t=2 success"]);
  assert.deepEqual(out.runs, [0, 1, 2]);
});

test("a readiness probe that starts failing turns unready after failureThreshold and keeps probing", async () => {
  const out = await play({ type: "readiness", probe: { periodSeconds: 1, failureThreshold: 2 }, answers: ["success", "failure", "failure", "failure", "success"], seconds: 6 });
  assert.deepEqual(out.verdicts, ["t=0 success", "t=2 failure", "t=4 success"]);
});
