import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatSimDate, subMillisecondNanos } from "./sim-date.js";

const T = Date.parse("2024-03-05T07:08:09.012Z");

describe("formatSimDate", () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, "Tue Mar  5 07:08:09 UTC 2024"],
    ["%Y-%m-%d %H:%M:%S", "2024-03-05 07:08:09"],
    ["%F %T %Z %z", "2024-03-05 07:08:09 UTC +0000"],
    ["%s", String(Math.floor(T / 1000))],
    ["%N", "012345678"],
    ["100%% %q", "100% %q"],
  ];
  for (const [format, expected] of cases) {
    test(`${format ?? "the default format"} prints ${expected}`, () => assert.equal(formatSimDate(T, 345_678, { format }), expected));
  }
});

describe("subMillisecondNanos", () => {
  test("is the same for the same seed, time and sequence, and below a millisecond", () => {
    assert.equal(subMillisecondNanos(7, T, 3), subMillisecondNanos(7, T, 3));
    for (let i = 0; i < 100; i++) {
      const ns = subMillisecondNanos(i, T, i);
      assert.ok(Number.isInteger(ns) && ns >= 0 && ns < 1_000_000);
    }
  });
  test("spreads the last digit over all ten values", () => {
    const digits = new Set(Array.from({ length: 200 }, (_, i) => subMillisecondNanos(0, T + i * 1000, 0) % 10));
    assert.equal(digits.size, 10);
  });
});
