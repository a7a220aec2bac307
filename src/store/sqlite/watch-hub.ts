import { prefixRange } from "../key-range.js";
import type { KeyRange } from "../key-range.js";
import { CompactedError } from "../store.js";
import type { Watch, WatchEvent, WatchHandler } from "../store.js";
import { WatchQueue } from "../watch-queue.js";

/** Where a watcher that starts in the past reads the events it missed. */
export interface History {
  /** Events in range with revision in (after, head], oldest first, at most limit of them. */
  read(range: KeyRange, span: { after: number; head: number; limit: number }): WatchEvent[];
  /** The revision of the last write. */
  head(): number;
  /** History at or before this revision is gone. */
  compacted(): number;
}

export interface WatchHubOptions {
  /** Events a watcher may have waiting before it is dropped as too slow. */
  queueLimit: number;
  /** Events read from history per step of a catch-up. */
  catchUpChunk: number;
}

interface Subscription {
  readonly prefix: string;
  readonly range: KeyRange;
  readonly queue: WatchQueue;
  /** The revision up to which this watcher has been given every event. */
  cursor: number;
}

/**
 * Fans writes out to watchers. A watcher from a past revision first reads history in
 * chunks, then, in the same synchronous step that reads up to the head revision, joins
 * the live watchers; writes are synchronous too, so nothing falls between the two and
 * nothing arrives twice.
 */
export class WatchHub {
  private readonly live = new Set<Subscription>();
  private readonly all = new Set<Subscription>();

  constructor(
    private readonly history: History,
    private readonly options: WatchHubOptions,
  ) {}

  /** Starts a watch; the caller has checked afterRevision against compaction. */
  watch(prefix: string, afterRevision: number, handler: WatchHandler): Watch {
    const sub: Subscription = {
      prefix,
      range: prefixRange(prefix),
      cursor: afterRevision,
      queue: new WatchQueue(handler, {
        limit: this.options.queueLimit,
        onEnd: () => this.remove(sub),
      }),
    };
    this.all.add(sub);
    this.catchUp(sub);
    return sub.queue;
  }

  /** True when some live watcher would receive a write to key (so its event is worth building). */
  wants(key: string): boolean {
    for (const sub of this.live) if (key.startsWith(sub.prefix)) return true;
    return false;
  }

  /** Hands a committed write to the live watchers whose prefix it falls under. */
  publish(event: WatchEvent): void {
    for (const sub of this.live) {
      if (event.revision > sub.cursor && event.key.startsWith(sub.prefix)) sub.queue.push(event);
    }
  }

  stopAll(): void {
    for (const sub of [...this.all]) sub.queue.stop();
  }

  private catchUp(sub: Subscription): void {
    if (sub.queue.done) return;
    const compacted = this.history.compacted();
    if (sub.cursor < compacted) {
      sub.queue.fail(new CompactedError(sub.cursor, compacted));
      return;
    }
    const head = this.history.head();
    const limit = Math.min(this.options.catchUpChunk, this.options.queueLimit - sub.queue.pending);
    if (sub.cursor >= head) {
      this.live.add(sub);
      return;
    }
    if (limit <= 0) {
      setImmediate(() => this.catchUp(sub));
      return;
    }
    const events = this.history.read(sub.range, { after: sub.cursor, head, limit });
    for (const event of events) sub.queue.push(event);
    sub.cursor = events.length < limit ? head : events[events.length - 1]!.revision;
    if (sub.queue.done) return;
    if (sub.cursor >= head) this.live.add(sub);
    else setImmediate(() => this.catchUp(sub));
  }

  private remove(sub: Subscription): void {
    this.live.delete(sub);
    this.all.delete(sub);
  }
}
