import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock.js";

const root = mkdtempSync(join(tmpdir(), "tinykube-lock-"));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `data-${dirs++}`);

/** Starts the fixture holding dir's lock and resolves once it holds it. */
async function holdInChild(dir: string): Promise<ChildProcess> {
  const fixture = join(import.meta.dirname, "testing", "hold-data-dir-lock.ts");
  const child = spawn(process.execPath, ["--import", "tsx", fixture, dir], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    if (output.includes("locked")) return child;
  }
  throw new Error(`fixture exited without taking the lock (exit code ${child.exitCode})`);
}

function assertLockedBy(dir: string, pid: number | undefined): void {
  assert.throws(
    () => acquireDataDirLock(dir),
    (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.equal(error.pid, pid);
      assert.match(error.message, new RegExp(`^tinykube is already running with data directory ${dir} \\(pid ${pid}\\)$`));
      return true;
    },
  );
}

describe("data directory lock", () => {
  test("a second holder in the same process is refused, naming this process", () => {
    const dir = freshDir();
    const lock = acquireDataDirLock(dir);
    assertLockedBy(dir, process.pid);
    lock.release();
  });

  test("after release the directory can be taken again", () => {
    const dir = freshDir();
    acquireDataDirLock(dir).release();
    const again = acquireDataDirLock(dir);
    again.release();
    again.release();
  });

  test("another process holding the directory is named; once it is killed -9 the directory is free", async () => {
    const dir = freshDir();
    const child = await holdInChild(dir);
    try {
      assertLockedBy(dir, child.pid);
    } finally {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
    // The stale pid file is still there; the kernel released the lock with the process.
    const lock = acquireDataDirLock(dir);
    lock.release();
  });
});
