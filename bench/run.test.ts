import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { scenarios } from "./scenarios/index.js";

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "run.ts"), ...args], { encoding: "utf8" });

test("--list names every scenario with its description", () => {
  const listed = run("--list");
  assert.equal(listed.status, 0);
  const lines = listed.stdout.trimEnd().split("\n");
  assert.equal(lines.length, scenarios.length);
  const descriptionColumn = lines[0]!.search(/ {2}\S/) + 2;
  lines.forEach((line, i) => {
    const { name, description } = scenarios[i]!;
    assert.equal(line.slice(0, descriptionColumn).trimEnd(), name, "names stand in one column");
    assert.equal(line.slice(descriptionColumn), description, "descriptions start in one column");
  });
});

test("a scenario prints JSON lines, the last with its figures and ratio, and saves them to bench/results", () => {
  const result = run("store-raw", "--duration-ms", "600");
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  const last = lines.at(-1)!;
  assert.equal(last.scenario, "store-raw");
  assert.equal(typeof last.ratio, "number");
  assert.ok((last.storeCreatesPerSec as number) > 0);
  assert.ok(lines.length > 1, "progress lines come before the figures");
  const results = join(import.meta.dirname, "results");
  const newest = readdirSync(results)
    .filter((f) => f.startsWith("store-raw-"))
    .map((f) => join(results, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
  const stored = JSON.parse(readFileSync(newest, "utf8")) as { result: unknown };
  assert.deepEqual(stored.result, last);
  rmSync(newest);
});

test("an unknown scenario is refused with the known names", () => {
  const result = run("no-such-scenario");
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown scenario no-such-scenario; known: store-raw/);
});
