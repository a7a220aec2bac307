// The simulated runtime on a virtual clock: how commands play out in time, signals as PID 1
// sees them, the seed's random-exit script, and the simulate-* annotations.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { VirtualClock } from "../../../util/virtual-clock.js";
import { parseCriLogLine } from "../log/cri-log.js";
import type { Container, ContainerExit } from "../runtime.js";
import { SIMULATE_DURATION, SIMULATE_EXIT_CODE, SIMULATE_START_ERROR } from "./annotations.js";
import { SimulatedRuntime } from "./simulated-runtime.js";

const T0 = Date.parse("2024-06-01T12:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "tinykube-sim-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function run(argv: string[] | undefined, options: { annotations?: Record<string, string>; seed?: number; name?: string } = {}) {
  const clock = new VirtualClock(T0);
  const runtime = new SimulatedRuntime({ clock, seed: options.seed });
  const sandbox = await runtime.createSandbox({ uid: `u${n}`, namespace: "ns", name: `p${n}`, hostname: `p${n}`, annotations: options.annotations });
  const logPath = join(dir, `${n++}.log`);
  const container = await sandbox.startContainer({ name: options.name ?? "main", argv, env: [], mounts: [], logPath });
  const log = () => (existsSync(logPath) ? readFileSync(logPath, "utf8") : "").split("\n").filter(Boolean).map((l) => parseCriLogLine(l)!.content);
  return { clock, container, log };
}

/** Advances the clock by ms and says whether the container is still running. */
async function runningAfter(clock: VirtualClock, container: Container, ms: number): Promise<boolean> {
  await clock.advance(ms);
  return container.status().state === "running";
}

function timing(exit: ContainerExit): { exitCode: number; seconds: number } {
  return { exitCode: exit.exitCode, seconds: (exit.finishedAt - T0) / 1000 };
}

describe("simulated commands on the clock", () => {
  const cases: Array<{ name: string; argv: string[]; runsFor: number; exitCode: number }> = [
    { name: "sleep N ends after N seconds with 0", argv: ["sleep", "30"], runsFor: 30, exitCode: 0 },
    { name: "sleep takes GNU suffixes and sums its operands", argv: ["sleep", "1m", "30s"], runsFor: 90, exitCode: 0 },
    { name: "sh -c runs its list in order: sleep, then exit N", argv: ["sh", "-c", "sleep 5; exit 3"], runsFor: 5, exitCode: 3 },
    { name: "&& stops at the first failure", argv: ["sh", "-c", "sleep 2 && false && sleep 100"], runsFor: 2, exitCode: 1 },
    { name: "|| runs the alternative", argv: ["sh", "-c", "false || sleep 4"], runsFor: 4, exitCode: 0 },
    { name: "true and false end at once", argv: ["false"], runsFor: 0, exitCode: 1 },
    { name: "a pipeline's status is its last command's", argv: ["sh", "-c", "echo abc | grep -q x"], runsFor: 0, exitCode: 1 },
    { name: "a syntax error exits 2 as sh does", argv: ["sh", "-c", "echo 'unterminated"], runsFor: 0, exitCode: 2 },
    { name: "an invalid sleep operand fails with 1", argv: ["sleep", "soon"], runsFor: 0, exitCode: 1 },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { clock, container } = await run(c.argv);
      if (c.runsFor > 0) assert.equal(await runningAfter(clock, container, c.runsFor * 1000 - 1), true, "still running 1 ms before");
      await clock.advance(1);
      assert.deepEqual(timing(await container.exited), { exitCode: c.exitCode, seconds: c.runsFor });
    });
  }

  test("the seed's script sleeps 40 s, then exits 0 or 1 from a digit of date +%N", async () => {
    const script = "sleep 40; date +'%N' | cut -c 9 | egrep '[1|3|5|7|9]'";
    const outcomes: number[] = [];
    for (let seed = 0; seed < 12; seed++) {
      const { clock, container, log } = await run(["sh", "-c", script], { seed });
      assert.equal(await runningAfter(clock, container, 39_999), true);
      await clock.advance(1);
      const exit = await container.exited;
      assert.equal(exit.finishedAt, T0 + 40_000);
      assert.deepEqual(log(), exit.exitCode === 0 ? [log()[0]] : [], "an odd digit is printed by egrep");
      if (exit.exitCode === 0) assert.match(log()[0]!, /^[13579]$/);
      outcomes.push(exit.exitCode);
    }
    assert.ok(outcomes.includes(0) && outcomes.includes(1), `both outcomes over 12 seeds: ${outcomes}`);
    const again = await run(["sh", "-c", script], { seed: 5 });
    await again.clock.advance(40_000);
    assert.equal((await again.container.exited).exitCode, outcomes[5], "the same seed gives the same outcome");
  });

  test("date prints the clock's time", async () => {
    const { container, log } = await run(["sh", "-c", "date +%s; date -u +%FT%T; date"]);
    await container.exited;
    assert.deepEqual(log(), [String(T0 / 1000), "2024-06-01T12:00:00", "Sat Jun  1 12:00:00 UTC 2024"]);
  });
});

