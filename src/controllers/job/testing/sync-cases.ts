// Case tables for one Job sync against the in-memory world: the writes made, the events, the
// status written, what the sync asks for next.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job, JobStatus } from "kubernetes-types/batch/v1.js";
import { syncJob, type SyncResult } from "../sync-job.js";
import { JobWorld, storedJob } from "./job-world.js";

export const t0 = Date.parse("2024-01-01T00:00:00Z");
export const sec = 1000;

/** A condition as asserted: type, status, reason, message. */
export type Cond = [type: string, status: string, reason: string, message: string];

export interface Expect {
  /** The writes of the last sync, in order. */
  writes?: string[];
  events?: string[];
  /** Fields of the last status written (conditions compared as Cond). */
  status?: Omit<JobStatus, "conditions"> & { conditions?: Cond[] };
  requeueAfterMs?: number;
  /** The sync reports a pod write error (and retries later). */
  error?: boolean;
  /** The sync throws (a status write failed). */
  rejects?: boolean;
  /** Anything else to assert on the world afterwards. */
  check?: (w: JobWorld) => void;
}

export interface Case {
  name: string;
  job?: (j: Job) => void;
  /** Pods and time before the sync (the world starts at t0). */
  given?: (w: JobWorld) => void;
  /** Syncs before the one asserted on, each after `between`. */
  before?: number;
  between?: (w: JobWorld) => void;
  expect: Expect;
}

export async function sync(w: JobWorld): Promise<SyncResult> {
  return syncJob(w.observe(), w, w.now);
}

function conds(status: JobStatus | undefined): Cond[] {
  return (status?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? "", c.message ?? ""]);
}

function check(w: JobWorld, result: SyncResult, expect: Expect, marks: { writes: number; events: number }): void {
  if (expect.writes) assert.deepEqual(w.writes.slice(marks.writes), expect.writes);
  if (expect.events) assert.deepEqual(w.events.slice(marks.events), expect.events);
  if (expect.status) {
    const { conditions, ...fields } = expect.status;
    const actual = w.job.status ?? {};
    for (const [k, v] of Object.entries(fields)) assert.deepEqual(actual[k as keyof JobStatus], v, `status.${k}`);
    if (conditions) assert.deepEqual(conds(actual), conditions);
  }
  if ("requeueAfterMs" in expect) assert.equal(result.requeueAfterMs, expect.requeueAfterMs);
  assert.equal(result.error !== undefined, expect.error ?? false, `error: ${String(result.error)}`);
  expect.check?.(w);
}

export const scm: Cond = ["SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"];
export const complete: Cond = ["Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"];
export const backoffTarget: Cond = ["FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"];
export const backoffFailed: Cond = ["Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"];


/** One test per case: the world given, the syncs before, then the sync asserted on. */
export function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    test(c.name, async () => {
      const w = new JobWorld(storedJob(c.job), t0);
      c.given?.(w);
      for (let i = 0; i < (c.before ?? 0); i++) {
        await sync(w).catch(() => undefined);
        c.between?.(w);
      }
      const marks = { writes: w.writes.length, events: w.events.length };
      if (c.expect.rejects) {
        await assert.rejects(sync(w));
        check(w, {}, c.expect, marks);
      } else check(w, await sync(w), c.expect, marks);
    });
  }
}
