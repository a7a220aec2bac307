import { join } from "node:path";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { summarize } from "./stats.js";
import type { Summary } from "./stats.js";
import { withTempDir } from "./temp-dir.js";
import { sampleRates } from "./timer.js";
import { podLikeValue } from "./values.js";

export interface RawStoreWriteOptions {
  durationMs: number;
  /** Windows the duration is cut into; the rate reported is their median. Default 5. */
  windows?: number;
}

export interface RawStoreWrites {
  /** Creates per second, one awaited after another, over the windows. */
  perSecond: Summary;
  /** Latency of one create, in milliseconds. */
  latencyMs: Summary;
}

/**
 * The baseline other scenarios divide by: single creates of Pod-sized values into a fresh
 * SqliteStore in a temporary directory, with the production settings, awaited one by one.
 */
export async function measureRawStoreWrites(options: RawStoreWriteOptions): Promise<RawStoreWrites> {
  return withTempDir(async (dir) => {
    const store = await openSqliteStore(join(dir, "store.db"));
    try {
      const windows = options.windows ?? 5;
      const latencies: number[] = [];
      const rates = await sampleRates((i) => store.create(`/registry/core/pods/default/web-${i}`, podLikeValue(i)), {
        windows,
        windowMs: options.durationMs / windows,
        latencies,
      });
      return { perSecond: summarize(rates), latencyMs: summarize(latencies) };
    } finally {
      await store.close();
    }
  });
}
