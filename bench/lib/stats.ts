/** The value below which p percent of the samples fall (nearest rank); NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The middle sample (the mean of the two middle ones for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Summary {
  median: number;
  p99: number;
  min: number;
  max: number;
  count: number;
}

/** The figures a result reports for a set of samples: never one sample on its own. */
export function summarize(samples: readonly number[]): Summary {
  return {
    median: median(samples),
    p99: percentile(samples, 99),
    // Not Math.min(...samples): a long run's latencies (over ~120,000) overflow the call stack as arguments.
    min: samples.length ? samples.reduce((a, b) => Math.min(a, b)) : Number.NaN,
    max: samples.length ? samples.reduce((a, b) => Math.max(a, b)) : Number.NaN,
    count: samples.length,
  };
}

/** Rounds to a few significant digits so results read easily. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const scale = 10 ** (digits - Math.ceil(Math.log10(Math.abs(value))));
  return Math.round(value * scale) / scale;
}
