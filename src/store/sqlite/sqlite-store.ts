import Database from "better-sqlite3";
import { RealClock } from "../../util/clock.js";
import type { Clock } from "../../util/clock.js";
import { prefixRange } from "../key-range.js";
import type { KeyRange } from "../key-range.js";
import { PeriodicCompactor } from "../periodic-compactor.js";
import {
  CompactedError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionMismatchError,
  StoreError,
} from "../store.js";
import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchEvent, WatchHandler, WatchOptions } from "../store.js";
import { CommitQueue } from "./commit-queue.js";
import type { CommitMode } from "./commit-queue.js";
import { compactLog } from "./compact-log.js";
import { listAtRevision } from "./past-list.js";
import { openDatabase } from "./schema.js";
import type { Durability } from "./schema.js";
import { prepareStatements } from "./statements.js";
import type { KeyRow, LogRow, Statements } from "./statements.js";
import { WatchHub } from "./watch-hub.js";

export interface SqliteStoreOptions {
  /** Drives periodic compaction. Default: the real clock. */
  clock?: Clock;
  /** Default "process-crash": see Durability. */
  durability?: Durability;
  /** How often history is compacted. Default 5 minutes, as kube-apiserver compacts etcd. */
  compactionIntervalMs?: number;
  /** Revisions of history always kept behind the head. Default 10,000. */
  keepRevisions?: number;
  /** Events a watcher may have waiting before it is dropped as too slow. Default 10,000. */
  watchQueueLimit?: number;
  /** Default "each": see CommitMode. */
  commits?: CommitMode;
}

const FIVE_MINUTES = 5 * 60 * 1000;
const CATCH_UP_CHUNK = 1000;

/** Opens (creating if needed) the embedded store in file, or in memory for ":memory:". */
export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  return new SqliteStore(openDatabase(file, options), options);
}

/** The Store over one SQLite database in WAL mode; see schema.ts for the tables. */
export class SqliteStore implements Store {
  private readonly statements: Statements;
  private readonly hub: WatchHub;
  private readonly compactor: PeriodicCompactor;
  private revision: number;
  private compacted: number;
  private closed = false;
  private compaction: Promise<void> = Promise.resolve();

  private readonly commits: CommitQueue;

  constructor(
    private readonly db: Database.Database,
    options: SqliteStoreOptions,
  ) {
    const s = (this.statements = prepareStatements(db));
    this.compacted = s.readMeta.get("compacted") ?? 0;
    this.revision = Math.max(s.maxRev.get() ?? 0, this.compacted);
    this.hub = new WatchHub(
      {
        read: (range, span) => s.history.all({ ...range, ...span }).map(eventFromLog),
        head: () => this.revision,
        compacted: () => this.compacted,
      },
      { queueLimit: options.watchQueueLimit ?? 10_000, catchUpChunk: CATCH_UP_CHUNK },
    );
    this.compactor = new PeriodicCompactor({
      clock: options.clock ?? new RealClock(),
      intervalMs: options.compactionIntervalMs ?? FIVE_MINUTES,
      keepRevisions: options.keepRevisions ?? 10_000,
      currentRevision: () => this.revision,
      compactedRevision: () => this.compacted,
      compact: (revision) => this.compact(revision),
    });
    const committed = (rev: number, event: WatchEvent | undefined): void => {
      this.revision = rev;
      if (event) this.hub.publish(event);
    };
    this.commits = new CommitQueue({ db, head: () => this.revision, committed }, options.commits ?? "each");
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.revision;
  }

  async create(key: string, value: string): Promise<number> {
    this.assertOpen();
    return this.commits.write((rev) => {
      try {
        this.statements.insertKv.run(key, rev, rev);
      } catch (error) {
        if (error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
          throw new KeyExistsError(key);
        }
        throw error;
      }
      this.statements.insertLog.run(rev, key, value, rev, 0);
      return { result: rev, event: { type: "put", key, revision: rev, value, createRevision: rev } };
    });
  }

