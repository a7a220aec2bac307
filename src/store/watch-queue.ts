import { StoreError } from "./store.js";
import type { Watch, WatchEvent, WatchHandler } from "./store.js";

/**
 * A watcher did not take its events fast enough and its bounded queue filled up. Like the
 * kube-apiserver's cacher dropping a slow watcher, the watch ends; the consumer resumes
 * from the last revision it saw.
 */
export class WatcherTooSlowError extends StoreError {
  constructor(readonly limit: number) {
    super(`watcher fell more than ${limit} events behind and was stopped`);
  }
}

export interface WatchQueueOptions {
  /** Most events held for the handler before the watcher counts as too slow. */
  limit: number;
  /** Called once when the watch ends, whatever the reason (stop, error). */
  onEnd?: () => void;
}

/**
 * The delivery side of one watch: writers push events and return at once; the handler
 * gets them later, in push order, each once. The queue is bounded, so a handler that
 * cannot keep up is stopped with WatcherTooSlowError instead of growing memory.
 */
export class WatchQueue implements Watch {
  private events: WatchEvent[] = [];
  private head = 0;
  private failure: Error | undefined;
  private ended = false;
  private closed = false;
  private scheduled = false;

  constructor(
    private readonly handler: WatchHandler,
    private readonly options: WatchQueueOptions,
  ) {}

  /** Events queued and not yet handed to the handler. */
  get pending(): number {
    return this.events.length - this.head;
  }

  /** True once stop or fail was called: pushes are ignored from then on. */
  get done(): boolean {
    return this.closed;
  }

  push(event: WatchEvent): void {
    if (this.closed) return;
    if (this.pending >= this.options.limit) {
      this.fail(new WatcherTooSlowError(this.options.limit));
      return;
    }
    this.events.push(event);
    this.schedule();
  }

  /** Ends the watch with an error, delivered after the events already queued. */
  fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = error;
    this.schedule();
  }

  stop(): void {
    this.closed = true;
    this.events = [];
    this.head = 0;
    this.end();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A microtask, not setImmediate: a writer awaiting each write in a loop never reaches
    // the macrotask queue, and the watcher must keep up with it rather than be dropped.
    queueMicrotask(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    while (this.head < this.events.length && !this.ended) {
      const event = this.events[this.head++]!;
      try {
        this.handler.onEvent(event);
      } catch (error) {
        this.closed = true;
        this.failure = error instanceof Error ? error : new Error(String(error));
        break;
      }
    }
    if (this.head >= this.events.length) {
      this.events = [];
      this.head = 0;
    }
    if (this.failure && !this.ended) this.deliverFailure(this.failure);
  }

  private deliverFailure(error: Error): void {
    this.end();
    if (!this.handler.onError) throw error;
    this.handler.onError(error);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.options.onEnd?.();
  }
}
