import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CronScheduleError, parseSchedule, scheduleError, timeZoneError } from "./cron.js";

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("parseSchedule rejects what robfig/cron's ParseStandard rejects, with its message", () => {
  const cases: Array<{ name: string; text: string; message: string }> = [
    { name: "an empty schedule", text: "", message: "empty spec string" },
    { name: "four fields (cron-parser would accept them)", text: "* * * *", message: "expected exactly 5 fields, found 4: [* * * *]" },
    { name: "six fields with seconds", text: "0 * * * * *", message: "expected exactly 5 fields, found 6: [0 * * * * *]" },
    { name: "only blanks", text: "   ", message: "expected exactly 5 fields, found 0: []" },
    { name: "minute 60", text: "60 * * * *", message: "end of range (60) above maximum (59): 60" },
    { name: "hour 24", text: "* 24 * * *", message: "end of range (24) above maximum (23): 24" },
    { name: "day of month 0", text: "* * 0 * *", message: "beginning of range (0) below minimum (1): 0" },
    { name: "month 13", text: "* * * 13 *", message: "end of range (13) above maximum (12): 13" },
    { name: "weekday 7 (cron-parser reads it as Sunday)", text: "* * * * 7", message: "end of range (7) above maximum (6): 7" },
    { name: "a reversed range", text: "5-1 * * * *", message: "beginning of range (5) beyond end of range (1): 5-1" },
    { name: "a zero step", text: "*/0 * * * *", message: "step of range should be a positive number: */0" },
    { name: "two hyphens", text: "1-2-3 * * * *", message: "too many hyphens: 1-2-3" },
    { name: "two slashes", text: "*/2/3 * * * *", message: "too many slashes: */2/3" },
    {
      name: "a word that is no number",
      text: "a * * * *",
      message: 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax',
    },
    {
      name: "a misspelt weekday in a range",
      text: "* * * * mon-fry",
      message: 'failed to parse int from fry: strconv.Atoi: parsing "fry": invalid syntax',
    },
    {
      name: "a leading minus, read as an empty range start",
      text: "-1 * * * *",
      message: 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax',
    },
    { name: "a descriptor in other case", text: "@Daily", message: "unrecognized descriptor: @Daily" },
    {
      name: "@every with a day unit",
      text: "@every 1d",
      message: 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"',
    },
    {
      name: "an unknown TZ= location",
      text: "TZ=Mars/Base 0 * * * *",
      message: "provided bad location Mars/Base: unknown time zone Mars/Base",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.throws(() => parseSchedule(c.text, { timeZone: "UTC" }), (err: unknown) => {
        assert.ok(err instanceof CronScheduleError);
        assert.equal(err.message, c.message);
        return true;
      });
      assert.equal(scheduleError(c.text, { timeZone: "UTC" }), c.message);
    });
  }
});

describe("parseSchedule accepts what ParseStandard accepts", () => {
  const valid = [
    "*/15 9-17 * * mon-fri",
    "0 0 1 JAN *",
    "  0   9 * * *  ",
    "0 0 ? * *",
    "1,,2 * * * *",
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
    "@every 90s",
    "0 0 30 2 *",
    "TZ=UTC 0 * * * *",
  ];
  for (const text of valid) {
    test(JSON.stringify(text), () => assert.equal(scheduleError(text, { timeZone: "UTC" }), undefined));
  }
});

