import assert from "node:assert/strict";
import { test } from "node:test";
import { ageCell, humanDuration, shortHumanDuration } from "./time.js";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

const human: Array<[string, number, string]> = [
  ["a deviation under two seconds reads as now", -1500, "0s"],
  ["two seconds in the future is invalid", -2 * s, "<invalid>"],
  ["seconds show up to two minutes", 119 * s, "119s"],
  ["two minutes exactly drop the seconds", 2 * m, "2m"],
  ["under ten minutes keeps the seconds", 5 * m + 30 * s, "5m30s"],
  ["from ten minutes only minutes", 10 * m + 59 * s, "10m"],
  ["minutes up to three hours", 179 * m, "179m"],
  ["three hours four minutes", 3 * h + 4 * m, "3h4m"],
  ["whole hours drop the minutes", 5 * h, "5h"],
  ["from eight hours only hours", 8 * h + 30 * m, "8h"],
  ["hours up to two days", 47 * h, "47h"],
  ["two days three hours", 2 * d + 3 * h, "2d3h"],
  ["whole days drop the hours", 7 * d, "7d"],
  ["from eight days only days", 8 * d + 5 * h, "8d"],
  ["days up to two years", 729 * d, "729d"],
  ["three years twenty days", 3 * y + 20 * d, "3y20d"],
  ["five whole years", 5 * y, "5y"],
  ["from eight years only years", 9 * y + 100 * d, "9y"],
];

for (const [name, ms, want] of human) {
  test(`humanDuration: ${name}`, () => assert.equal(humanDuration(ms), want));
}

const short: Array<[string, number, string]> = [
  ["seconds under a minute", 59 * s, "59s"],
  ["minutes under an hour", 59 * m + 59 * s, "59m"],
  ["hours under a day", 23 * h, "23h"],
  ["days under a year", 364 * d, "364d"],
  ["years after that", 2 * y + 10 * d, "2y"],
  ["far future is invalid", -5 * s, "<invalid>"],
];

for (const [name, ms, want] of short) {
  test(`shortHumanDuration: ${name}`, () => assert.equal(shortHumanDuration(ms), want));
}

test("ageCell is <unknown> without a creation timestamp", () => {
  assert.equal(ageCell(undefined, Date.UTC(2024, 0, 1)), "<unknown>");
});

test("ageCell measures from the timestamp to now", () => {
  assert.equal(ageCell("2024-01-01T00:00:00Z", Date.UTC(2024, 0, 1, 0, 10)), "10m");
});
