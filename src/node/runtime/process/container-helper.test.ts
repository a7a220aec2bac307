// The native helper through its frames, and what happens to containers when Node or the helper
// goes away. What containers do is the runtime suites' business (process-runtime.test.ts).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eventually } from "../conformance/harness.js";
import { ContainerHelper } from "./container-helper.js";
import { helperBinary } from "./helper-binary.js";
import { findProgram } from "./host-support.js";
import type { Frame, StartRequest } from "./helper-protocol.js";

const built = process.platform === "linux" ? await helperBinary() : { unavailable: "not Linux" };
const skip = "path" in built ? false : `no native helper: ${built.unavailable}`;
const root = process.getuid?.() === 0;
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

/** A plain process (no namespaces) running argv (the helper runs the file it is given: no PATH search). */
function plain(argv: string[], more: Partial<StartRequest> = {}): StartRequest {
  const file = argv[0]!.startsWith("/") ? argv[0]! : findProgram(argv[0]!)!;
  return { stdin: false, idle: false, file, argv, env: new Map([["PATH", "/usr/bin:/bin"]]), ops: [{ op: "chdir", dir: "/" }], ...more };
}

/** Starts request and collects its frames until it has failed, or exited and closed. */
function run(helper: ContainerHelper, request: StartRequest, onFrame: (frame: Frame, id: number) => void = () => undefined): { id: number; frames: Promise<Frame[]> } {
  const frames: Frame[] = [];
  let done!: (frames: Frame[]) => void;
  const all = new Promise<Frame[]>((resolve) => (done = resolve));
  const id: number = helper.start(request, (frame) => {
    frames.push(frame);
    onFrame(frame, id);
    const kinds = frames.map((f) => f.kind);
    if (frame.kind === "f" || (kinds.includes("x") && kinds.includes("c"))) done(frames);
  });
  return { id, frames: all };
}

/** "kind payload" of each frame, output as text, exits decoded. */
function readable(frames: Frame[]): string[] {
  return frames.map((f) => {
    if (f.kind === "r") return "r";
    if (f.kind === "x") return `x ${f.payload.readInt32LE(0)} ${f.payload.readInt32LE(4)}`;
    return f.payload.length > 0 ? `${f.kind} ${f.payload.toString()}` : f.kind;
  });
}

describe("container helper", { skip }, () => {
  let helper: ContainerHelper;
  before(() => {
    helper = new ContainerHelper((built as { path: string }).path);
  });
  after(() => helper.close());

  test("a container's output comes as it writes it, then its exit and the end of its output", async () => {
    const { frames } = run(helper, plain(["sh", "-c", "echo out; echo err >&2; exit 3"]));
    const got = readable(await frames);
    assert.equal(got[0], "r");
    assert.deepEqual(got.filter((f) => f.startsWith("o") || f.startsWith("e")).sort(), ["e err\n", "o out\n"]);
    assert.deepEqual(got.slice(-2).sort(), ["c", "x 3 0"]);
  });

  test("stdin sent in frames reaches the container, and its end ends cat", async () => {
    const { frames } = run(helper, plain(["cat"], { stdin: true }), (frame, id) => {
      if (frame.kind !== "r") return;
      helper.writeStdin(id, Buffer.from("through "));
      helper.writeStdin(id, Buffer.from("the helper\n"));
      helper.endStdin(id);
    });
    const got = readable(await frames);
    assert.equal(got.filter((f) => f.startsWith("o ")).map((f) => f.slice(2)).join(""), "through the helper\n");
    assert.ok(got.includes("x 0 0"));
  });

  test("a signal reaches the main process; one killed by it exits with the signal, not a code", async () => {
    const { frames } = run(helper, plain(["sleep", "1000"]), (frame, id) => {
      if (frame.kind === "r") helper.signal(id, 15, { group: false });
    });
    assert.ok(readable(await frames).includes("x -1 15"));
  });

  test("a file that cannot be executed fails the start, in runc's words", async () => {
    const { frames } = run(helper, plain(["/no/such/program"]));
    assert.deepEqual(readable(await frames), ["f unable to start container process: exec /no/such/program: no such file or directory"]);
  });

  test("a working directory that is missing fails the start", async () => {
    const { frames } = run(helper, plain(["true"], { file: "/bin/true", ops: [{ op: "chdir", dir: "/no/such/dir" }] }));
    assert.deepEqual(readable(await frames), ['f unable to start container process: chdir to cwd ("/no/such/dir"): no such file or directory']);
  });

  test("a mount that fails fails the start, naming its source and target", { skip: !root && "namespaces need root" }, async () => {
    const sandbox = await helper.createSandbox("mount-failure");
    const ops = [{ op: "private" as const }, { op: "bind" as const, source: "/no/such/volume", target: "/mnt" }];
    const { frames } = run(helper, plain(["true"], { sandbox, file: "/bin/true", ops }));
    assert.deepEqual(readable(await frames), ['f error mounting "/no/such/volume" to rootfs at "/mnt": no such file or directory']);
    helper.removeSandbox(sandbox);
  });

  test("a start in a sandbox that is gone fails", { skip: !root && "namespaces need root" }, async () => {
    const sandbox = await helper.createSandbox("gone");
    helper.removeSandbox(sandbox);
    const { frames } = run(helper, plain(["true"], { sandbox, file: "/bin/true", ops: [] }));
    assert.deepEqual(readable(await frames), ["f unable to start container process: the pod's sandbox is gone"]);
  });

  test("when the helper dies, its running containers are reported killed, their processes die with it, and later starts fail", async () => {
    const doomed = new ContainerHelper((built as { path: string }).path);
    const marker = `${process.pid}${markers++}`;
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    const { frames } = run(doomed, plain(["sleep", `1000.${marker}`]), (frame) => frame.kind === "r" && running());
    await started;
    process.kill(doomed.pid!, "SIGKILL");
    assert.deepEqual(readable(await frames).slice(-2), ["x -1 9", "c"]);
    await eventually(() => processesTagged(`1000.${marker}`).length === 0, "the container to die with the helper", 5000);
    const later = run(doomed, plain(["true"]));
    assert.match(readable(await later.frames)[0] ?? "", /^f the container helper exited with SIGKILL/);
    await doomed.close();
  });
});

