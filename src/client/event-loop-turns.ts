import { performance } from "node:perf_hooks";

/** How long in-process work may run on promises alone before sockets and timers get a turn. */
export const defaultSliceMs = 10;

/**
 * Lets the event loop's I/O run between stretches of promise-only work. In one process, a
 * write's watch events, the handlers they wake and the writes those make are all microtasks:
 * with hundreds of pods in flight the chain never ends, and the HTTP server (kubectl, remote
 * node agents) is not read for as long as the whole workload runs. A caller awaits turn()
 * before each API call; once the current stretch has lasted sliceMs it resolves after a
 * setImmediate, that is after the poll phase, and otherwise at once.
 *
 * Wall time on purpose: this is about the process's own CPU, not about the cluster's clock.
 */
export class EventLoopTurns {
  private sliceStart = performance.now();
  private waiting: Promise<void> | undefined;

  constructor(private readonly sliceMs: number = defaultSliceMs) {}

  /** undefined when the caller may go on at once (no await, no extra microtask). */
  turn(): Promise<void> | undefined {
    if (this.waiting) return this.waiting;
    if (performance.now() - this.sliceStart < this.sliceMs) return undefined;
    this.waiting = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.waiting = undefined;
        this.sliceStart = performance.now();
        resolve();
      }),
    );
    return this.waiting;
  }
}

/** One per process: every in-process client shares the same event loop. */
export const eventLoopTurns = new EventLoopTurns();