  async update(key: string, value: string, expectedRevision: number): Promise<number> {
    this.assertOpen();
    return this.commits.write((rev) => {
      const s = this.statements;
      const kv = s.kvOf.get(key);
      if (!kv) throw new KeyNotFoundError(key);
      if (kv.mod_rev !== expectedRevision) throw new RevisionMismatchError(key, expectedRevision, this.mustGet(key));
      s.updateKv.run(rev, key);
      s.insertLog.run(rev, key, value, kv.create_rev, kv.mod_rev);
      if (!this.hub.wants(key)) return { result: rev, event: undefined };
      // Read only when someone listens; the replaced value stays in the log as this write's prev.
      const prevValue = s.valueAt.get(kv.mod_rev);
      return { result: rev, event: { type: "put", key, revision: rev, value, prevValue, prevRevision: kv.mod_rev, createRevision: kv.create_rev } };
    });
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    this.assertOpen();
    return this.commits.write((rev) => {
      const s = this.statements;
      const row = s.get.get(key);
      if (!row) throw new KeyNotFoundError(key);
      const prev = toKeyValue(row);
      if (expectedRevision !== undefined && row.mod_rev !== expectedRevision) {
        throw new RevisionMismatchError(key, expectedRevision, prev);
      }
      s.deleteKv.run(key);
      s.insertLog.run(rev, key, null, row.create_rev, row.mod_rev);
      const event: WatchEvent = { type: "delete", key, revision: rev, prevValue: row.value, prevRevision: row.mod_rev, createRevision: row.create_rev };
      return { result: { revision: rev, prev }, event };
    });
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.assertOpen();
    const row = this.statements.get.get(key);
    return row && toKeyValue(row);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const revision = this.readableRevision(options.revision);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const params = { ...prefixRange(prefix), after: options.startAfter ?? "", limit: limit > 0 ? limit + 1 : -1 };
    const rows =
      revision === this.revision
        ? this.statements.listNow.all(params)
        : listAtRevision(this.statements, { ...params, rev: revision });
    const more = limit > 0 && rows.length > limit;
    if (more) rows.pop();
    return { items: rows.map(toKeyValue), revision, more };
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen();
    const range: KeyRange = prefixRange(prefix);
    return this.statements.count.get(range.start, range.end) ?? 0;
  }

  watch(prefix: string, options: WatchOptions, handler: WatchHandler): Watch {
    this.assertOpen();
    if (options.afterRevision < this.compacted) throw new CompactedError(options.afterRevision, this.compacted);
    return this.hub.watch(prefix, options.afterRevision, handler);
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    if (revision <= this.compacted) return;
    // Recorded first: from here on reads before `revision` fail, whatever rows remain.
    this.statements.writeMeta.run("compacted", revision);
    this.compacted = revision;
    const options = { db: this.db, statements: this.statements, cancelled: () => this.closed };
    const run = this.compaction.then(() => compactLog(revision, options));
    this.compaction = run.catch(() => undefined);
    await run;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.compacted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Writes already issued are committed and acknowledged before the watchers stop.
    this.commits.flush();
    this.closed = true;
    this.hub.stopAll();
    await this.compactor.stop();
    await this.compaction;
    this.db.close();
  }

  private readableRevision(requested: number | undefined): number {
    if (!requested) return this.revision;
    if (requested > this.revision) throw new FutureRevisionError(requested, this.revision);
    if (requested < this.compacted) throw new CompactedError(requested, this.compacted);
    return requested;
  }

  private mustGet(key: string): KeyValue {
    const row = this.statements.get.get(key);
    if (!row) throw new KeyNotFoundError(key);
    return toKeyValue(row);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError("store is closed");
  }
}

function toKeyValue(row: KeyRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_rev, modRevision: row.mod_rev };
}

function eventFromLog(row: LogRow): WatchEvent {
  const prev = row.prev_value === null ? {} : { prevValue: row.prev_value, prevRevision: row.prev_rev };
  if (row.value === null) {
    return { type: "delete", key: row.key, revision: row.rev, createRevision: row.create_rev, ...prev };
  }
  return { type: "put", key: row.key, revision: row.rev, value: row.value, createRevision: row.create_rev, ...prev };
}
