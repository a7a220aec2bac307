// Where a virtual clock resumes after a restart: never before the time it had reached, or the
// objects it stamped would lie in the future and schedules already met would wait to be met again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomically } from "./kubeconfig.js";

const fileName = "virtual-clock";

/** The file in a data directory that remembers how far its virtual clock was moved. */
export function virtualClockFile(dataDir: string): string {
  return join(dataDir, fileName);
}

/** The later of the wall clock and the time the data directory's virtual clock last reached. */
export function virtualClockStart(dataDir: string, wallMs: number): number {
  let saved: number;
  try {
    saved = Date.parse(readFileSync(virtualClockFile(dataDir), "utf8").trim());
  } catch {
    return wallMs;
  }
  return Number.isNaN(saved) ? wallMs : Math.max(wallMs, saved);
}

/** Remembers the time a virtual clock has reached. */
export function saveVirtualClock(dataDir: string, ms: number): void {
  writeAtomically(virtualClockFile(dataDir), `${new Date(ms).toISOString()}\n`);
}