describe("simulated signals, as PID 1 of a container", () => {
  test("sleep ignores SIGTERM (no handler on PID 1) and dies of SIGKILL with 137", async () => {
    const { clock, container } = await run(["sleep", "3600"]);
    container.signal("SIGTERM");
    assert.equal(await runningAfter(clock, container, 30_000), true);
    container.signal("SIGKILL");
    assert.deepEqual(timing(await container.exited), { exitCode: 137, seconds: 30 });
  });

  test("a trap runs once the foreground sleep is over", async () => {
    const { clock, container, log } = await run(["sh", "-c", "trap 'echo bye; exit 9' TERM; sleep 10; echo not reached"]);
    await clock.advance(1000);
    container.signal("SIGTERM");
    assert.equal(await runningAfter(clock, container, 8999), true);
    await clock.advance(1);
    assert.deepEqual(timing(await container.exited), { exitCode: 9, seconds: 10 });
    assert.deepEqual(log(), ["bye"]);
  });

  test("a trap interrupts wait at once", async () => {
    const { clock, container } = await run(["sh", "-c", "trap 'exit 143' TERM; sleep 600 & wait"]);
    await clock.advance(2000);
    container.signal("SIGTERM");
    assert.deepEqual(timing(await container.exited), { exitCode: 143, seconds: 2 });
  });

  test("a program the simulator does not know runs until SIGTERM and exits 0, like a server", async () => {
    const { clock, container } = await run(["nginx", "-g", "daemon off;"]);
    assert.equal(await runningAfter(clock, container, 86_400_000), true);
    container.signal("SIGTERM");
    assert.deepEqual(timing(await container.exited), { exitCode: 0, seconds: 86_400 });
  });
});

describe("simulate-* annotations", () => {
  test("a duration replaces the command's run and an exit code its result", async () => {
    const annotations = { [SIMULATE_DURATION]: "1m30s", [SIMULATE_EXIT_CODE]: "1" };
    const { clock, container } = await run(["sleep", "5"], { annotations });
    assert.equal(await runningAfter(clock, container, 89_999), true);
    await clock.advance(1);
    const exit = await container.exited;
    assert.deepEqual({ ...timing(exit), reason: exit.reason }, { exitCode: 1, seconds: 90, reason: "Error" });
  });

  test("an exit code alone replaces the code of a command that ends by itself", async () => {
    const { clock, container } = await run(["sh", "-c", "sleep 3"], { annotations: { [SIMULATE_EXIT_CODE]: "42" } });
    await clock.advance(3000);
    assert.deepEqual(timing(await container.exited), { exitCode: 42, seconds: 3 });
  });

  test("annotations suffixed with the container name win over the pod-wide ones", async () => {
    const annotations = { [SIMULATE_DURATION]: "10s", [`${SIMULATE_DURATION}.web`]: "2s" };
    const { clock, container } = await run(undefined, { annotations, name: "web" });
    await clock.advance(2000);
    assert.deepEqual(timing(await container.exited), { exitCode: 0, seconds: 2 });
  });

  const refusals: Array<{ name: string; annotations: Record<string, string>; message: string }> = [
    { name: "a start error annotation fails the start with its message", annotations: { [SIMULATE_START_ERROR]: "no image" }, message: "no image" },
    { name: "a duration that is not a Go duration fails the start", annotations: { [SIMULATE_DURATION]: "ten" }, message: `annotation ${SIMULATE_DURATION}: invalid duration "ten"` },
    { name: "an exit code past 255 fails the start", annotations: { [SIMULATE_EXIT_CODE]: "300" }, message: `annotation ${SIMULATE_EXIT_CODE}: invalid exit code "300" (want 0-255)` },
  ];
  for (const c of refusals) {
    test(c.name, async () => {
      const { container } = await run(["sleep", "1"], { annotations: c.annotations });
      const exit = await container.exited;
      assert.deepEqual({ reason: exit.reason, exitCode: exit.exitCode, message: exit.message }, { reason: "StartError", exitCode: 128, message: c.message });
    });
  }
});