describe("process runtime and Node's end", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "tinykube-helper-node-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const runtimeModule = join(import.meta.dirname, "process-runtime.ts");
  const clockModule = join(import.meta.dirname, "..", "..", "..", "util", "clock.ts");

  /** Runs body (an ESM script with `runtime` and `sandbox` in scope) in a new Node process. */
  function nodeWith(body: string): ReturnType<typeof spawn> {
    const script = join(dir, `script-${markers++}.mts`);
    writeFileSync(script, [
      `import { ProcessRuntime } from ${JSON.stringify(runtimeModule)};`,
      `import { RealClock } from ${JSON.stringify(clockModule)};`,
      "const runtime = new ProcessRuntime({ clock: new RealClock() });",
      `const sandbox = await runtime.createSandbox({ uid: "u", namespace: "n", name: "p", hostname: "p" });`,
      body,
    ].join("\n"));
    return spawn(process.execPath, ["--import", "tsx", script], { cwd: join(import.meta.dirname, "..", "..", "..", ".."), stdio: ["ignore", "pipe", "inherit"] });
  }

  test("Node exits by itself once nothing runs: the helper then holds no reference to its event loop", async () => {
    const child = nodeWith(`const c = await sandbox.startContainer({ name: "c", argv: ["true"], env: [], mounts: [], logPath: ${JSON.stringify(join(dir, "a.log"))} });\nawait c.exited;\nconsole.log("done");`);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(code, 0);
    assert.equal(output, "done\n");
  });

  test("when Node is killed, its containers die too", async () => {
    const marker = `${process.pid}${markers++}`;
    const child = nodeWith(`const c = await sandbox.startContainer({ name: "c", argv: ["sleep", "1000.${marker}"], env: [], mounts: [], logPath: ${JSON.stringify(join(dir, "b.log"))} });\nconsole.log("started", JSON.stringify(c.status()));`);
    const status = await new Promise<string>((resolve) => child.stdout!.on("data", (chunk: Buffer) => resolve(chunk.toString())));
    assert.match(status, /^started \{"state":"running"/);
    assert.equal(processesTagged(`1000.${marker}`).length, 1);
    child.kill("SIGKILL");
    await eventually(() => processesTagged(`1000.${marker}`).length === 0, "the container to die with Node", 5000);
  });
});
