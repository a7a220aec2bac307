import type { Clock } from "../util/clock.js";

/**
 * How long an item waits before it is retried, as client-go's workqueue.RateLimiter.
 * when() counts a failure of item and returns the delay in ms; forget() clears its history.
 */
export interface RateLimiter<T = string> {
  when(item: T): number;
  forget(item: T): void;
  /** How many times item has failed since it was last forgotten. */
  numRequeues(item: T): number;
}

/** base · 2^failures, capped at max: 5 ms, 10 ms, 20 ms … for the default controller limiter. */
export class ItemExponentialFailureRateLimiter<T = string> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseMs * 2 ** exp;
    return Number.isFinite(backoff) && backoff < this.maxMs ? backoff : this.maxMs;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

export interface BucketOptions {
  /** Tokens added per second. */
  qps: number;
  /** Bucket size; the bucket starts full. */
  burst: number;
  clock: Clock;
}

/**
 * One token bucket for all items (golang.org/x/time/rate's Reserve().Delay()): bounds the overall
 * retry rate however many distinct items fail. Every call takes a token, borrowing from the future
 * when the bucket is empty.
 */
export class BucketRateLimiter<T = string> implements RateLimiter<T> {
  private tokens: number;
  private last: number;

  constructor(private readonly options: BucketOptions) {
    this.tokens = options.burst;
    this.last = options.clock.now();
  }

  when(_item: T): number {
    const now = this.options.clock.now();
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsedSeconds * this.options.qps) - 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.options.qps) * 1000;
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}

/** The longest delay any of its limiters asks for. */
export class MaxOfRateLimiter<T = string> implements RateLimiter<T> {
  private readonly limiters: readonly RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(item)));
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: T): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(item)));
  }
}

export interface ControllerRateLimiterOptions {
  /** Per-item cap; upstream's default is 1000 s, the namespace controller uses 60 s. */
  maxDelayMs?: number;
}

/**
 * Upstream's DefaultControllerRateLimiter: per item 5 ms doubling to 1000 s, and overall
 * 10 retries/s with a burst of 100, both measured on the given clock.
 */
export function defaultControllerRateLimiter<T = string>(clock: Clock, options: ControllerRateLimiterOptions = {}): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialFailureRateLimiter<T>(5, options.maxDelayMs ?? 1_000_000),
    new BucketRateLimiter<T>({ qps: 10, burst: 100, clock }),
  );
}
