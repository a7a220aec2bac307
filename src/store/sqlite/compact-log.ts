import type Database from "better-sqlite3";
import type { Statements } from "./statements.js";

const SCAN_CHUNK = 10_000;
const DELETE_CHUNK = 2_000;

export interface CompactLogOptions {
  db: Database.Database;
  statements: Statements;
  /** Checked between chunks: compaction gives up quietly once it returns true. */
  cancelled: () => boolean;
}

/**
 * Deletes the log rows at or before `upTo` that no read can need any more. As etcd does,
 * it keeps each key's last write at or before `upTo` when that write is a put: it is the
 * key's current value, or the value the key's next write replaced (a watch event's
 * prevValue, a list's view at a revision after `upTo`). Everything else there goes.
 * Works in chunks and yields between them, so writers are not held up for long.
 */
export async function compactLog(upTo: number, options: CompactLogOptions): Promise<void> {
  const { db, statements } = options;
  const doomed = await findObsoleteRows(upTo, options);
  const deleteChunk = db.transaction((revs: number[]) => {
    for (const rev of revs) statements.deleteLog.run(rev);
  });
  for (let i = 0; i < doomed.length; i += DELETE_CHUNK) {
    if (options.cancelled()) return;
    deleteChunk(doomed.slice(i, i + DELETE_CHUNK));
    await yieldToEventLoop();
  }
}

async function findObsoleteRows(upTo: number, options: CompactLogOptions): Promise<number[]> {
  const { statements } = options;
  const latest = new Map<string, { rev: number; tombstone: boolean }>();
  const doomed: number[] = [];
  for (let after = 0; ; ) {
    if (options.cancelled()) return [];
    const rows = statements.compactionScan.all(after, upTo, SCAN_CHUNK);
    for (const row of rows) {
      const previous = latest.get(row.key);
      if (previous) doomed.push(previous.rev);
      latest.set(row.key, { rev: row.rev, tombstone: row.tombstone === 1 });
    }
    if (rows.length < SCAN_CHUNK) break;
    after = rows[rows.length - 1]!.rev;
    await yieldToEventLoop();
  }
  for (const last of latest.values()) if (last.tombstone) doomed.push(last.rev);
  return doomed;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
