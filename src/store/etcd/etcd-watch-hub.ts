import type { IDuplexStream, IEvent, IKeyValue, IWatchRequest, IWatchResponse, WatchClient } from "etcd3";
import { CompactedError, StoreError } from "../store.js";
import type { Watch, WatchEvent, WatchHandler } from "../store.js";
import { WatchQueue } from "../watch-queue.js";
import type { EtcdKeys } from "./etcd-keys.js";

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

type Stream = IDuplexStream<IWatchRequest, IWatchResponse>;

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
  private stream: Stream | undefined;
  private connecting = false;
  private closed = false;
  private backoffMs = firstBackoffMs;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: WatchClient,
    private readonly options: EtcdWatchHubOptions,
  ) {}

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
    if (this.connecting || this.closed) return;
    this.connecting = true;
    this.client.watch().then(
      (stream) => this.attach(stream),
      () => this.broken(undefined),
    );
  }

  private attach(stream: Stream): void {
    this.connecting = false;
    if (this.closed) {
      stream.cancel();
      return;
    }
    this.stream = stream;
    stream.on("data", (res) => this.receive(res));
    stream.on("error", () => this.broken(stream));
    stream.on("end", () => this.broken(stream));
    for (const sub of this.subs.values()) this.create(stream, sub);
  }

  private create(stream: Stream, sub: Subscription): void {
    const range = this.options.keys.range(sub.prefix);
    stream.write({
      create_request: { ...range, start_revision: sub.cursor + 1, prev_kv: true, watch_id: sub.id },
    });
  }

  private broken(stream: Stream | undefined): void {
    if (stream !== undefined && stream !== this.stream) return;
    this.connecting = false;
    this.stream = undefined;
    if (this.closed || this.subs.size === 0) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, maxBackoffMs);
  }

  private receive(res: IWatchResponse): void {
    this.backoffMs = firstBackoffMs;
    if (res.header) this.options.onRevision(Number(res.header.revision));
    const sub = this.subs.get(Number(res.watch_id));
    if (!sub) return;
    for (const event of res.events ?? []) this.deliver(sub, event);
    if (res.canceled) this.canceled(sub, res);
  }

  private deliver(sub: Subscription, raw: IEvent): void {
    const event = this.toEvent(raw);
    if (event.revision <= sub.cursor) return;
    sub.cursor = event.revision;
    sub.queue.push(event);
  }

  private canceled(sub: Subscription, res: IWatchResponse): void {
    const compacted = Number(res.compact_revision ?? 0);
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

  private toEvent(raw: IEvent): WatchEvent {
    const key = this.options.keys.decode(raw.kv.key);
    const revision = Number(raw.kv.mod_revision);
    const prev = raw.prev_kv ? { prevValue: valueOf(raw.prev_kv), prevRevision: Number(raw.prev_kv.mod_revision) } : {};
    if (raw.type === "Delete") {
      const createRevision = raw.prev_kv ? Number(raw.prev_kv.create_revision) : 0;
      return { type: "delete", key, revision, ...prev, createRevision };
    }
    return { type: "put", key, revision, value: valueOf(raw.kv), ...prev, createRevision: Number(raw.kv.create_revision) };
  }
}

export function valueOf(kv: IKeyValue): string {
  return kv.value ? kv.value.toString("utf8") : "";
}
