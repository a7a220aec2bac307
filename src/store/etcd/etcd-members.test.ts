import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GrpcFrameReader, grpcFrame } from "./etcd-members.js";

const messages = [Buffer.from("first"), Buffer.alloc(0), Buffer.from("x".repeat(70_000)), Buffer.from("last")];
const stream = Buffer.concat(messages.map((m) => grpcFrame(m)));

describe("gRPC frame reader", () => {
  const cases: { name: string; cuts: (length: number) => number[] }[] = [
    { name: "all in one chunk", cuts: () => [] },
    { name: "one byte at a time", cuts: (n) => Array.from({ length: n - 1 }, (_, i) => i + 1) },
    { name: "cut inside a length prefix and inside a message", cuts: () => [3, 7, 12, 15, 5000, 70_011] },
    { name: "cut at every message boundary", cuts: () => [10, 15, 70_020] },
  ];
  for (const { name, cuts } of cases) {
    test(`gives every message once, in order: ${name}`, () => {
      const reader = new GrpcFrameReader();
      const bounds = [0, ...cuts(stream.length), stream.length];
      const out: string[] = [];
      for (let i = 1; i < bounds.length; i++) for (const m of reader.push(stream.subarray(bounds[i - 1], bounds[i]))) out.push(m.toString());
      assert.deepEqual(out, messages.map((m) => m.toString()));
      assert.equal(reader.partial, false);
    });
  }

  test("a message not yet whole stays pending", () => {
    const reader = new GrpcFrameReader();
    assert.deepEqual(reader.push(grpcFrame(Buffer.from("whole")).subarray(0, 7)), []);
    assert.equal(reader.partial, true);
  });

  test("a compressed message is refused: none was asked for", () => {
    const frame = grpcFrame(Buffer.from("z"));
    frame[0] = 1;
    assert.throws(() => new GrpcFrameReader().push(frame), /compressed/);
  });
});
