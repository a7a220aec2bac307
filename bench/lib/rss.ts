import { median } from "./stats.js";

export interface RssFigures {
  medianMb: number;
  maxMb: number;
  samples: number;
}

export interface RssSampler {
  /** Takes a sample now (timers may be starved while a benchmark loop runs). */
  sample(): void;
  /** Stops sampling and returns what was seen. */
  stop(): RssFigures;
}

/** Samples this process's resident set size every intervalMs until stopped. */
export function sampleRss(options: { intervalMs: number } = { intervalMs: 100 }): RssSampler {
  const samples: number[] = [];
  const sample = () => {
    samples.push(process.memoryUsage.rss() / (1024 * 1024));
  };
  sample();
  const timer = setInterval(sample, options.intervalMs);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return { medianMb: median(samples), maxMb: Math.max(...samples), samples: samples.length };
    },
  };
}
