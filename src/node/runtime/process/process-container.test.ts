// What only the process runtime does: real process trees, Linux namespaces, terminals, files on
// disk. The behaviour every runtime shares is in runtime-conformance.ts.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { RealClock } from "../../../util/clock.js";
import { eventually, logLines, readAll, withWorld } from "../conformance/harness.js";
import type { RuntimeHarness, World } from "../conformance/harness.js";
import { ProcessRuntime } from "./process-runtime.js";
import type { ProcessRuntimeOptions } from "./process-runtime.js";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const fixture = (name: string, ...args: string[]) => ["sh", join(fixtures, `${name}.sh`), ...args];

function harness(options: Omit<ProcessRuntimeOptions, "clock"> = {}): RuntimeHarness {
  return {
    open: () => {
      const clock = new RealClock();
      return { runtime: new ProcessRuntime({ clock, ...options }), clock };
    },
    program: (name, args = []) => fixture(name, ...args),
    startFailure: { argv: ["no-such-program-here"], message: /not found/ },
  };
}

let markers = 0;

/** Host processes whose command line holds marker. */
function processesTagged(marker: string): number[] {
  return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
    } catch {
      return false;
    }
  }).map(Number);
}

/** Children of this process left as zombies. */
function zombieChildren(): number[] {
  return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return state === "Z" && Number(ppid) === process.pid;
    } catch {
      return false;
    }
  }).map(Number);
}

async function started(world: World, argv: string[], options: { marker?: string } = {}) {
  const sandbox = await world.sandbox();
  const container = await world.start(sandbox, { argv });
  await eventually(() => world.log(container).includes("stdout ready") || world.log(container).includes("stdout started"), "the fixture to start");
  return { sandbox, container, marker: options.marker };
}

/** A plain file in the fixtures (visible in containers, which see the host's files). */
const NOT_EXECUTABLE = join(fixtures, "README.md");

/**
 * The cases, for one way of starting processes: the native helper, or util-linux programs
 * spawned from Node (where the helper cannot be built).
 */
