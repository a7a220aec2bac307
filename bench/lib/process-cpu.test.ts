import assert from "node:assert/strict";
import { test } from "node:test";
import { processCpuSeconds } from "./process-cpu.js";

test("processCpuSeconds follows this process's own CPU time", () => {
  const before = processCpuSeconds(process.pid);
  const usage = process.cpuUsage();
  const until = Date.now() + 300;
  let spin = 0;
  while (Date.now() < until) spin++;
  const used = process.cpuUsage(usage);
  const measured = processCpuSeconds(process.pid) - before;
  assert.ok(spin > 0);
  // /proc counts in 10 ms ticks
  assert.ok(Math.abs(measured - (used.user + used.system) / 1e6) <= 0.05, `measured ${measured} s against process.cpuUsage's ${(used.user + used.system) / 1e6} s`);
});
