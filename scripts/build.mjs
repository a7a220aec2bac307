#!/usr/bin/env node
// The build: tsc into dist/, then the commands of bin/tinykube bundled into dist/cli-bundle/ so
// that `tinykube up` loads a few large files instead of ~200 small modules (4-5x less CPU to
// start). Without esbuild (a dependency of tsx) the bundle is skipped and dist/ runs as it is.
// Exit code: tsc's, so type errors still fail the build.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const bundleDir = join(dist, "cli-bundle");

export function build() {
  rmSync(bundleDir, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: root, stdio: "inherit" });
  if (existsSync(join(dist, "cli", "main.js"))) bundle();
  return tsc.status ?? 1;
}

function bundle() {
  const esbuild = join(root, "node_modules", ".bin", "esbuild");
  if (!existsSync(esbuild)) {
    console.error("build: esbuild not installed; tinykube runs unbundled (slower start)");
    return;
  }
  const entries = readdirSync(join(dist, "cli")).filter((f) => f.endsWith("-command.js")).map((f) => join(dist, "cli", f));
  const r = spawnSync(
    esbuild,
    [
      ...entries,
      "--bundle",
      "--splitting",
      "--format=esm",
      "--platform=node",
      "--target=node20",
      `--outdir=${bundleDir}`,
      "--entry-names=[name]",
      // a native addon: loaded from node_modules as it is
      "--external:better-sqlite3",
      // loads its .proto files from beside its own code: loaded from node_modules as it is
      "--external:etcd3",
      // CommonJS dependencies inside an ES module bundle still call require()
      "--banner:js=import { createRequire as __tinykubeRequire } from 'node:module'; const require = __tinykubeRequire(import.meta.url);",
      "--log-level=warning",
    ],
    { cwd: root, stdio: "inherit" },
  );
  if (r.status !== 0) {
    rmSync(bundleDir, { recursive: true, force: true });
    console.error("build: bundling failed; tinykube runs unbundled (slower start)");
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) process.exit(build());