function processRuntimeCases(label: string, options: Pick<ProcessRuntimeOptions, "helper">): void {
  const isolated = harness(options);
  const plain = harness({ ...options, isolation: "none" });

  describe(`process runtime (${label}): process trees`, () => {
    const cases: Array<{ name: string; harness: RuntimeHarness; daemon: boolean }> = [
      { name: "removing a sandbox leaves no process behind: children, a setsid daemon, an exec'd background job", harness: isolated, daemon: true },
      { name: "without isolation, removing a sandbox still kills the container's process group and its execs", harness: plain, daemon: false },
    ];
    for (const c of cases) {
      test(c.name, () =>
        withWorld(c.harness, async (world) => {
          const marker = `${process.pid}${markers++}`;
          const { sandbox, container } = await started(world, fixture("spawn-children", marker, c.daemon ? "daemon" : ""));
          const exec = await container.exec({ command: ["sh", "-c", `sleep 1000.${marker} & sleep 1000.${marker}`], stdin: false, stdout: true, stderr: true, tty: false });
          await eventually(() => processesTagged(`1000.${marker}`).length >= (c.daemon ? 5 : 4), "every tagged process to run");
          await sandbox.remove();
          await exec.exit;
          assert.deepEqual(await eventually(() => processesTagged(`1000.${marker}`).length === 0 && [], "tagged processes to go", 5000), []);
          assert.deepEqual(zombieChildren(), []);
        }),
      );
    }

    test("closing an exec session kills what it started", () =>
      withWorld(isolated, async (world) => {
        const marker = `${process.pid}${markers++}`;
        const { container } = await started(world, fixture("run-forever"));
        const session = await container.exec({ command: ["sleep", `1000.${marker}`], stdin: false, stdout: true, stderr: true, tty: false });
        await eventually(() => processesTagged(`1000.${marker}`).length > 0, "the exec to run");
        session.close();
        assert.notEqual(await session.exit, 0);
        assert.deepEqual(processesTagged(`1000.${marker}`), []);
        assert.equal(container.status().state, "running");
      }),
    );
  });

  describe(`process runtime (${label}): namespaces`, () => {
    test("the main process is PID 1 of its own PID namespace, on the pod's hostname, and the host keeps its own", () =>
      withWorld(isolated, async (world) => {
        const before = hostname();
        const container = await world.start(await world.sandbox({ hostname: "web-3" }), { argv: ["sh", "-c", "echo $$; hostname; ps -o pid= | wc -l"] });
        await container.exited;
        assert.deepEqual(world.log(container).slice(0, 2), ["stdout 1", "stdout web-3"]);
        assert.equal(hostname(), before);
      }),
    );

    test("containers of one pod share its hostname but not each other's volumes or files", () =>
      withWorld(isolated, async (world) => {
        const volume = join(world.dir, "shared");
        mkdirSync(volume);
        const sandbox = await world.sandbox({ hostname: "pair" });
        const mountPath = `/tinykube-pair-${process.pid}`;
        const first = await world.start(sandbox, { name: "a", argv: ["sh", "-c", `hostname; echo a > /etc/written-by-a-${process.pid}; ls ${mountPath}`], mounts: [{ hostPath: volume, mountPath }] });
        await first.exited;
        const second = await world.start(sandbox, { name: "b", argv: ["sh", "-c", `hostname; ls ${mountPath} /etc/written-by-a-${process.pid} 2>/dev/null; echo $?`] });
        await second.exited;
        assert.deepEqual(world.log(first), ["stdout pair"]);
        assert.deepEqual(world.log(second), ["stdout pair", "stdout 2"]);
        assert.equal(existsSync(`/etc/written-by-a-${process.pid}`), false, "the host's /etc untouched");
        assert.equal(existsSync(mountPath), false, "the host has no mountPath");
      }),
    );

    test("containers of one pod share its UTS and IPC namespaces; each has mount and PID namespaces of its own; none is the host's", () =>
      withWorld(isolated, async (world) => {
        const kinds = ["uts", "ipc", "mnt", "pid"];
        // Both stay up while compared: the number of a namespace that is gone can be given to the next one.
        const argv = ["sh", "-c", `${kinds.map((k) => `readlink /proc/self/ns/${k}`).join("; ")}; exec sleep 1000`];
        const sandbox = await world.sandbox();
        const first = await world.start(sandbox, { name: "a", argv });
        const second = await world.start(sandbox, { name: "b", argv });
        await eventually(() => world.log(first).length === 4 && world.log(second).length === 4, "both to print their namespaces");
        const [a, b] = [world.log(first), world.log(second)].map((lines) => lines.map((line) => line.replace(/^stdout /, "")));
        const host = kinds.map((k) => readlinkSync(`/proc/self/ns/${k}`));
        assert.equal(a!.length, 4, world.log(first).join("\n"));
        kinds.forEach((kind, i) => assert.notEqual(a![i], host[i], `${kind}: not the host's`));
        assert.deepEqual([a![0], a![1]], [b![0], b![1]], "uts and ipc shared by the pod's containers");
        assert.notEqual(a![2], b![2], "a mount namespace per container");
        assert.notEqual(a![3], b![3], "a PID namespace per container");
      }),
    );

    test("a file volume on another file system of the host (/dev/termination-log) is bound without touching the host's", () =>
      withWorld(isolated, async (world) => {
        const file = join(world.dir, "termination-log");
        writeFileSync(file, "");
        const argv = ["sh", "-c", "echo finished > /dev/termination-log; ls /dev/null /dev/pts >/dev/null && echo devices"];
        const container = await world.start(await world.sandbox(), { argv, mounts: [{ hostPath: file, mountPath: "/dev/termination-log" }] });
        assert.equal((await container.exited).exitCode, 0);
        assert.equal(readFileSync(file, "utf8"), "finished\n");
        assert.deepEqual(world.log(container), ["stdout devices"]);
        assert.equal(existsSync("/dev/termination-log"), false);
      }),
    );
  });

  describe(`process runtime (${label}): start errors worded like runc's`, () => {
    const cases: Array<{ name: string; argv: string[]; mounts?: Array<{ hostPath: string; mountPath: string }>; workingDir?: string; harness?: RuntimeHarness; message: string }> = [
      { name: "a command not in PATH", argv: ["no-such-program"], message: 'failed to create task: unable to start container process: exec: "no-such-program": executable file not found in $PATH' },
      { name: "an absolute path that does not exist", argv: ["/no/such/file"], message: 'failed to create task: unable to start container process: exec: "/no/such/file": stat /no/such/file: no such file or directory' },
      { name: "a file that is not executable", argv: [NOT_EXECUTABLE], message: `failed to create task: unable to start container process: exec: "${NOT_EXECUTABLE}": permission denied` },
      { name: "a directory", argv: ["/tmp"], message: 'failed to create task: unable to start container process: exec: "/tmp": is a directory' },
      { name: "a missing volume", argv: ["true"], mounts: [{ hostPath: "/no/such/volume", mountPath: "/data" }], message: "failed to create task: mount source /no/such/volume does not exist" },
      { name: "a missing working directory without isolation", argv: ["true"], workingDir: "/no/such/dir", harness: plain, message: 'failed to create task: unable to start container process: chdir to cwd ("/no/such/dir"): no such file or directory' },
    ];
    for (const c of cases) {
      test(c.name, () =>
        withWorld(c.harness ?? isolated, async (world) => {
          const container = await world.start(await world.sandbox(), { argv: c.argv, mounts: c.mounts ?? [], workingDir: c.workingDir });
          const exit = await container.exited;
          assert.deepEqual({ reason: exit.reason, exitCode: exit.exitCode, message: exit.message }, { reason: "StartError", exitCode: 128, message: c.message });
        }),
      );
    }

    test("a missing working directory is created inside an isolated container only", () =>
      withWorld(isolated, async (world) => {
        const workingDir = `/tinykube-wd-${process.pid}/app`;
        const container = await world.start(await world.sandbox(), { argv: ["pwd"], workingDir });
        assert.equal((await container.exited).exitCode, 0);
        assert.deepEqual(world.log(container), [`stdout ${workingDir}`]);
        assert.equal(existsSync(workingDir), false);
      }),
    );
  });

  describe(`process runtime (${label}): terminals and logs`, () => {
    test("a tty container runs on a terminal, its output in the log as stdout", () =>
      withWorld(isolated, async (world) => {
        const container = await world.start(await world.sandbox(), { argv: ["sh", "-c", "tty; echo to-stderr >&2"], tty: true });
        assert.equal((await container.exited).exitCode, 0);
        const lines = world.log(container).map((line) => line.replace(/\r$/, ""));
        assert.match(lines[0] ?? "", /^stdout \/dev\/pts\/\d+$/);
        assert.equal(lines[1], "stdout to-stderr");
      }),
    );

    test("exec under a tty starts at the size asked for and follows resizes", () =>
      withWorld(isolated, async (world) => {
        const { container } = await started(world, fixture("run-forever"));
        const session = await container.exec({
          command: ["sh", "-c", "stty size; read line; stty size"],
          stdin: true, stdout: true, stderr: false, tty: true, size: { width: 80, height: 24 },
        });
        let output = "";
        session.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
        await eventually(() => output.includes("24 80"), "the first size");
        session.resize({ width: 100, height: 40 });
        session.stdin!.write("go\n");
        assert.equal(await session.exit, 0);
        assert.match(output, /24 80[\s\S]*40 100/);
      }),
    );

    test("attach to a tty container writes to its terminal and follows resizes", () =>
      withWorld(isolated, async (world) => {
        const argv = ["sh", "-c", "echo ready; read line; stty size; echo \"got $line\""];
        const container = await world.start(await world.sandbox(), { argv, tty: true, stdin: true, stdinOnce: true });
        const session = await container.attach({ stdin: true, stdout: true, stderr: false, tty: true });
        let output = "";
        session.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
        await eventually(() => world.log(container).some((line) => line.startsWith("stdout ready")), "the shell to be ready");
        session.resize({ width: 120, height: 50 });
        session.stdin!.end("hello\n");
        assert.equal((await container.exited).exitCode, 0);
        assert.match(output, /50 120\r?\n/);
        assert.ok(world.log(container).some((line) => /^stdout got hello\r?$/.test(line)), world.log(container).join("\n"));
      }),
    );

    test("a container that writes nothing leaves no log file (an empty log); one that writes gets its directory and file", () =>
      withWorld(isolated, async (world) => {
        const sandbox = await world.sandbox();
        const quiet = join(world.dir, "quiet", "app", "0.log");
        const loud = join(world.dir, "loud", "app", "0.log");
        await (await world.start(sandbox, { name: "quiet", argv: ["true"], logPath: quiet })).exited;
        await (await world.start(sandbox, { name: "loud", argv: ["echo", "said"], logPath: loud })).exited;
        assert.equal(existsSync(join(world.dir, "quiet")), false);
        assert.deepEqual(logLines(loud), ["stdout said"]);
      }),
    );

    test("a flood of output is rotated and bounded on disk", () =>
      withWorld(harness({ log: { maxBytes: 64 * 1024, maxFiles: 2 } }), async (world) => {
        const logPath = join(world.dir, "flood.log");
        const container = await world.start(await world.sandbox(), { argv: ["sh", "-c", "yes 'a line of flood output' | head -n 150000; echo last"], logPath });
        assert.equal((await container.exited).exitCode, 0);
        const files = readdirSync(world.dir).filter((name) => name.startsWith("flood.log"));
        assert.deepEqual(files.sort(), ["flood.log", "flood.log.1"]);
        const total = files.reduce((n, name) => n + statSync(join(world.dir, name)).size, 0);
        assert.ok(total <= 2 * (64 * 1024 + 100), `${total} bytes on disk`);
        assert.equal(logLines(logPath).at(-1), "stdout last");
      }),
    );
  });

  describe(`process runtime (${label}): capabilities`, () => {
    test("without isolation it says so, and why", () =>
      withWorld(plain, async (world) => {
        const capabilities = world.runtime.capabilities();
        assert.deepEqual({ ...capabilities, isolationMessage: undefined }, {
          name: "process", isolation: "none", namespaces: [], isolationMessage: undefined, mountsAtMountPath: false, tty: true,
        });
        assert.match(capabilities.isolationMessage ?? "", /plain host processes/);
      }),
    );
  });
}

processRuntimeCases("native helper", { helper: "auto" });
processRuntimeCases("util-linux programs", { helper: "never" });
