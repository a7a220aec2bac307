import assert from "node:assert/strict";
import { test } from "node:test";
import { ContainerNotRunningError, ExecStartError } from "../runtime.js";
import { eventually, readAll, withWorld } from "./harness.js";
import type { RuntimeHarness } from "./harness.js";

const NO_STREAMS = { stdin: false, stdout: true, stderr: true, tty: false } as const;

/** Logs, exec and attach. */
export function streamCases(harness: RuntimeHarness): void {
  test("stdout and stderr are logged line by line, each record naming its stream", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("print-streams", ["to stdout", "to stderr"]) });
      await container.exited;
      assert.deepEqual(world.log(container), ["stdout to stdout", "stderr to stderr"]);
    }),
  );

  test("exec runs in the running container: separate stdout and stderr, stdin, its exit code", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("run-forever") });
      await eventually(() => world.log(container).includes("stdout started"), "the fixture to start");
      const streams = await container.exec({ command: harness.program("print-streams", ["out", "err"]), ...NO_STREAMS });
      assert.deepEqual(await Promise.all([readAll(streams.stdout), readAll(streams.stderr), streams.exit]), ["out\n", "err\n", 0]);
      const failing = await container.exec({ command: harness.program("exit-with", ["7"]), ...NO_STREAMS });
      assert.equal(await failing.exit, 7);
      const echo = await container.exec({ command: harness.program("echo-stdin"), ...NO_STREAMS, stdin: true });
      echo.stdin!.end("typed in\n");
      assert.deepEqual(await Promise.all([readAll(echo.stdout), echo.exit]), ["typed in\n", 0]);
      assert.equal(container.status().state, "running");
    }),
  );

  test("exec sees the container's environment and working directory", () =>
    withWorld(harness, async (world) => {
      const env = [{ name: "ROLE", value: "primary" }];
      const container = await world.start(await world.sandbox(), { argv: harness.program("run-forever"), env, workingDir: "/tmp" });
      await eventually(() => world.log(container).includes("stdout started"), "the fixture to start");
      const printEnv = await container.exec({ command: harness.program("print-env", ["ROLE"]), ...NO_STREAMS });
      const printCwd = await container.exec({ command: harness.program("print-cwd"), ...NO_STREAMS });
      assert.deepEqual(await Promise.all([readAll(printEnv.stdout), readAll(printCwd.stdout)]), ["ROLE=primary\n", "/tmp\n"]);
    }),
  );

  test("exec under a tty has no separate stderr", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("run-forever") });
      await eventually(() => world.log(container).includes("stdout started"), "the fixture to start");
      const session = await container.exec({ command: harness.program("print-streams", ["out", "err"]), ...NO_STREAMS, tty: true });
      assert.equal(session.stderr, undefined);
      const output = await readAll(session.stdout);
      assert.equal(await session.exit, 0);
      assert.deepEqual(output.split(/\r?\n/).filter(Boolean), ["out", "err"]);
    }),
  );

  test("exec of a command the container cannot run is refused with ExecStartError", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("run-forever") });
      await eventually(() => world.log(container).includes("stdout started"), "the fixture to start");
      await assert.rejects(container.exec({ command: ["no-such-program-here"], ...NO_STREAMS }), (error: unknown) => {
        return error instanceof ExecStartError && error.message.includes('"no-such-program-here"');
      });
    }),
  );

  test("exec and attach on an exited container are refused with ContainerNotRunningError", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("exit-with", ["0"]) });
      await container.exited;
      await assert.rejects(container.exec({ command: harness.program("exit-with", ["0"]), ...NO_STREAMS }), ContainerNotRunningError);
      await assert.rejects(container.attach(NO_STREAMS), ContainerNotRunningError);
    }),
  );

  test("a running exec ends when the container is removed", () =>
    withWorld(harness, async (world) => {
      const sandbox = await world.sandbox();
      const container = await world.start(sandbox, { argv: harness.program("run-forever") });
      await eventually(() => world.log(container).includes("stdout started"), "the fixture to start");
      const session = await container.exec({ command: harness.program("ignore-sigterm"), ...NO_STREAMS });
      await sandbox.remove();
      assert.notEqual(await session.exit, 0);
    }),
  );

  test("attach writes stdin to the main process and streams its output; stdinOnce closes stdin with the session", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("echo-stdin"), stdin: true, stdinOnce: true });
      const session = await container.attach({ ...NO_STREAMS, stdin: true });
      const output = readAll(session.stdout);
      session.stdin!.end("through attach\n");
      assert.equal((await container.exited).exitCode, 0);
      assert.equal(await output, "through attach\n");
      assert.equal(await session.exit, 0);
      assert.deepEqual(world.log(container), ["stdout through attach"]);
    }),
  );

  test("attach asking for stdin of a container without stdin is refused; closing an attach leaves the container running", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("run-forever") });
      await eventually(() => world.log(container).includes("stdout started"), "the fixture to start");
      await assert.rejects(container.attach({ ...NO_STREAMS, stdin: true }), (e: unknown) => e instanceof Error && /stdin/.test(e.message));
      const session = await container.attach(NO_STREAMS);
      const output = readAll(session.stdout);
      session.close();
      assert.equal(await output, "");
      await session.exit;
      assert.equal(container.status().state, "running");
    }),
  );
}
