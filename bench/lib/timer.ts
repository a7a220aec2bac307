import { performance } from "node:perf_hooks";

/** Milliseconds since an earlier performance.now() reading. */
export function since(startMs: number): number {
  return performance.now() - startMs;
}

/** Lets timers and I/O run: a loop of awaited in-process calls never reaches them otherwise. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface RunForOptions {
  durationMs: number;
  /** Record each operation's latency (costs a clock read per operation). */
  latencies?: number[];
}

/**
 * Calls op back to back for durationMs (yielding to the event loop every few ms) and
 * returns the rate in operations per second.
 */
export async function opsPerSecond(op: (i: number) => unknown, options: RunForOptions): Promise<number> {
  const start = performance.now();
  let done = 0;
  let lastYield = start;
  for (;;) {
    const before = performance.now();
    if (before - start >= options.durationMs) break;
    if (before - lastYield > 20) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    await op(done++);
    options.latencies?.push(performance.now() - before);
  }
  return (done / since(start)) * 1000;
}

/** Rates over several windows, so a result can report a median instead of one sample. */
export async function sampleRates(
  op: (i: number) => unknown,
  options: { windows: number; windowMs: number; latencies?: number[] },
): Promise<number[]> {
  let next = 0;
  const rates: number[] = [];
  for (let w = 0; w < options.windows; w++) {
    rates.push(await opsPerSecond(() => op(next++), { durationMs: options.windowMs, latencies: options.latencies }));
  }
  return rates;
}
