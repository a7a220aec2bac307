import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeExit, encodeFrame, encodeStart, FrameReader, opText } from "./helper-protocol.js";
import type { HelperOp } from "./helper-protocol.js";

describe("helper frames", () => {
  const frames = [encodeFrame("S", 1, Buffer.from("web-0")), encodeFrame("J", 2), encodeFrame("I", 70000, Buffer.alloc(100_000, 7))];
  const stream = Buffer.concat(frames);

  const cuts: Array<{ name: string; chunks: Buffer[] }> = [
    { name: "all frames in one chunk come out in order", chunks: [stream] },
    { name: "a stream cut into single bytes gives the same frames", chunks: [...stream].map((b) => Buffer.of(b)) },
    { name: "a cut inside a length prefix and one inside a payload are joined", chunks: [stream.subarray(0, 2), stream.subarray(2, 30), stream.subarray(30)] },
  ];
  for (const c of cuts) {
    test(c.name, () => {
      const reader = new FrameReader();
      const got = c.chunks.flatMap((chunk) => reader.push(chunk));
      assert.deepEqual(
        got.map((f) => [f.kind, f.id, f.payload.length]),
        [["S", 1, 5], ["J", 2, 0], ["I", 70000, 100_000]],
      );
      assert.equal(got[0]!.payload.toString(), "web-0");
    });
  }

  test("a frame is its length (kind, id and payload), its kind, its id, little-endian", () => {
    assert.deepEqual([...encodeFrame("K", 258, Buffer.of(9))], [6, 0, 0, 0, 0x4b, 2, 1, 0, 0, 9]);
  });

  test("a length too small to hold a kind and an id is refused", () => {
    assert.throws(() => new FrameReader().push(Buffer.of(4, 0, 0, 0, 0x72, 0, 0, 0, 0)), /a frame of 4 bytes/);
  });

  test("an exit payload: a code, or -1 and the signal that killed it", () => {
    const exit = (code: number, signal: number) => {
      const b = Buffer.alloc(8);
      b.writeInt32LE(code, 0);
      b.writeInt32LE(signal, 4);
      return decodeExit(b);
    };
    assert.deepEqual(exit(3, 0), { code: 3, signal: null });
    assert.deepEqual(exit(-1, 9), { code: null, signal: 9 });
  });
});

describe("helper start fields", () => {
  /** The fields of an encoded start, as [tag, text]. */
  function fields(buffer: Buffer): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (let at = 0; at < buffer.length; ) {
      const length = buffer.readUInt32LE(at + 1);
      const value = buffer.subarray(at + 5, at + 5 + length);
      out.push([String.fromCharCode(buffer[at]!), buffer[at] === 0x6e ? String(value.readUInt32LE(0)) : value.toString()]);
      at += 5 + length;
    }
    return out;
  }

  test("a start names its sandbox, stdin, the file, argv, the environment in order, then the ops", () => {
    const encoded = encodeStart({
      sandbox: 7,
      stdin: true,
      idle: false,
      file: "/usr/bin/env",
      argv: ["env", "a b"],
      env: new Map([["PATH", "/bin"], ["EMPTY", ""]]),
      ops: [{ op: "private" }, { op: "chdir", dir: "/work dir" }],
    });
    assert.deepEqual(fields(encoded), [
      ["n", "7"], ["i", ""], ["x", "/usr/bin/env"], ["a", "env"], ["a", "a b"], ["e", "PATH=/bin"], ["e", "EMPTY="], ["o", "P"], ["o", "C\0/work dir"],
    ]);
  });

  test("an idle start without a sandbox has no file and no namespaces", () => {
    const encoded = encodeStart({ stdin: false, idle: true, argv: [], env: new Map(), ops: [] });
    assert.deepEqual(fields(encoded), [["d", ""]]);
  });

  const ops: Array<{ op: HelperOp; text: string }> = [
    { op: { op: "tmpfs", target: "/s/layers", options: "mode=0700,size=512m" }, text: "T\0/s/layers\0mode=0700,size=512m" },
    { op: { op: "mkdir", path: "/a b" }, text: "D\0/a b" },
    { op: { op: "touch", path: "/dev/termination-log" }, text: "F\0/dev/termination-log" },
    { op: { op: "overlay", target: "/m", options: "lowerdir=/" }, text: "O\0/m\0lowerdir=/" },
    { op: { op: "proc", target: "/m/proc" }, text: "R\0/m/proc" },
    { op: { op: "bind", source: "/dev", target: "/m/dev", recursive: true }, text: "B\0/dev\0/m/dev\0r" },
    { op: { op: "bind", source: "/v", target: "/m/data", readOnly: true }, text: "B\0/v\0/m/data\0o" },
    { op: { op: "bind", source: "/v", target: "/m/data" }, text: "B\0/v\0/m/data\0" },
    { op: { op: "root", dir: "/m" }, text: "M\0/m" },
  ];
  for (const c of ops) {
    test(`the ${c.op.op} op reads ${JSON.stringify(c.text)}`, () => assert.equal(opText(c.op), c.text));
  }

  test("a path with a NUL byte cannot be sent", () => {
    assert.throws(() => opText({ op: "mkdir", path: "/a\0b" }), /NUL/);
  });
});
