import assert from "node:assert/strict";
import { test } from "node:test";
import { measureSpawnRate } from "./spawn-rate.js";

test("the spawn baseline reports one rate per window, each from processes that really ran", async () => {
  const rates = await measureSpawnRate({ durationMs: 300, windows: 3, inFlight: 2 });
  assert.equal(rates.length, 3);
  for (const rate of rates) assert.ok(rate > 1 && rate < 100_000, `rate ${rate}/s`);
});
