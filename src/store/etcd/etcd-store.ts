import { Etcd3 } from "etcd3";
import { RealClock } from "../../util/clock.js";
import type { Clock } from "../../util/clock.js";
import { PeriodicCompactor } from "../periodic-compactor.js";
import {
  CompactedError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionMismatchError,
  StoreError,
} from "../store.js";
import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchHandler, WatchOptions } from "../store.js";
import { EtcdCompaction } from "./etcd-compaction.js";
import { isEtcdCompacted, isEtcdFutureRevision } from "./etcd-errors.js";
import { EtcdKeys } from "./etcd-keys.js";
import { EtcdKvClient } from "./etcd-kv-client.js";
import type { Tried } from "./etcd-kv-client.js";
import { CompareResult, CompareTarget, int64, utf8 } from "./etcd-messages.js";
import type { Compare, EtcdKeyValue, ResponseHeader, TxnRequest, TxnResponse } from "./etcd-messages.js";
import { EtcdMembers } from "./etcd-members.js";
import { EtcdWatchHub } from "./etcd-watch-hub.js";
import { openWatchStream } from "./etcd-watch-stream.js";

export interface EtcdStoreOptions {
  /** Client endpoints, host:port each. */
  readonly hosts: readonly string[];
  /** Put before every key, so several stores can share a cluster (default ""). */
  readonly namespace?: string;
  /** Drives periodic compaction. Default: the real clock. */
  readonly clock?: Clock;
  /** How often history is compacted. Default 5 minutes, as kube-apiserver compacts etcd. */
  readonly compactionIntervalMs?: number;
  /** Revisions of history always kept behind the head. Default 10,000. */
  readonly keepRevisions?: number;
  /** Periodic compactions between defragmentations of every member. Default 12 (an hour). */
  readonly defragmentEvery?: number;
  /** Events a watcher may have waiting before it is dropped as too slow. Default 10,000. */
  readonly watchQueueLimit?: number;
  /** Told about failed periodic compactions and defragmentations (the next tick tries again). */
  readonly onError?: (error: unknown) => void;
}

const FIVE_MINUTES = 5 * 60 * 1000;
/** Longer than an etcd leader election (a write stalls ~7 s when the leader dies). */
const callTimeoutMs = 30_000;
const dialTimeoutMs = 3000;
/** Any key will do to learn the head revision from a response header (etcd refuses an empty one). */
const revisionProbeKey = Buffer.from("tinykube-revision-probe");

