import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { record } from "../conformance/harness.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { SqliteStore } from "./sqlite-store.js";
import type { CommitMode } from "./commit-queue.js";

interface Ack {
  op: "put" | "delete";
  key: string;
  value?: string;
  revision: number;
}

const dir = mkdtempSync(join(tmpdir(), "tinykube-crash-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer fixture until it has acknowledged `acks` writes, then kill -9s it. */
async function writeThenKill(file: string, round: number, acks: number, commits: CommitMode): Promise<Ack[]> {
  const fixture = join(import.meta.dirname, "testing", "crash-writer.ts");
  const child = spawn(process.execPath, ["--import", "tsx", fixture, file, String(round), commits], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const seen: Ack[] = [];
  for await (const line of createInterface({ input: child.stdout! })) {
    seen.push(JSON.parse(line) as Ack);
    if (seen.length === acks) child.kill("SIGKILL");
  }
  const [code, signal] = await exited;
  assert.equal(signal, "SIGKILL", `writer ended on its own (code ${code}) after ${seen.length} writes`);
  return seen;
}

/** The raw tables agree: every live key's row points at a put of that key in the log, and back. */
function assertTablesAgree(file: string): void {
  const db = new Database(file, { readonly: true });
  try {
    const orphans = db
      .prepare(
        `SELECT k.key FROM kv k LEFT JOIN log l ON l.rev = k.mod_rev
         WHERE l.rev IS NULL OR l.key != k.key OR l.value IS NULL OR l.create_rev != k.create_rev`,
      )
      .all();
    assert.deepEqual(orphans, [], "kv rows without their log row");
    const stale = db
      .prepare(
        `SELECT l.key, l.rev FROM log l
         WHERE l.rev = (SELECT MAX(rev) FROM log m WHERE m.key = l.key)
           AND (l.value IS NULL) = EXISTS (SELECT 1 FROM kv WHERE kv.key = l.key AND kv.mod_rev = l.rev)`,
      )
      .all();
    assert.deepEqual(stale, [], "a key's last write disagrees with kv");
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
  } finally {
    db.close();
  }
}

/** Applies a write to the model of live keys. */
function apply(model: Map<string, string>, write: { key: string; value?: string | undefined }): void {
  if (write.value === undefined) model.delete(write.key);
  else model.set(write.key, write.value);
}

/** The writes that committed after `revision` though the writer was killed before acknowledging them. */
async function unacknowledgedWrites(store: SqliteStore, revision: number, count: number) {
  const recording = record(store, "/", revision);
  await recording.untilEvents(count);
  recording.watch.stop();
  return recording.events;
}

const cases: { name: string; commits: CommitMode; unannounced: number }[] = [
  { name: "kill -9 at random moments loses no acknowledged write and leaves the store consistent", commits: "each", unannounced: 1 },
  // a group of two creates commits at once, so both may be in before either is announced
  { name: "with grouped commits, kill -9 at random moments loses no acknowledged write either", commits: "grouped", unannounced: 2 },
];

for (const { name, commits, unannounced } of cases) test(name, async () => {
  const file = join(dir, `store-${commits}.db`);
  const model = new Map<string, string>();
  let lastRevision = 0;
  for (let round = 0; round < 3; round++) {
    const acks = 20 + Math.floor(Math.random() * 800);
    const where = `round ${round} (killed after ${acks} acknowledged writes)`;
    for (const ack of await writeThenKill(file, round, acks, commits)) {
      assert.ok(ack.revision > lastRevision, `${where}: revision ${ack.revision} after ${lastRevision}`);
      lastRevision = ack.revision;
      apply(model, ack);
    }
    assertTablesAgree(file);
    const store = await openSqliteStore(file);
    try {
      const current = await store.currentRevision();
      // At most the writes of one commit may be there unannounced.
      assert.ok(current >= lastRevision && current <= lastRevision + unannounced, `${where}: at ${current}, acknowledged ${lastRevision}`);
      for (const write of await unacknowledgedWrites(store, lastRevision, current - lastRevision)) apply(model, write);
      const { items } = await store.list("/crash/");
      assert.deepEqual(items.map((i) => [i.key, i.value]), [...model].sort(([a], [b]) => (a < b ? -1 : 1)), where);
      const next = await store.create(`/after-crash/${round}`, "v");
      assert.equal(next, current + 1, `${where}: writing goes on from the recovered revision`);
      lastRevision = next;
    } finally {
      await store.close();
    }
  }
});
