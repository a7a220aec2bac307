// Exec in the simulated runtime: what the small shell answers, and the files a container keeps.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { VirtualClock } from "../../../util/virtual-clock.js";
import { readAll } from "../conformance/harness.js";
import type { Container, MountSpec } from "../runtime.js";
import { SimulatedRuntime } from "./simulated-runtime.js";

const dir = mkdtempSync(join(tmpdir(), "tinykube-sim-exec-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function container(argv: string[], mounts: MountSpec[] = []): Promise<{ clock: VirtualClock; main: Container }> {
  const clock = new VirtualClock(Date.parse("2024-06-01T12:00:00Z"));
  const sandbox = await new SimulatedRuntime({ clock }).createSandbox({ uid: `u${n}`, namespace: "ns", name: `p${n}`, hostname: `p${n}` });
  const main = await sandbox.startContainer({ name: "main", argv, env: [{ name: "NAME", value: "world" }], mounts, logPath: join(dir, `${n++}.log`) });
  return { clock, main };
}

async function exec(main: Container, command: string[]): Promise<[number, string, string]> {
  const session = await main.exec({ command, stdin: false, stdout: true, stderr: true, tty: false });
  const [out, err, code] = await Promise.all([readAll(session.stdout), readAll(session.stderr), session.exit]);
  return [code, out, err];
}

describe("simulated exec", () => {
  const answers: Array<{ name: string; command: string[]; expect: [number, string, string] }> = [
    { name: "echo prints its arguments", command: ["echo", "hello", "there"], expect: [0, "hello there\n", ""] },
    { name: "variables expand from the container's environment", command: ["sh", "-c", 'echo "hello $NAME"'], expect: [0, "hello world\n", ""] },
    { name: "true, false and exit N give their codes", command: ["sh", "-c", "true && false || exit 4"], expect: [4, "", ""] },
    { name: "a program the simulator lacks, inside a script, exits 127", command: ["sh", "-c", "curl localhost"], expect: [127, "", "sh: 1: curl: not available in the simulated runtime\n"] },
    { name: "a file outside the volumes that nobody wrote is missing", command: ["cat", "/etc/os-release"], expect: [1, "", "cat: /etc/os-release: No such file or directory\n"] },
    { name: "test checks files and strings", command: ["sh", "-c", "[ -d /tmp ] && test ! -e /nope && [ a = a ] && echo yes"], expect: [0, "yes\n", ""] },
    { name: "stderr can be sent to stdout and stdout to stderr", command: ["sh", "-c", "echo one >&2; cat /nope 2>&1"], expect: [1, "cat: /nope: No such file or directory\n", "one\n"] },
  ];
  for (const c of answers) {
    test(c.name, async () => {
      const { main } = await container(["sleep", "3600"]);
      assert.deepEqual(await exec(main, c.command), c.expect);
    });
  }

  test("a file the main process writes outside its volumes is seen by execs until it is removed (an exec probe)", async () => {
    const { clock, main } = await container(["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]);
    assert.deepEqual(await exec(main, ["cat", "/tmp/healthy"]), [0, "", ""]);
    await clock.advance(30_000);
    assert.deepEqual(await exec(main, ["cat", "/tmp/healthy"]), [1, "", "cat: /tmp/healthy: No such file or directory\n"]);
  });

  test("volumes are the host's directories: ls lists them, writes land there, readOnly refuses", async () => {
    const volume = join(dir, `volume-${n}`);
    mkdirSync(volume);
    writeFileSync(join(volume, "b.txt"), "");
    writeFileSync(join(volume, "a.txt"), "");
    const { main } = await container(["sleep", "3600"], [{ hostPath: volume, mountPath: "/data" }, { hostPath: volume, mountPath: "/ro", readOnly: true }]);
    assert.deepEqual(await exec(main, ["ls", "/data"]), [0, "a.txt\nb.txt\n", ""]);
    assert.deepEqual(await exec(main, ["sh", "-c", "echo saved > /data/c.txt"]), [0, "", ""]);
    assert.equal(readFileSync(join(volume, "c.txt"), "utf8"), "saved\n");
    assert.deepEqual(await exec(main, ["sh", "-c", "echo no > /ro/d.txt"]), [2, "", "sh: 1: cannot create /ro/d.txt: Read-only file system\n"]);
  });

  test("an exec's sleep takes clock time, and closing the session ends it", async () => {
    const { clock, main } = await container(["sleep", "3600"]);
    const sleeping = await main.exec({ command: ["sleep", "10"], stdin: false, stdout: true, stderr: true, tty: false });
    let code: number | undefined;
    void sleeping.exit.then((c) => (code = c));
    await clock.advance(9_999);
    assert.equal(code, undefined);
    await clock.advance(1);
    assert.equal(code, 0);
    const closed = await main.exec({ command: ["sleep", "10"], stdin: false, stdout: true, stderr: true, tty: false });
    closed.close();
    assert.equal(await closed.exit, 137);
  });
});
