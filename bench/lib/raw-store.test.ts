import assert from "node:assert/strict";
import { test } from "node:test";
import { measureRawStoreWrites } from "./raw-store.js";

test("the raw store baseline reports a median rate over its windows and create latencies", async () => {
  const result = await measureRawStoreWrites({ durationMs: 300, windows: 3 });
  assert.equal(result.perSecond.count, 3);
  assert.ok(result.perSecond.median > 0);
  assert.ok(result.perSecond.min <= result.perSecond.median && result.perSecond.median <= result.perSecond.max);
  assert.ok(result.latencyMs.count > 3, "one latency per create");
  assert.ok(result.latencyMs.p99 >= result.latencyMs.median);
});
