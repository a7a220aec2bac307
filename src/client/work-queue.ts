import type { Clock, Timer } from "../util/clock.js";
import { VirtualClock } from "../util/virtual-clock.js";
import { defaultControllerRateLimiter, type RateLimiter } from "./rate-limiter.js";

export interface WorkQueueOptions<T> {
  clock: Clock;
  /** Delays for addRateLimited; defaults to upstream's default controller rate limiter on clock. */
  rateLimiter?: RateLimiter<T>;
}

/**
 * client-go's rate-limited delaying work queue in one: an item is queued at most once (dirty set),
 * handed to one worker at a time (processing set), and an item added while a worker holds it runs
 * again after done(). addAfter and addRateLimited wait on the injected clock.
 *
 * On a VirtualClock the queue holds the clock busy while anything is queued or being processed, so
 * advance() lets the work a timer caused finish before time moves on.
 *
 * Differs from upstream in one way: after shutDown(), get() returns undefined at once instead of
 * draining queued items, so a stopped controller writes nothing more; items already handed out
 * still finish (see drain()).
 */
export class WorkQueue<T = string> {
  private readonly queue: T[] = [];
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiting = new Map<T, { at: number; timer: Timer }>();
  private readonly getters: Array<(item: T | undefined) => void> = [];
  private readonly drainers: Array<() => void> = [];
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<T>;
  private stopped = false;
  private releaseBusy: (() => void) | undefined;

  constructor(options: WorkQueueOptions<T>) {
    this.clock = options.clock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<T>(options.clock);
  }

  /** Queues item unless it is already queued; if a worker holds it, it is queued again on done(). */
  add(item: T): void {
    if (this.stopped || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.handOut();
    this.updateBusy();
  }

  /** Adds item once ms have passed on the clock; of several pending delays the earliest wins. */
  addAfter(item: T, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const at = this.clock.now() + ms;
    const pending = this.waiting.get(item);
    if (pending && pending.at <= at) return;
    pending?.timer.cancel();
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, ms);
    this.waiting.set(item, { at, timer });
  }

  /** Adds item after the rate limiter's delay for it (its back-off after one more failure). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Clears item's failure history: the next addRateLimited starts from the base delay. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }

  /**
   * The next item, waiting until one is queued; undefined once the queue is shut down. The caller
   * owns the item until it calls done(item).
   */
  get(): Promise<T | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    const item = this.queue.shift();
    if (item !== undefined) {
      this.take(item);
      return Promise.resolve(item);
    }
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks item's processing finished; queues it again if it was added meanwhile. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item) && !this.stopped) {
      this.queue.push(item);
      this.handOut();
    }
    this.updateBusy();
    if (this.processing.size === 0) this.wakeDrainers();
  }

  /** Number of items queued and not yet handed out. */
  len(): number {
    return this.queue.length;
  }

  /** Whether item is queued, being processed, or waiting for a delay. */
  has(item: T): boolean {
    return this.dirty.has(item) || this.processing.has(item) || this.waiting.has(item);
  }

  /** Stops accepting items, drops queued and delayed ones, and wakes every waiting get(). */
  shutDown(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const { timer } of this.waiting.values()) timer.cancel();
    this.waiting.clear();
    this.queue.length = 0;
    this.dirty.clear();
    for (const resolve of this.getters.splice(0)) resolve(undefined);
    this.updateBusy();
    if (this.processing.size === 0) this.wakeDrainers();
  }

  isShuttingDown(): boolean {
    return this.stopped;
  }

  /** Resolves once no item is being processed (after shutDown, once workers have finished). */
  drain(): Promise<void> {
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainers.push(resolve));
  }

  private handOut(): void {
    while (this.getters.length > 0) {
      const item = this.queue.shift();
      if (item === undefined) return;
      this.take(item);
      this.getters.shift()!(item);
    }
  }

  private take(item: T): void {
    this.processing.add(item);
    this.dirty.delete(item);
  }

  private updateBusy(): void {
    const busy = this.queue.length > 0 || this.processing.size > 0;
    if (busy && !this.releaseBusy && this.clock instanceof VirtualClock) {
      this.releaseBusy = this.clock.busy();
    } else if (!busy && this.releaseBusy) {
      this.releaseBusy();
      this.releaseBusy = undefined;
    }
  }

  private wakeDrainers(): void {
    for (const resolve of this.drainers.splice(0)) resolve();
  }
}
