import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import { readContainerLog } from "./log-reader.js";

const dir = mkdtempSync(join(tmpdir(), "tinykube-logs-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, "0.log");
writeFileSync(
  path,
  [
    "2026-01-01T00:00:01Z stdout F one",
    "2026-01-01T00:00:02.5Z stderr F two",
    "2026-01-01T00:00:03Z stdout P thr",
    "2026-01-01T00:00:03Z stdout F ee",
    "2026-01-01T00:00:04Z stdout F four",
    "",
  ].join("\n"),
);

const cases: Array<{ name: string; options: Parameters<typeof readContainerLog>[1]; expect: string }> = [
  { name: "the whole log joins partial records and keeps both streams", options: {}, expect: "one\ntwo\nthree\nfour\n" },
  { name: "tailLines keeps the last records", options: { tailLines: 2 }, expect: "ee\nfour\n" },
  { name: "sinceTime drops older records", options: { sinceTime: Date.parse("2026-01-01T00:00:02Z") }, expect: "two\nthree\nfour\n" },
  { name: "timestamps prefix each record with its time", options: { tailLines: 1, timestamps: true }, expect: "2026-01-01T00:00:04Z four\n" },
  { name: "limitBytes cuts the output at that many bytes", options: { limitBytes: 6 }, expect: "one\ntw" },
  { name: "tailLines 0 prints nothing", options: { tailLines: 0 }, expect: "" },
];

for (const c of cases) test(c.name, async () => assert.equal(await text(readContainerLog(path, c.options)), c.expect));

test("follow keeps reading what is appended until the container exits", async () => {
  let exit!: () => void;
  const exited = new Promise<void>((resolve) => (exit = resolve));
  const stream = readContainerLog(path, { tailLines: 1, followUntil: exited });
  const got = text(stream);
  appendFileSync(path, "2026-01-01T00:00:05Z stdout F five\n");
  exit();
  assert.equal(await got, "four\nfive\n");
});
