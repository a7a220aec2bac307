import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_PATH } from "../container-env.js";
import { withWorld } from "./harness.js";
import type { RuntimeHarness, World } from "./harness.js";

/** What a container sees: environment, working directory, hostname, volumes. */
export function environmentCases(harness: RuntimeHarness): void {
  test("the environment is the given list, later duplicates winning, with HOSTNAME, PATH and HOME added", () =>
    withWorld(harness, async (world) => {
      const sandbox = await world.sandbox({ hostname: "web-0" });
      const env = [{ name: "GREETING", value: "hello world" }, { name: "DUP", value: "first" }, { name: "DUP", value: "second" }, { name: "EMPTY", value: "" }];
      const names = ["GREETING", "DUP", "EMPTY", "HOSTNAME", "PATH", "HOME", "UNSET"];
      const container = await world.start(sandbox, { argv: harness.program("print-env", names), env });
      assert.equal((await container.exited).exitCode, 0);
      assert.deepEqual(world.log(container), [
        "stdout GREETING=hello world", "stdout DUP=second", "stdout EMPTY=", "stdout HOSTNAME=web-0",
        `stdout PATH=${DEFAULT_PATH}`, "stdout HOME=/root", "stdout UNSET=",
      ]);
    }),
  );

  test("PATH and HOME given by the pod are kept", () =>
    withWorld(harness, async (world) => {
      const env = [{ name: "PATH", value: "/usr/bin:/bin" }, { name: "HOME", value: "/tmp" }];
      const container = await world.start(await world.sandbox(), { argv: harness.program("print-env", ["PATH", "HOME"]), env });
      await container.exited;
      assert.deepEqual(world.log(container), ["stdout PATH=/usr/bin:/bin", "stdout HOME=/tmp"]);
    }),
  );

  test("the process starts in workingDir, / by default", () =>
    withWorld(harness, async (world) => {
      const sandbox = await world.sandbox();
      const inTmp = await world.start(sandbox, { name: "a", argv: harness.program("print-cwd"), workingDir: "/tmp" });
      const byDefault = await world.start(sandbox, { name: "b", argv: harness.program("print-cwd") });
      await Promise.all([inTmp.exited, byDefault.exited]);
      assert.deepEqual([world.log(inTmp), world.log(byDefault)], [["stdout /tmp"], ["stdout /"]]);
    }),
  );

  test("the container sees the pod's hostname (the host's without isolation)", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox({ hostname: "db-1" }), { argv: harness.program("print-hostname") });
      await container.exited;
      const expected = world.runtime.capabilities().isolation === "none" ? hostname() : "db-1";
      assert.deepEqual(world.log(container), [`stdout ${expected}`]);
    }),
  );

  test("a volume is read and written at its mountPath, and the host's own path stays untouched", (t) =>
    withWorld(harness, async (world) => {
      if (!world.runtime.capabilities().mountsAtMountPath) return t.skip("this runtime does not mount volumes at their mountPath");
      const volume = hostVolume(world, "www", { "index.html": "hello from the volume" });
      const mountPath = `/tinykube-conformance-${process.pid}/html`;
      const sandbox = await world.sandbox();
      const mounts = [{ hostPath: volume, mountPath }];
      const reader = await world.start(sandbox, { name: "reader", argv: harness.program("print-file", [`${mountPath}/index.html`]), mounts });
      assert.equal((await reader.exited).exitCode, 0);
      assert.deepEqual(world.log(reader), ["stdout hello from the volume"]);
      const writer = await world.start(sandbox, { name: "writer", argv: harness.program("write-file", [`${mountPath}/out.txt`, "written inside"]), mounts });
      assert.equal((await writer.exited).exitCode, 0);
      assert.equal(readFileSync(join(volume, "out.txt"), "utf8"), "written inside");
      assert.equal(existsSync(`/tinykube-conformance-${process.pid}`), false, "nothing created on the host at the mountPath");
    }),
  );

  test("a readOnly volume refuses writes; subPath mounts a directory inside the volume", (t) =>
    withWorld(harness, async (world) => {
      if (!world.runtime.capabilities().mountsAtMountPath) return t.skip("this runtime does not mount volumes at their mountPath");
      const volume = hostVolume(world, "data", { "sub/note.txt": "in the sub directory" });
      const sandbox = await world.sandbox();
      const readOnly = [{ hostPath: volume, mountPath: "/mnt/ro", readOnly: true }];
      const refused = await world.start(sandbox, { name: "ro", argv: harness.program("write-file", ["/mnt/ro/x", "no"]), mounts: readOnly });
      assert.equal((await refused.exited).exitCode, 1);
      assert.ok(world.log(refused).includes("stdout refused"));
      assert.equal(existsSync(join(volume, "x")), false);
      const sub = [{ hostPath: volume, mountPath: "/mnt/sub", subPath: "sub" }];
      const reader = await world.start(sandbox, { name: "sub", argv: harness.program("print-file", ["/mnt/sub/note.txt"]), mounts: sub });
      await reader.exited;
      assert.deepEqual(world.log(reader), ["stdout in the sub directory"]);
    }),
  );
}

function hostVolume(world: World, name: string, files: Record<string, string>): string {
  const dir = join(world.dir, "volumes", name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
