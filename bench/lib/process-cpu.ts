import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc reports CPU times in these ticks (100 on every architecture Linux runs on here). */
const ticksPerSecond = 100;

/**
 * CPU seconds (user + system, all threads) a running process has used, from /proc/PID/stat.
 * On a shared, noisy machine a run's CPU time per unit of work moves far less than its wall time.
 */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // the command name, field 2, is in parentheses and may hold spaces: count fields after it
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / ticksPerSecond;
}
