#!/usr/bin/env node
// `npm test`: builds (end-to-end tests start bin/tinykube, which runs dist/), type-checks the
// tests, then runs every *.test.ts under src/, test/ and bench/ with node's test runner.
// `npm test -- PATH…` runs only the test files under those paths, without the tests' type-check.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "./build.mjs";

const root = new URL("..", import.meta.url).pathname;
const filters = process.argv.slice(2).map((p) => relative(root, join(process.cwd(), p)));

function testFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (entry.endsWith(".test.ts")) out.push(relative(root, full));
  }
  return out;
}

const files = ["src", "test", "bench"]
  .flatMap((d) => testFiles(join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)))
  .sort();

const built = build();
if (built !== 0) process.exit(built);

// The build checks src/ without its tests; the whole suite also type-checks the tests, their
// helpers and the benchmarks (tsx runs them without checking). A run of chosen files skips it.
if (filters.length === 0) {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const checked = spawnSync(process.execPath, [tsc, "-p", "tsconfig.test.json"], { cwd: root, stdio: "inherit" });
  if (checked.status !== 0) process.exit(checked.status ?? 1);
}

// Three files at a time: the end-to-end files mostly wait (on a virtual day of CronJobs, on leader
// failover, on kubectl), so on two cores three at once take about half the wall time of one.
const concurrency = 3;

const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, TINYKUBE_TEST: "1" } },
);
process.exit(result.status ?? 1);
