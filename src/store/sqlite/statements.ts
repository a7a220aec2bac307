import type Database from "better-sqlite3";

/** A live key as kv + log give it. */
export interface KeyRow {
  key: string;
  value: string;
  create_rev: number;
  mod_rev: number;
}

export interface KvRow {
  create_rev: number;
  mod_rev: number;
}

/** One write from the log, joined with the value before it. */
export interface LogRow {
  rev: number;
  key: string;
  value: string | null;
  create_rev: number;
  prev_rev: number;
  prev_value: string | null;
}

/** A history row as compaction sees it. */
export interface CompactionRow {
  rev: number;
  key: string;
  tombstone: number;
}

export interface RangeParams {
  start: string;
  end: string;
  after: string;
  limit: number;
}

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    get: db.prepare<[string], KeyRow>(
      `SELECT k.key, l.value, k.create_rev, k.mod_rev FROM kv k JOIN log l ON l.rev = k.mod_rev WHERE k.key = ?`,
    ),
    kvOf: db.prepare<[string], KvRow>(`SELECT create_rev, mod_rev FROM kv WHERE key = ?`),
    valueAt: db.prepare<[number], string>(`SELECT value FROM log WHERE rev = ?`).pluck(),
    insertKv: db.prepare<[string, number, number]>(`INSERT INTO kv (key, create_rev, mod_rev) VALUES (?, ?, ?)`),
    updateKv: db.prepare<[number, string]>(`UPDATE kv SET mod_rev = ? WHERE key = ?`),
    deleteKv: db.prepare<[string]>(`DELETE FROM kv WHERE key = ?`),
    insertLog: db.prepare<[number, string, string | null, number, number]>(
      `INSERT INTO log (rev, key, value, create_rev, prev_rev) VALUES (?, ?, ?, ?, ?)`,
    ),
    maxRev: db.prepare<[], number | null>(`SELECT MAX(rev) FROM log`).pluck(),
    readMeta: db.prepare<[string], number>(`SELECT value FROM meta WHERE name = ?`).pluck(),
    writeMeta: db.prepare<[string, number]>(
      `INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`,
    ),
    count: db.prepare<[string, string], number>(`SELECT COUNT(*) FROM kv WHERE key >= ? AND key < ?`).pluck(),
    listNow: db.prepare<RangeParams, KeyRow>(
      `SELECT k.key, l.value, k.create_rev, k.mod_rev FROM kv k JOIN log l ON l.rev = k.mod_rev
       WHERE k.key >= :start AND k.key < :end AND k.key > :after ORDER BY k.key LIMIT :limit`,
    ),
    // A list at a past revision merges two key-ordered streams (see past-list.ts). Keys not
    // written since :rev, as they are now:
    listUnchanged: db.prepare<RangeParams & { rev: number }, KeyRow>(
      `SELECT k.key, l.value, k.create_rev, k.mod_rev FROM kv k JOIN log l ON l.rev = k.mod_rev
       WHERE k.key >= :start AND k.key < :end AND k.key > :after AND k.mod_rev <= :rev ORDER BY k.key LIMIT :limit`,
    ),
    // and keys written since that existed at :rev, as the first write after it found them.
    listChanged: db.prepare<RangeParams & { rev: number }, KeyRow>(
      `SELECT p.key, p.value, p.create_rev, p.rev AS mod_rev FROM
         (SELECT key, MIN(rev) AS first FROM log WHERE rev > :rev AND key >= :start AND key < :end AND key > :after
          GROUP BY key) c
       JOIN log f ON f.rev = c.first JOIN log p ON p.rev = f.prev_rev
       ORDER BY c.key LIMIT :limit`,
    ),
    history: db.prepare<{ start: string; end: string; after: number; head: number; limit: number }, LogRow>(
      `SELECT l.rev, l.key, l.value, l.create_rev, l.prev_rev, p.value AS prev_value FROM log l LEFT JOIN log p ON p.rev = l.prev_rev
       WHERE l.rev > :after AND l.rev <= :head AND l.key >= :start AND l.key < :end ORDER BY l.rev LIMIT :limit`,
    ),
    compactionScan: db.prepare<[number, number, number], CompactionRow>(
      `SELECT rev, key, value IS NULL AS tombstone FROM log WHERE rev > ? AND rev <= ? ORDER BY rev LIMIT ?`,
    ),
    deleteLog: db.prepare<[number]>(`DELETE FROM log WHERE rev = ?`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
