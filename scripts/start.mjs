#!/usr/bin/env node
// `npm start`: installs dependencies if missing, builds if the sources are newer than the
// build, then runs `tinykube up` with any arguments given after `--`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "./build.mjs";

const root = new URL("..", import.meta.url).pathname;
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    const s = statSync(full);
    t = Math.max(t, s.isDirectory() ? newest(full) : s.mtimeMs);
  }
  return t;
}

if (!existsSync(join(root, "node_modules", ".package-lock.json"))) run("npm", ["install", "--no-audit", "--no-fund"]);
const built = join(root, "dist", "cli", "main.js");
if (!existsSync(built) || statSync(built).mtimeMs < newest(join(root, "src"))) {
  // Type errors fail `npm test`; here they only warn, since tsc still emitted runnable code.
  if (build() !== 0) console.error("npm start: the build reported errors; starting what it emitted");
  if (!existsSync(built)) process.exit(1);
}

const up = spawnSync(process.execPath, [join(root, "bin", "tinykube"), "up", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(up.status ?? 0);
