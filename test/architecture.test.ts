// DESIGN.md's layer rules, checked on every import in src/: imports point down only, server
// and client never import each other, and no controller imports another controller.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";

const src = resolve(import.meta.dirname, "..", "src");

/** For each top-level folder, the folders it may import from (besides itself). */
const allowed: Record<string, readonly string[]> = {
  util: [],
  store: ["util"],
  api: ["util"],
  registry: ["api", "store", "util"],
  client: ["registry", "api", "util"],
  server: ["registry", "api", "util"],
  controllers: ["client", "api", "util"],
  node: ["client", "api", "util"],
  cli: ["server", "controllers", "node", "client", "registry", "api", "store", "util"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? "");
  return specs.filter((s) => s.startsWith("."));
}

function layerOf(path: string): { top: string; controller?: string } {
  const parts = relative(src, path).split("/");
  const top = parts[0] ?? "";
  return top === "controllers" && parts.length > 2 ? { top, controller: parts[1] } : { top };
}

const violations: string[] = [];
for (const file of sourceFiles(src)) {
  const from = layerOf(file);
  for (const spec of relativeImports(file)) {
    const to = layerOf(resolve(dirname(file), spec));
    const where = `${relative(src, file)} imports ${spec}`;
    if (to.top !== from.top && !(allowed[from.top] ?? []).includes(to.top)) {
      violations.push(`${where}: ${from.top}/ may not import ${to.top}/`);
    }
    const sideways = from.controller && to.controller && from.controller !== to.controller && to.controller !== "runtime";
    if (sideways) {
      violations.push(`${where}: controllers/${from.controller} may not import controllers/${to.controller}`);
    }
  }
}

test("imports point down the layers of DESIGN.md", () => {
  assert.deepEqual(violations, []);
});

test("every top-level source folder has a layer rule", () => {
  const tops = readdirSync(src).filter((e) => statSync(join(src, e)).isDirectory());
  assert.deepEqual(tops.filter((t) => !(t in allowed)), []);
});