/** Connects to the cluster (checking that it answers) and starts periodic compaction. */
export async function openEtcdStore(options: EtcdStoreOptions): Promise<EtcdStore> {
  const store = new EtcdStore(options);
  try {
    await store.start();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * The Store on etcd v3: etcd's revision is the resourceVersion, writes are single
 * transactions comparing the key's mod_revision (or its absence), reads are linearizable,
 * and watches are etcd watches from a revision with previous values.
 */
export class EtcdStore implements Store {
  /** Compaction and maintenance. */
  private readonly client: Etcd3;
  private readonly members: EtcdMembers;
  /** Reads and writes: the calls every API request makes. */
  private readonly kv: EtcdKvClient;
  private readonly keys: EtcdKeys;
  private readonly hub: EtcdWatchHub;
  private readonly compaction: EtcdCompaction;
  private compactor: PeriodicCompactor | undefined;
  /** The highest revision any response has shown. */
  private seen = 0;
  private closed = false;

  constructor(private readonly options: EtcdStoreOptions) {
    this.client = new Etcd3({
      hosts: [...options.hosts],
      dialTimeout: dialTimeoutMs,
      // A call never waits forever (a member cut off from its quorum would hold it).
      defaultCallOptions: () => ({ deadline: Date.now() + callTimeoutMs }),
    });
    this.members = new EtcdMembers({ hosts: options.hosts, dialTimeoutMs });
    this.kv = new EtcdKvClient(this.members, callTimeoutMs);
    this.keys = new EtcdKeys(options.namespace ?? "");
    const onRevision = (revision: number) => void (this.seen = Math.max(this.seen, revision));
    this.hub = new EtcdWatchHub((handlers) => openWatchStream(this.members, handlers), {
      keys: this.keys,
      queueLimit: options.watchQueueLimit ?? 10_000,
      onRevision,
      onCompacted: (revision) => this.compaction.learn(revision),
    });
    this.compaction = new EtcdCompaction(this.client, {
      hosts: options.hosts,
      defragmentEvery: options.defragmentEvery ?? 12,
      onRevision,
    });
  }

  /** Reads the head and how far etcd is compacted, then starts the periodic compactor. */
  async start(): Promise<void> {
    await this.currentRevision();
    await this.call(() => this.compaction.refresh());
    const { clock = new RealClock(), onError } = this.options;
    this.compactor = new PeriodicCompactor({
      clock,
      intervalMs: this.options.compactionIntervalMs ?? FIVE_MINUTES,
      keepRevisions: this.options.keepRevisions ?? 10_000,
      currentRevision: () => this.seen,
      compactedRevision: () => this.compaction.known,
      compact: (revision) => this.compaction.periodic(revision),
      ...(onError ? { onError } : {}),
    });
  }

  async currentRevision(): Promise<number> {
    const res = await this.call(() => this.kv.range({ key: revisionProbeKey, count_only: true }));
    return this.note(res.header);
  }

  create(key: string, value: string): Promise<number> {
    return this.putIf(key, value, {
      compare: (k) => [{ key: k, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
      expectedRevision: 0,
      failed: () => new KeyExistsError(key),
    });
  }

  update(key: string, value: string, expectedRevision: number): Promise<number> {
    return this.putIf(key, value, {
      compare: (k) => [exists(k), { key: k, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expectedRevision }],
      expectedRevision,
      failed: (res) => this.failedWrite(key, expectedRevision, res),
    });
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    const k = this.keys.encode(key);
    const matches = expectedRevision === undefined ? [] : [{ key: k, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expectedRevision }];
    const { response: res } = await this.txn({
      compare: [exists(k), ...matches],
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!res.succeeded) throw this.failedWrite(key, expectedRevision ?? 0, res);
    const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw new StoreError(`etcd deleted ${key} but returned no previous value`);
    return { revision: this.note(res.header), prev: this.toKeyValue(prev) };
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const res = await this.call(() => this.kv.range({ key: this.keys.encode(key) }));
    this.note(res.header);
    const kv = res.kvs[0];
    return kv && this.toKeyValue(kv);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = options.revision ?? 0;
    if (revision > 0 && revision < this.compaction.known) throw new CompactedError(revision, this.compaction.known);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const range = this.keys.range(prefix, options.startAfter);
    try {
      const res = await this.call(() => this.kv.range({ ...range, limit, revision }));
      const head = this.note(res.header);
      return { items: res.kvs.map((kv) => this.toKeyValue(kv)), revision: revision || head, more: res.more };
    } catch (error) {
      const cause = error instanceof StoreError ? error.cause : error;
      if (isEtcdCompacted(cause)) throw new CompactedError(revision, await this.compaction.refresh());
      if (isEtcdFutureRevision(cause)) throw new FutureRevisionError(revision, await this.currentRevision());
      throw error;
    }
  }

  async count(prefix: string): Promise<number> {
    const res = await this.call(() => this.kv.range({ ...this.keys.range(prefix), count_only: true }));
    this.note(res.header);
    return int64(res.count);
  }

  /** The member the store's watch stream is on, while it has one. */
  get watchMember(): string | undefined {
    return this.hub.member;
  }

  watch(prefix: string, options: WatchOptions, handler: WatchHandler): Watch {
    this.assertOpen();
    const compacted = this.compaction.known;
    if (options.afterRevision < compacted) throw new CompactedError(options.afterRevision, compacted);
    return this.hub.watch(prefix, options.afterRevision, handler);
  }

  async compact(revision: number): Promise<void> {
    const current = await this.currentRevision();
    if (revision > current) throw new FutureRevisionError(revision, current);
    await this.call(() => this.compaction.compact(revision));
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.compaction.known;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
    await this.compactor?.stop();
    this.members.close();
    this.client.close();
  }

  private txn(req: TxnRequest): Promise<Tried<TxnResponse>> {
    return this.call(() => this.kv.txn(req));
  }

  /** A put when the comparisons hold; the current value is read back for the failure. */
  private async putIf(
    key: string,
    value: string,
    when: { compare: (k: Buffer) => Compare[]; expectedRevision: number; failed: (res: TxnResponse) => StoreError },
  ): Promise<number> {
    const k = this.keys.encode(key);
    const bytes = Buffer.from(value, "utf8");
    const { response: res, attempts } = await this.txn({
      compare: when.compare(k),
      success: [{ request_put: { key: k, value: bytes } }],
      failure: [{ request_range: { key: k } }],
    });
    if (res.succeeded) return this.note(res.header);
    const landed = attempts > 1 ? this.ownEarlierWrite(res, bytes, when.expectedRevision) : undefined;
    if (landed === undefined) throw when.failed(res);
    return landed;
  }

  /**
   * The revision of this very write when a retried put failed its comparison against itself:
   * the key holds exactly the bytes written, put after the revision the write expected. An
   * object's bytes carry its uid and managed-field times, so another writer's put is not
   * mistaken for it in practice; the first attempt, which broke off, landed.
   */
  private ownEarlierWrite(res: TxnResponse, bytes: Buffer, expectedRevision: number): number | undefined {
    const current = res.responses[0]?.response_range?.kvs[0];
    if (!current || int64(current.mod_revision) <= expectedRevision || !bytes.equals(current.value)) return undefined;
    this.note(res.header);
    return int64(current.mod_revision);
  }

  /** Runs an etcd call, turning a failure into a StoreError that keeps etcd's error as its cause. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await run();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`etcd: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  private failedWrite(key: string, expected: number, res: TxnResponse): StoreError {
    this.note(res.header);
    const current = res.responses[0]?.response_range?.kvs[0];
    if (!current) return new KeyNotFoundError(key);
    return new RevisionMismatchError(key, expected, this.toKeyValue(current));
  }

  private note(header: ResponseHeader): number {
    const revision = int64(header.revision);
    if (revision > this.seen) this.seen = revision;
    return revision;
  }

  private toKeyValue(kv: EtcdKeyValue): KeyValue {
    return {
      key: this.keys.decode(kv.key),
      value: utf8(kv.value),
      createRevision: int64(kv.create_revision),
      modRevision: int64(kv.mod_revision),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError("store is closed");
  }
}

/** The key exists (a missing key compares as mod_revision 0, so Mod alone cannot tell). */
function exists(key: Buffer): Compare {
  return { key, target: CompareTarget.Version, result: CompareResult.Greater, version: 0 };
}
