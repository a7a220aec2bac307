import assert from "node:assert/strict";
import { test } from "node:test";
import { SandboxExistsError, SandboxRemovedError } from "../runtime.js";
import { eventually, withWorld } from "./harness.js";
import type { RuntimeHarness } from "./harness.js";

/** Starting, ending, signalling and removing containers. */
export function lifecycleCases(harness: RuntimeHarness): void {
  const exits: Array<{ name: string; code: string; reason: string; exitCode: number }> = [
    { name: "a container that exits 0 is Completed", code: "0", reason: "Completed", exitCode: 0 },
    { name: "a container that exits 3 is an Error with code 3", code: "3", reason: "Error", exitCode: 3 },
    { name: "exit codes keep their low byte only", code: "257", reason: "Error", exitCode: 1 },
  ];
  for (const c of exits) {
    test(c.name, () =>
      withWorld(harness, async (world) => {
        const before = world.clock.now();
        const container = await world.start(await world.sandbox(), { argv: harness.program("exit-with", [c.code]) });
        const exit = await container.exited;
        assert.equal(exit.exitCode, c.exitCode);
        assert.equal(exit.reason, c.reason);
        assert.equal(exit.signal, undefined);
        assert.ok(exit.startedAt !== undefined && exit.startedAt >= before, "startedAt from the clock");
        assert.ok(exit.finishedAt >= exit.startedAt && exit.finishedAt <= world.clock.now(), "finishedAt from the clock");
        assert.deepEqual(container.status(), { state: "exited", idle: false, ...exit });
      }),
    );
  }

  test("a container that cannot start has exited with StartError, code 128 and no start time", () =>
    withWorld(harness, async (world) => {
      const { argv, annotations, message } = harness.startFailure;
      const container = await world.start(await world.sandbox({ annotations }), { argv });
      const status = container.status();
      assert.equal(status.state, "exited");
      const exit = await container.exited;
      assert.equal(exit.reason, "StartError");
      assert.equal(exit.exitCode, 128);
      assert.equal(exit.startedAt, undefined);
      assert.match(exit.message ?? "", message);
    }),
  );

  test("SIGTERM stops a container that handles it, with the code it chooses", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("run-forever") });
      await eventually(() => world.log(container).includes("stdout started"), "the fixture to start");
      assert.equal(container.status().state, "running");
      container.signal("SIGTERM");
      const exit = await container.exited;
      assert.equal(exit.exitCode, 143);
      assert.equal(exit.reason, "Error");
      assert.ok(world.log(container).includes("stdout stopping"));
    }),
  );

  test("a container that ignores SIGTERM runs on until the caller sends SIGKILL: 137", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("ignore-sigterm") });
      await eventually(() => world.log(container).includes("stdout ready"), "the fixture to start");
      container.signal("SIGTERM");
      await eventually(() => world.log(container).includes("stdout ignoring TERM"), "the TERM to be seen");
      assert.equal(container.status().state, "running");
      container.signal("SIGKILL");
      const exit = await container.exited;
      assert.equal(exit.exitCode, 137);
      assert.equal(exit.signal, "SIGKILL");
      assert.equal(exit.reason, "Error");
    }),
  );

  test("signals to an exited container are ignored", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), { argv: harness.program("exit-with", ["0"]) });
      const exit = await container.exited;
      container.signal("SIGKILL");
      assert.deepEqual(await container.exited, exit);
      assert.equal(container.status().state, "exited");
    }),
  );

  test("a container without a command runs idle (exec works in it) until SIGTERM, then exits 0", () =>
    withWorld(harness, async (world) => {
      const container = await world.start(await world.sandbox(), {});
      assert.equal(container.status().state, "running");
      assert.equal(container.status().idle, true);
      const session = await container.exec({ command: harness.program("exit-with", ["4"]), stdin: false, stdout: true, stderr: true, tty: false });
      assert.equal(await session.exit, 4);
      container.signal("SIGTERM");
      const exit = await container.exited;
      assert.equal(exit.exitCode, 0);
      assert.equal(exit.reason, "Completed");
      assert.equal(container.status().idle, true);
    }),
  );

  test("container ids name the pod, the container and its start count", () =>
    withWorld(harness, async (world) => {
      const sandbox = await world.sandbox();
      const first = await world.start(sandbox, { name: "app", argv: harness.program("exit-with", ["1"]) });
      await first.exited;
      const second = await world.start(sandbox, { name: "app", argv: harness.program("exit-with", ["0"]) });
      await second.exited;
      const other = await world.start(sandbox, { name: "side", argv: harness.program("exit-with", ["0"]) });
      const uid = sandbox.spec.uid;
      assert.deepEqual([first.id, second.id, other.id], [`${uid}/app/0`, `${uid}/app/1`, `${uid}/side/0`]);
      assert.deepEqual(sandbox.containers(), [first, second, other]);
      assert.equal((await first.exited).exitCode, 1);
    }),
  );

  test("a second sandbox with the same uid is refused until the first is removed", () =>
    withWorld(harness, async (world) => {
      const sandbox = await world.sandbox();
      await assert.rejects(world.runtime.createSandbox(sandbox.spec), SandboxExistsError);
      await sandbox.remove();
      const again = await world.runtime.createSandbox(sandbox.spec);
      assert.deepEqual(world.runtime.sandboxes(), [again]);
    }),
  );

  test("removing a sandbox kills what runs in it, settles every exit and forgets it", () =>
    withWorld(harness, async (world) => {
      const sandbox = await world.sandbox();
      const kept = await world.sandbox();
      const running = await world.start(sandbox, { name: "a", argv: harness.program("ignore-sigterm") });
      const idle = await world.start(sandbox, { name: "b" });
      await eventually(() => world.log(running).includes("stdout ready"), "the fixture to start");
      await sandbox.remove();
      assert.equal((await running.exited).exitCode, 137);
      assert.equal((await idle.exited).exitCode, 137);
      assert.equal(running.status().state, "exited");
      assert.deepEqual(world.runtime.sandboxes(), [kept]);
      await sandbox.remove();
      await assert.rejects(world.start(sandbox, { argv: harness.program("exit-with", ["0"]) }), SandboxRemovedError);
    }),
  );
}
