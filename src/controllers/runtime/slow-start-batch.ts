/** upstream's SlowStartInitialBatchSize. */
export const slowStartInitialBatchSize = 1;

export interface SlowStartResult {
  /** How many calls succeeded. */
  readonly successes: number;
  /** How many were attempted (the rest were skipped after a failing batch). */
  readonly attempted: number;
  /** The first failure of the batch that stopped the run. */
  readonly error?: unknown;
}

/**
 * upstream's slowStartBatch: calls fn(0…count-1) in batches of 1, 2, 4… run concurrently, stopping
 * after the first batch with a failure, so a call that fails every time (a quota, a bad template)
 * costs one request instead of count.
 */
export async function slowStartBatch(
  count: number,
  fn: (index: number) => Promise<void>,
  options: { initialBatchSize?: number } = {},
): Promise<SlowStartResult> {
  let successes = 0;
  let next = 0;
  for (let size = Math.min(count, options.initialBatchSize ?? slowStartInitialBatchSize); size > 0; size = Math.min(2 * size, count - next)) {
    const batch = Array.from({ length: size }, (_, i) => next + i);
    next += size;
    const results = await Promise.allSettled(batch.map((i) => fn(i)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    successes += size - failed.length;
    if (failed.length > 0) return { successes, attempted: next, error: failed[0]!.reason };
  }
  return { successes, attempted: next };
}
