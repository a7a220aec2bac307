import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { helperBinary } from "./helper-binary.js";
import { findProgram } from "./host-support.js";

const compiler = findProgram("cc") ?? findProgram("gcc") ?? findProgram("clang");
const skip = process.platform !== "linux" ? "the helper is built on Linux only" : compiler === undefined ? "no C compiler here" : false;

describe("helperBinary", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "tinykube-helper-binary-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const source = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const program = (word: string) => `#include <stdio.h>\nint main(void) { puts("${word}"); return 0; }\n`;

  test("the source is built into the cache directory, and the build runs", async () => {
    const built = await helperBinary({ cacheDir: join(dir, "cache-a"), source: source("a.c", program("hello")) });
    assert.ok("path" in built, JSON.stringify(built));
    assert.match(built.path, /container-helper-[0-9a-f]{16}$/);
    assert.equal(execFileSync(built.path, { encoding: "utf8" }), "hello\n");
    assert.deepEqual(readdirSync(join(dir, "cache-a")).filter((f) => f.endsWith(".tmp")), [], "no half-built file left");
  });

  test("the same source elsewhere reuses the build (named by a hash of the source), without building again", async () => {
    const cacheDir = join(dir, "cache-b");
    const first = await helperBinary({ cacheDir, source: source("b1.c", program("same")) });
    assert.ok("path" in first);
    const builtAt = statSync(first.path).mtimeMs;
    const second = await helperBinary({ cacheDir, source: source("b2.c", program("same")) });
    assert.deepEqual(second, first);
    assert.equal(statSync(first.path).mtimeMs, builtAt);
  });

  test("an edited source gets a build of its own", async () => {
    const cacheDir = join(dir, "cache-c");
    const one = await helperBinary({ cacheDir, source: source("c1.c", program("one")) });
    const two = await helperBinary({ cacheDir, source: source("c2.c", program("two")) });
    assert.ok("path" in one && "path" in two);
    assert.notEqual(one.path, two.path);
    assert.equal(execFileSync(two.path, { encoding: "utf8" }), "two\n");
  });

  test("a source that does not compile leaves the helper unavailable, saying what the compiler said", async () => {
    const built = await helperBinary({ cacheDir: join(dir, "cache-d"), source: source("d.c", "int main(void) { return undefined_name; }\n") });
    assert.ok("unavailable" in built);
    assert.match(built.unavailable, /undefined_name/);
  });

  test("a missing source leaves the helper unavailable", async () => {
    const built = await helperBinary({ cacheDir: join(dir, "cache-e"), source: join(dir, "no-such.c") });
    assert.ok("unavailable" in built);
    assert.match(built.unavailable, /no-such\.c/);
  });

  test("the runtime's own source builds with this machine's compiler", async () => {
    const built = await helperBinary({ cacheDir: join(dir, "cache-f") });
    assert.ok("path" in built, JSON.stringify(built));
  });
});
