import type { Clock, Timer } from "./clock.js";

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when advanced. Timers fire in (due time, creation) order,
 * so a run is deterministic. Between two timers the clock waits until the system is
 * quiet: every registered activity has gone idle and the microtask and immediate
 * queues have drained. That lets work a timer causes (and the timers it sets) happen
 * at that instant before time moves on.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];
  private busyCount = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.insert(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /**
   * Marks some work as in flight (a queued item, a write being applied); the clock does
   * not advance past the current instant until every returned release has been called.
   */
  busy(): () => void {
    this.busyCount++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busyCount--;
      if (this.busyCount === 0) this.wakeIdleWaiters();
    };
  }

  /** Moves time forward by ms, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  /** Moves time forward to the given instant (never backwards), firing due timers. */
  async advanceTo(targetMs: number): Promise<void> {
    await this.quiet();
    for (;;) {
      const next = this.nextDue(targetMs);
      if (!next) break;
      if (next.at > this.current) this.current = next.at;
      next.fn();
      await this.quiet();
    }
    if (targetMs > this.current) this.current = targetMs;
    await this.quiet();
  }

  /** Number of timers not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Resolves once no activity is busy and the event loop has nothing immediate left. */
  async quiet(): Promise<void> {
    for (let stable = 0; stable < 3; ) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.busyCount > 0) {
        stable = 0;
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        continue;
      }
      if (this.hasDueTimer()) return;
      stable++;
    }
  }

  private hasDueTimer(): boolean {
    return this.timers.some((t) => !t.cancelled && t.at <= this.current);
  }

  private nextDue(limit: number): PendingTimer | undefined {
    while (this.timers.length > 0) {
      const head = this.timers[0]!;
      if (head.cancelled) {
        this.timers.shift();
        continue;
      }
      if (head.at > limit) return undefined;
      this.timers.shift();
      return head;
    }
    return undefined;
  }

  private insert(timer: PendingTimer): void {
    // Binary search for the first timer due strictly later; equal due times keep creation order.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timers[mid]!.at <= timer.at) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
