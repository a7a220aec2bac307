import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { VirtualClock } from "../../../util/virtual-clock.js";
import { formatCriTimestamp, parseCriLogLine } from "./cri-log.js";
import { CriLogWriter, logFilesOldestFirst } from "./cri-log-writer.js";
import type { LogStream } from "./cri-log.js";

const dir = mkdtempSync(join(tmpdir(), "tinykube-crilog-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const T0 = Date.parse("2024-05-01T10:00:00.120Z");

function records(path: string): string[] {
  return readFileSync(path, "utf8").split("\n").filter(Boolean).map((line) => {
    const parsed = parseCriLogLine(line);
    assert.ok(parsed, `not a CRI line: ${line}`);
    return `${parsed.stream} ${parsed.tag} ${parsed.content}`;
  });
}

describe("formatCriTimestamp", () => {
  const cases: Array<[string, number, string]> = [
    ["a fraction keeps its significant digits", T0, "2024-05-01T10:00:00.12Z"],
    ["a whole second has no fraction, as Go's RFC3339Nano", Date.parse("2024-05-01T10:00:00Z"), "2024-05-01T10:00:00Z"],
    ["milliseconds print all three digits when the last is not zero", Date.parse("2024-05-01T10:00:00.007Z"), "2024-05-01T10:00:00.007Z"],
  ];
  for (const [name, ms, expected] of cases) {
    test(name, () => assert.equal(formatCriTimestamp(ms), expected));
  }
});

describe("parseCriLogLine", () => {
  test("reads upstream's example lines, nanoseconds included", () => {
    assert.deepEqual(parseCriLogLine("2016-10-06T00:17:09.669794202Z stdout P log content 1\n"), {
      time: Date.parse("2016-10-06T00:17:09.669Z"), stream: "stdout", tag: "P", content: "log content 1",
    });
    assert.equal(parseCriLogLine("2016-10-06T00:17:09.669794203Z stderr F  two spaces")?.content, " two spaces");
  });
  test("rejects lines that are not CRI records", () => {
    for (const line of ["hello", "2016-10-06T00:17:09Z stdin F x", "notatime stdout F x"]) {
      assert.equal(parseCriLogLine(line), undefined, line);
    }
  });
});

describe("CriLogWriter", () => {
  const cases: Array<{ name: string; writes: Array<[LogStream, string]>; maxLineBytes?: number; expect: string[] }> = [
    { name: "each complete line becomes one F record", writes: [["stdout", "a\nb\n"]], expect: ["stdout F a", "stdout F b"] },
    { name: "a line split across writes waits for its newline", writes: [["stdout", "hel"], ["stdout", "lo\n"]], expect: ["stdout F hello"] },
    {
      name: "streams keep their own unfinished lines",
      writes: [["stdout", "out-"], ["stderr", "err\n"], ["stdout", "line\n"]],
      expect: ["stderr F err", "stdout F out-line"],
    },
    { name: "an empty line is an empty record", writes: [["stderr", "\n"]], expect: ["stderr F "] },
    { name: "a line longer than the limit is cut into P records", writes: [["stdout", "abcdefghij\n"]], maxLineBytes: 4, expect: ["stdout P abcd", "stdout P efgh", "stdout F ij"] },
    { name: "an unfinished overlong line is written as P records before its end arrives", writes: [["stdout", "abcdefghij"]], maxLineBytes: 4, expect: ["stdout P abcd", "stdout P efgh", "stdout F ij"] },
    { name: "unfinished output is written as a full line at the end", writes: [["stdout", "no newline"]], expect: ["stdout F no newline"] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const path = join(dir, `case-${files++}.log`);
      const writer = new CriLogWriter(path, { clock: new VirtualClock(T0), maxLineBytes: c.maxLineBytes });
      for (const [stream, text] of c.writes) writer.write(stream, Buffer.from(text));
      writer.close();
      assert.deepEqual(records(path), c.expect);
    });
  }

  test("records carry the clock's time", async () => {
    const clock = new VirtualClock(T0);
    const path = join(dir, `clock-${files++}.log`);
    const writer = new CriLogWriter(path, { clock });
    writer.write("stdout", Buffer.from("one\n"));
    await clock.advance(1500);
    writer.write("stdout", Buffer.from("two\n"));
    writer.close();
    const times = readFileSync(path, "utf8").split("\n").filter(Boolean).map((l) => parseCriLogLine(l)?.time);
    assert.deepEqual(times, [T0, T0 + 1500]);
  });

  for (const holdOpen of [true, false]) {
    test(`a flood of output stays within maxFiles × maxBytes and keeps the newest lines (holdOpen ${holdOpen})`, () => {
      const logDir = mkdtempSync(join(dir, "flood-"));
      const path = join(logDir, "0.log");
      const writer = new CriLogWriter(path, { clock: new VirtualClock(T0), maxBytes: 4096, maxFiles: 3, holdOpen });
      const line = "x".repeat(100);
      for (let i = 0; i < 5000; i++) writer.write("stdout", Buffer.from(`${i} ${line}\n`));
      writer.close();
      const names = readdirSync(logDir).sort();
      assert.deepEqual(names, ["0.log", "0.log.1", "0.log.2"]);
      const total = names.reduce((n, name) => n + statSync(join(logDir, name)).size, 0);
      assert.ok(total <= 3 * 4096, `total ${total} bytes`);
      const all = logFilesOldestFirst(path, 3).flatMap(records);
      assert.equal(all.at(-1), `stdout F 4999 ${line}`);
      const numbers = all.map((r) => Number(r.split(" ")[2]));
      assert.deepEqual(numbers, numbers.map((_, i) => numbers[0]! + i), "oldest first, no gaps");
    });
  }

  test("opened per write, the file appears with the first output only", () => {
    const path = join(dir, `lazy-${files++}.log`);
    const writer = new CriLogWriter(path, { clock: new VirtualClock(T0), holdOpen: false });
    assert.equal(existsSync(path), false);
    writer.write("stdout", Buffer.from("partial"));
    assert.equal(existsSync(path), false, "an unfinished line is not written yet");
    writer.write("stdout", Buffer.from(" line\n"));
    assert.deepEqual(records(path), ["stdout F partial line"]);
  });

  test("reopening appends to an existing log", () => {
    const path = join(dir, `append-${files++}.log`);
    for (const text of ["first\n", "second\n"]) {
      const writer = new CriLogWriter(path, { clock: new VirtualClock(T0) });
      writer.write("stdout", Buffer.from(text));
      writer.close();
    }
    assert.deepEqual(records(path), ["stdout F first", "stdout F second"]);
  });
});
