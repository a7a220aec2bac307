import assert from "node:assert/strict";
import { test } from "node:test";
import { integer, namedBits, objectIdentifier, time, tlv } from "./der.js";

const hex = (b: Buffer): string => b.toString("hex");

test("DER encodings match their X.509 examples", () => {
  const cases: Array<{ name: string; got: Buffer; want: string }> = [
    { name: "short length", got: tlv(0x04, Buffer.alloc(3)), want: "0403000000" },
    { name: "long length (200 bytes)", got: tlv(0x04, Buffer.alloc(200)).subarray(0, 3), want: "0481c8" },
    { name: "long length (300 bytes)", got: tlv(0x04, Buffer.alloc(300)).subarray(0, 4), want: "0482012c" },
    { name: "integer 2", got: integer(Buffer.from([2])), want: "020102" },
    { name: "integer with the high bit set gets a 0 prefix", got: integer(Buffer.from([0x80])), want: "02020080" },
    { name: "integer leading zeros are dropped", got: integer(Buffer.from([0, 0, 5])), want: "020105" },
    { name: "ecdsa-with-SHA256", got: objectIdentifier("1.2.840.10045.4.3.2"), want: "06082a8648ce3d040302" },
    { name: "keyUsage keyCertSign, cRLSign", got: namedBits([5, 6]), want: "03020106" },
    { name: "keyUsage digitalSignature", got: namedBits([0]), want: "03020780" },
    { name: "keyUsage digitalSignature, keyEncipherment", got: namedBits([0, 2]), want: "030205a0" },
    { name: "UTCTime before 2050", got: time(new Date("2036-01-02T03:04:05Z")), want: hex(Buffer.from("\x17\x0d360102030405Z", "latin1")) },
    { name: "GeneralizedTime from 2050", got: time(new Date("2050-01-02T03:04:05Z")), want: hex(Buffer.from("\x18\x0f20500102030405Z", "latin1")) },
  ];
  for (const c of cases) assert.equal(hex(c.got), c.want, c.name);
});
