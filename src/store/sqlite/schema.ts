import Database from "better-sqlite3";

/**
 * How much a committed write survives.
 * - "process-crash" (synchronous=NORMAL, the default): in WAL mode a commit has been
 *   written to the WAL file (the operating system's page cache) before it returns, so a
 *   kill -9 or crash of tinykube loses no acknowledged write. A power loss or kernel
 *   panic may lose the last few commits, never corrupts the database. This is what a
 *   single-machine development cluster needs, at ~5x the write rate of "power-loss".
 * - "power-loss" (synchronous=FULL): the WAL is fsynced at every commit, so an
 *   acknowledged write also survives a power cut, at the cost of one fsync per write.
 */
export type Durability = "process-crash" | "power-loss";

const synchronousFor: Record<Durability, string> = {
  "process-crash": "NORMAL",
  "power-loss": "FULL",
};

/**
 * kv holds the live keys; log holds every write (a put's value, or NULL for a delete) by
 * revision. A key's current value is the log row at its mod_rev, so each revision's value
 * is stored once. prev_rev links a write to the key's previous write, from which watch
 * events get prevValue and lists at a past revision get the value a key had then.
 */
const ddl = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  create_rev INTEGER NOT NULL,
  mod_rev INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log (
  rev INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  value TEXT,
  create_rev INTEGER NOT NULL,
  prev_rev INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface OpenDatabaseOptions {
  durability?: Durability;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${synchronousFor[options.durability ?? "process-crash"]}`);
    db.pragma("temp_store = MEMORY");
    db.pragma("cache_size = -32768");
    db.exec(ddl);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
