import { join } from "node:path";
import { openDatabase } from "../../src/store/sqlite/schema.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { sampleRss } from "../lib/rss.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, percentile, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { opsPerSecond } from "../lib/timer.js";
import { podLikeValue } from "../lib/values.js";

const WINDOWS = 5;
const IN_FLIGHT = 256;
const BATCH = 1000;

/** Cut of the scenario's time each phase gets. */
const share = { singles: 0.5, inFlight: 0.15, batched: 0.15, reads: 0.2 };

export const storeRaw: Scenario = {
  name: "store-raw",
  description:
    "SqliteStore creates (one at a time, 256 in flight), point reads; bare SQLite one-row transactions and " +
    "1000-row batches with the same settings. ratio = store creates/s ÷ bare one-row transactions/s",
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

async function measure(dir: string, { durationMs, progress }: ScenarioContext) {
  const store = await openSqliteStore(join(dir, "store.db"));
  const bare = openDatabase(join(dir, "bare.db"));
  const rss = sampleRss();
  try {
    // The floor of a durable write: one row appended per transaction, no index to maintain.
    bare.exec("CREATE TABLE bench (id INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL)");
    const insert = bare.prepare<[string, string]>("INSERT INTO bench (key, value) VALUES (?, ?)");
    const insertBatch = bare.transaction((from: number) => {
      for (let i = from; i < from + BATCH; i++) insert.run(`/batch/${i}`, podLikeValue(i));
    });
    const window = (part: number, windows = WINDOWS) => (durationMs * part) / windows;
    let created = 0;
    let bareRows = 0;
    const createLatencies: number[] = [];
    const singles = { store: [] as number[], bare: [] as number[] };
    // Baseline and store take turns, so both see the same machine noise.
    for (let w = 0; w < WINDOWS; w++) {
      const durationMs = window(share.singles / 2);
      const bareInsert = () => insert.run(`/single/${bareRows}`, podLikeValue(bareRows++));
      singles.bare.push(await opsPerSecond(bareInsert, { durationMs }));
      const storeCreate = () => store.create(podKey(created), podLikeValue(created++));
      singles.store.push(await opsPerSecond(storeCreate, { durationMs, latencies: createLatencies }));
      rss.sample();
      progress({
        phase: "singles",
        window: w,
        storeCreatesPerSec: round(singles.store[w]!),
        sqliteSingleRowTxPerSec: round(singles.bare[w]!),
      });
    }
    const inFlight: number[] = [];
    for (let w = 0; w < 3; w++) {
      const batchesPerSec = await opsPerSecond(
        () => Promise.all(Array.from({ length: IN_FLIGHT }, () => store.create(podKey(created), podLikeValue(created++)))),
        { durationMs: window(share.inFlight, 3) },
      );
      inFlight.push(batchesPerSec * IN_FLIGHT);
      rss.sample();
    }
    progress({ phase: "in-flight", storeCreatesPerSec: inFlight.map((r) => round(r)) });
    const batched: number[] = [];
    for (let w = 0; w < 3; w++) {
      batched.push((await opsPerSecond(() => insertBatch((bareRows += BATCH)), { durationMs: window(share.batched, 3) })) * BATCH);
    }
    progress({ phase: "batched", sqliteRowsPerSec: batched.map((r) => round(r)) });
    const reads: number[] = [];
    const readLatencies: number[] = [];
    let seed = 1;
    for (let w = 0; w < 3; w++) {
      // A Lehmer generator: reads land all over the keyspace, the same way every run.
      const randomGet = () => store.get(podKey((seed = (seed * 48271) % 2147483647) % created));
      reads.push(await opsPerSecond(randomGet, { durationMs: window(share.reads, 3), latencies: readLatencies }));
      rss.sample();
    }
    progress({ phase: "reads", storeGetsPerSec: reads.map((r) => round(r)) });
    const storeRate = median(singles.store);
    const bareRate = median(singles.bare);
    return {
      ratio: round(storeRate / bareRate),
      storeCreatesPerSec: round(storeRate),
      sqliteSingleRowTxPerSec: round(bareRate),
      storeCreateLatencyMs: { p50: round(median(createLatencies)), p99: round(percentile(createLatencies, 99)) },
      storeCreatesInFlightPerSec: round(median(inFlight)),
      sqliteBatchedRowsPerSec: round(median(batched)),
      storeGetsPerSec: round(median(reads)),
      storeGetLatencyMs: { p50: round(median(readLatencies)), p99: round(percentile(readLatencies, 99)) },
      rssMb: (({ medianMb, maxMb }) => ({ median: round(medianMb), max: round(maxMb) }))(rss.stop()),
      keys: created,
    };
  } finally {
    rss.stop();
    bare.close();
    await store.close();
  }
}

function podKey(i: number): string {
  return `/registry/core/pods/default/web-${i}`;
}
