import assert from "node:assert/strict";
import { test } from "node:test";
import { rfc3339, rfc3339Micro } from "./clock.js";

test("rfc3339 writes whole seconds, the same for every millisecond of one second and new for the next", () => {
  const cases: Array<[number, string]> = [
    [Date.UTC(2026, 10, 29, 5, 0, 0, 0), "2026-11-29T05:00:00Z"],
    [Date.UTC(2026, 10, 29, 5, 0, 0, 999), "2026-11-29T05:00:00Z"],
    [Date.UTC(2026, 10, 29, 5, 0, 1, 0), "2026-11-29T05:00:01Z"],
    [Date.UTC(2026, 10, 29, 5, 0, 0, 500), "2026-11-29T05:00:00Z"],
    [0, "1970-01-01T00:00:00Z"],
    [-1, "1969-12-31T23:59:59Z"],
  ];
  for (const [ms, text] of cases) assert.equal(rfc3339(ms), text, `at ${ms}`);
});

test("rfc3339Micro keeps the milliseconds as microseconds", () => {
  assert.equal(rfc3339Micro(Date.UTC(2026, 10, 29, 5, 0, 0, 123)), "2026-11-29T05:00:00.123000Z");
});
