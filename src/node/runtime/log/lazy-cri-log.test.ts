import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { VirtualClock } from "../../../util/virtual-clock.js";
import { LazyCriLog } from "./lazy-cri-log.js";

describe("LazyCriLog", () => {
  const dir = mkdtempSync(join(tmpdir(), "tinykube-lazy-log-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new VirtualClock(Date.parse("2026-11-28T10:00:00Z"));

  test("without output there is no file, nor a directory for it", async () => {
    const log = new LazyCriLog(join(dir, "quiet", "app", "0.log"), { clock });
    await log.close();
    assert.equal(existsSync(join(dir, "quiet")), false);
  });

  test("the first output creates the directory and the file; output written meanwhile keeps its order", async () => {
    const path = join(dir, "busy", "app", "0.log");
    const log = new LazyCriLog(path, { clock });
    log.write("stdout", Buffer.from("one\n"));
    log.write("stderr", Buffer.from("two\n"));
    log.write("stdout", Buffer.from("thr"));
    log.write("stdout", Buffer.from("ee\n"));
    await log.close();
    assert.deepEqual(readFileSync(path, "utf8").split("\n").filter(Boolean), [
      "2026-11-28T10:00:00Z stdout F one",
      "2026-11-28T10:00:00Z stderr F two",
      "2026-11-28T10:00:00Z stdout F three",
    ]);
  });

  test("output is appended to a log that exists", async () => {
    const path = join(dir, "again.log");
    writeFileSync(path, "2026-11-28T09:00:00.000000000Z stdout F before\n");
    const log = new LazyCriLog(path, { clock });
    log.write("stdout", Buffer.from("after\n"));
    await log.close();
    assert.equal(readFileSync(path, "utf8").split("\n").filter(Boolean).length, 2);
  });

  test("a log that cannot be created: close says why", async () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "");
    const log = new LazyCriLog(join(blocker, "app", "0.log"), { clock });
    log.write("stdout", Buffer.from("lost\n"));
    await assert.rejects(log.close(), /ENOTDIR|EEXIST/);
  });
});
