import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "./store.js";

export class DataDirLockedError extends StoreError {
  constructor(
    readonly dir: string,
    readonly pid: number | undefined,
  ) {
    super(`tinykube is already running with data directory ${dir} (pid ${pid ?? "unknown"})`);
  }
}

/** Held while this process owns the data directory. */
export interface DataDirLock {
  readonly dir: string;
  /** Gives the directory up; safe to call more than once. */
  release(): void;
}

const LOCK_FILE = "tinykube.lock";
const PID_FILE = "tinykube.pid";

/**
 * Makes this process the only tinykube using dir, or throws DataDirLockedError naming the
 * process that is. The lock is SQLite's exclusive lock on dir/tinykube.lock, an fcntl lock
 * the kernel drops when its process dies however it dies: a kill -9 leaves no stale lock to
 * detect, and no two processes can both win a race for it. dir/tinykube.pid only tells the
 * loser whom it lost to.
 */
export function acquireDataDirLock(dir: string): DataDirLock {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const db = new Database(join(absolute, LOCK_FILE), { timeout: 0 });
  try {
    db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    db.close();
    if (error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY")) {
      throw new DataDirLockedError(absolute, readPid(absolute));
    }
    throw error;
  }
  const pidFile = join(absolute, PID_FILE);
  writeFileSync(pidFile, `${process.pid}\n`);
  let held = true;
  return {
    dir: absolute,
    release: () => {
      if (!held) return;
      held = false;
      if (readPid(absolute) === process.pid) rmSync(pidFile, { force: true });
      db.exec("ROLLBACK");
      db.close();
    },
  };
}

function readPid(dir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dir, PID_FILE), "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