describe("next() follows robfig's SpecSchedule.Next", () => {
  const cases: Array<{ name: string; text: string; timeZone: string; after: string; expect: Array<string | undefined> }> = [
    {
      name: "a step of 15 minutes goes to the next quarter hour",
      text: "*/15 * * * *",
      timeZone: "UTC",
      after: "2024-01-01T00:07:30Z",
      expect: ["2024-01-01T00:15:00.000Z", "2024-01-01T00:30:00.000Z"],
    },
    {
      name: "an activation exactly at the given time is not returned again",
      text: "*/15 * * * *",
      timeZone: "UTC",
      after: "2024-01-01T00:15:00Z",
      expect: ["2024-01-01T00:30:00.000Z"],
    },
    {
      name: "day of month with a step and a weekday match either (OR), as cron-parser also does",
      text: "0 0 */2 * 1",
      timeZone: "UTC",
      after: "2024-01-01T00:00:00Z",
      expect: ["2024-01-03T00:00:00.000Z", "2024-01-05T00:00:00.000Z", "2024-01-07T00:00:00.000Z", "2024-01-08T00:00:00.000Z", "2024-01-09T00:00:00.000Z"],
    },
    {
      name: "a star day of month makes the weekday alone decide (AND)",
      text: "0 0 * * 1",
      timeZone: "UTC",
      after: "2024-01-01T00:00:00Z",
      expect: ["2024-01-08T00:00:00.000Z", "2024-01-15T00:00:00.000Z"],
    },
    {
      name: "Friday or the 13th",
      text: "0 0 13 * fri",
      timeZone: "UTC",
      after: "2024-01-06T00:00:00Z",
      expect: ["2024-01-12T00:00:00.000Z", "2024-01-13T00:00:00.000Z", "2024-01-19T00:00:00.000Z"],
    },
    {
      name: "February 30th never comes: no activation within five years",
      text: "0 0 30 2 *",
      timeZone: "UTC",
      after: "2024-01-01T00:00:00Z",
      expect: [undefined],
    },
    {
      name: "the 29th of February four years on is within the five-year limit",
      text: "0 0 29 2 *",
      timeZone: "UTC",
      after: "2024-03-01T00:00:00Z",
      expect: ["2028-02-29T00:00:00.000Z"],
    },
    { name: "@weekly is Sunday midnight", text: "@weekly", timeZone: "UTC", after: "2024-01-03T10:00:00Z", expect: ["2024-01-07T00:00:00.000Z"] },
    { name: "@yearly is January 1st", text: "@yearly", timeZone: "UTC", after: "2024-01-01T00:00:00Z", expect: ["2025-01-01T00:00:00.000Z"] },
    {
      name: "@every counts from the whole second it is asked at",
      text: "@every 90s",
      timeZone: "UTC",
      after: "2024-01-01T10:00:00.500Z",
      expect: ["2024-01-01T10:01:30.000Z", "2024-01-01T10:03:00.000Z"],
    },
    {
      name: "a time zone shifts the wall clock",
      text: "0 9 * * *",
      timeZone: "Asia/Tokyo",
      after: "2024-01-01T00:00:00Z",
      expect: ["2024-01-02T00:00:00.000Z"],
    },
    {
      name: "a TZ= prefix wins over the zone option",
      text: "TZ=America/New_York 0 9 * * *",
      timeZone: "UTC",
      after: "2024-01-01T00:00:00Z",
      expect: ["2024-01-01T14:00:00.000Z"],
    },
    {
      name: "spring forward: 02:30 does not exist in New York on March 10th, robfig skips that day (cron-parser runs at 03:30)",
      text: "30 2 * * *",
      timeZone: "America/New_York",
      after: "2024-03-09T12:00:00Z",
      expect: ["2024-03-11T06:30:00.000Z"],
    },
    {
      name: "spring forward: hourly jumps from 01:00 EST to 03:00 EDT",
      text: "0 * * * *",
      timeZone: "America/New_York",
      after: "2024-03-10T06:30:00Z",
      expect: ["2024-03-10T07:00:00.000Z", "2024-03-10T08:00:00.000Z"],
    },
    {
      name: "fall back: 01:30 happens twice in New York on November 3rd and robfig runs both (cron-parser runs once)",
      text: "30 1 * * *",
      timeZone: "America/New_York",
      after: "2024-11-02T12:00:00Z",
      expect: ["2024-11-03T05:30:00.000Z", "2024-11-03T06:30:00.000Z", "2024-11-04T06:30:00.000Z"],
    },
    {
      name: "fall back: hourly runs at 01:00 EDT, 01:00 EST, 02:00 EST",
      text: "0 * * * *",
      timeZone: "America/New_York",
      after: "2024-11-03T04:30:00Z",
      expect: ["2024-11-03T05:00:00.000Z", "2024-11-03T06:00:00.000Z", "2024-11-03T07:00:00.000Z"],
    },
    {
      name: "a missing midnight (São Paulo, 2018-11-04) skips that day's midnight run",
      text: "0 0 * * *",
      timeZone: "America/Sao_Paulo",
      after: "2018-11-03T15:00:00Z",
      expect: ["2018-11-05T02:00:00.000Z"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const schedule = parseSchedule(c.text, { timeZone: c.timeZone });
      const got: Array<string | undefined> = [];
      let t: number | undefined = at(c.after);
      for (let i = 0; i < c.expect.length; i++) {
        t = t === undefined ? undefined : schedule.next(t);
        got.push(iso(t));
      }
      assert.deepEqual(got, c.expect);
    });
  }
});

describe("prev() is the latest activation strictly before a time", () => {
  const cases: Array<{ name: string; text: string; timeZone: string; before: string; expect: string | undefined }> = [
    { name: "an activation at the time itself is excluded", text: "*/15 * * * *", timeZone: "UTC", before: "2024-01-01T00:15:00Z", expect: "2024-01-01T00:00:00.000Z" },
    { name: "a millisecond later it is included", text: "*/15 * * * *", timeZone: "UTC", before: "2024-01-01T00:15:00.001Z", expect: "2024-01-01T00:15:00.000Z" },
    { name: "a yearly schedule looks back months", text: "0 0 1 1 *", timeZone: "UTC", before: "2024-06-01T00:00:00Z", expect: "2024-01-01T00:00:00.000Z" },
    { name: "the second 01:30 of a fall-back day follows the first", text: "30 1 * * *", timeZone: "America/New_York", before: "2024-11-03T06:30:00Z", expect: "2024-11-03T05:30:00.000Z" },
    { name: "a schedule that never fires has none", text: "0 0 30 2 *", timeZone: "UTC", before: "2024-06-01T00:00:00Z", expect: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(iso(parseSchedule(c.text, { timeZone: c.timeZone }).prev(at(c.before))), c.expect);
    });
  }
});

describe("timeZoneError is Go's time.LoadLocation error", () => {
  const cases: Array<{ name: string; zone: string; expect: string | undefined }> = [
    { name: "a canonical zone loads", zone: "America/New_York", expect: undefined },
    { name: "a backward-compatible alias loads", zone: "US/Eastern", expect: undefined },
    { name: "UTC loads", zone: "UTC", expect: undefined },
    { name: "an unknown zone", zone: "Mars/Base", expect: "unknown time zone Mars/Base" },
    { name: "a zone in the wrong letter case (Go reads files by exact name)", zone: "america/new_york", expect: "unknown time zone america/new_york" },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(timeZoneError(c.zone), c.expect));
  }
});

test("a schedule reports the zone it runs in", () => {
  assert.equal(parseSchedule("0 * * * *", { timeZone: "Europe/Paris" }).timeZone, "Europe/Paris");
  assert.equal(parseSchedule("CRON_TZ=Asia/Tokyo 0 * * * *", { timeZone: "UTC" }).timeZone, "Asia/Tokyo");
});
