import { CompactedError, StoreError } from "../store.js";
import type { Watch, WatchEvent, WatchHandler } from "../store.js";
import { WatchQueue } from "../watch-queue.js";
import type { EtcdKeys } from "./etcd-keys.js";
import { EventType, int64, utf8 } from "./etcd-messages.js";
import type { EtcdEvent, WatchResponse } from "./etcd-messages.js";
import type { WatchStream, WatchStreamHandlers } from "./etcd-watch-stream.js";

export interface EtcdWatchHubOptions {
  readonly keys: EtcdKeys;
  /** Events a watcher may have waiting before it is dropped as too slow. */
  readonly queueLimit: number;
  /** Told the revision in every response header, so the store knows how far etcd has got. */
  readonly onRevision: (revision: number) => void;
  /** Told the compacted revision etcd gives when it cancels a watch from before it. */
  readonly onCompacted: (revision: number) => void;
}

interface Subscription {
  /** Our watch_id on the current stream (etcd ≥ 3.4 takes the client's choice). */
  readonly id: number;
  readonly prefix: string;
  readonly queue: WatchQueue;
  /** Every event up to this revision has been handed to the queue. */
  cursor: number;
}

const firstBackoffMs = 50;
const maxBackoffMs = 2000;

/**
 * All of a store's watches over one etcd gRPC watch stream. When the stream breaks (a
 * member died) every watch is created again on a new stream from the revision after the
 * last event it was given, and events at or before that are dropped: each event is
 * delivered exactly once, in order, across reconnections.
 */
export class EtcdWatchHub {
  private readonly subs = new Map<number, Subscription>();
  private nextId = 1;
  private stream: WatchStream | undefined;
  private closed = false;
  private backoffMs = firstBackoffMs;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly open: (handlers: WatchStreamHandlers) => WatchStream,
    private readonly options: EtcdWatchHubOptions,
  ) {}

  /** The member the watch stream is on, while there is one. */
  get member(): string | undefined {
    return this.stream?.member;
  }

  /** Starts a watch; the caller has checked afterRevision against compaction. */
  watch(prefix: string, afterRevision: number, handler: WatchHandler): Watch {
    if (this.closed) throw new StoreError("store is closed");
    const id = this.nextId++;
    const queue = new WatchQueue(handler, { limit: this.options.queueLimit, onEnd: () => this.forget(id) });
    const sub: Subscription = { id, prefix, queue, cursor: afterRevision };
    this.subs.set(id, sub);
    if (this.stream) this.create(this.stream, sub);
    else this.connect();
    return queue;
  }

  /** Stops every watch and the stream. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    for (const sub of [...this.subs.values()]) sub.queue.stop();
    this.stream?.cancel();
    this.stream = undefined;
  }

  private connect(): void {
    if (this.stream || this.closed) return;
    const stream: WatchStream = this.open({
      onResponse: (res) => {
        if (this.stream === stream) this.receive(res);
      },
      onBroken: () => this.broken(stream),
    });
    this.stream = stream;
    for (const sub of this.subs.values()) this.create(stream, sub);
  }

  private create(stream: WatchStream, sub: Subscription): void {
    const range = this.options.keys.range(sub.prefix);
    stream.write({
      create_request: { ...range, start_revision: sub.cursor + 1, prev_kv: true, watch_id: sub.id },
    });
  }

  private broken(stream: WatchStream): void {
    if (stream !== this.stream) return;
    this.stream = undefined;
    if (this.closed || this.subs.size === 0) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, maxBackoffMs);
  }

  private receive(res: WatchResponse): void {
    this.backoffMs = firstBackoffMs;
    if (res.header) this.options.onRevision(int64(res.header.revision));
    const sub = this.subs.get(int64(res.watch_id));
    if (!sub) return;
    for (const event of res.events) this.deliver(sub, event);
    if (res.canceled) this.canceled(sub, res);
  }

  private deliver(sub: Subscription, raw: EtcdEvent): void {
    const event = this.toEvent(raw);
    if (event.revision <= sub.cursor) return;
    sub.cursor = event.revision;
    sub.queue.push(event);
  }

  private canceled(sub: Subscription, res: WatchResponse): void {
    const compacted = int64(res.compact_revision);
    const error =
      compacted > 0
        ? new CompactedError(sub.cursor, compacted)
        : new StoreError(`etcd canceled the watch on ${sub.prefix}: ${res.cancel_reason || "no reason given"}`);
    if (compacted > 0) this.options.onCompacted(compacted);
    this.subs.delete(sub.id);
    sub.queue.fail(error);
  }

  private forget(id: number): void {
    if (!this.subs.delete(id)) return;
    this.stream?.write({ cancel_request: { watch_id: id } });
  }

  private toEvent(raw: EtcdEvent): WatchEvent {
    const key = this.options.keys.decode(raw.kv.key);
    const revision = int64(raw.kv.mod_revision);
    const prev = raw.prev_kv ? { prevValue: utf8(raw.prev_kv.value), prevRevision: int64(raw.prev_kv.mod_revision) } : {};
    if (raw.type === EventType.Delete) {
      const createRevision = raw.prev_kv ? int64(raw.prev_kv.create_revision) : 0;
      return { type: "delete", key, revision, ...prev, createRevision };
    }
    return { type: "put", key, revision, value: utf8(raw.kv.value), ...prev, createRevision: int64(raw.kv.create_revision) };
  }
}
