import { ProtobufDecodeError } from "./protobuf-decode-error.js";

/** Protobuf wire types. */
export const wireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** One field as it appears on the wire: number, wire type, and its raw value. */
export interface WireField {
  readonly number: number;
  readonly wireType: number;
  /** The varint for type 0; the payload bytes for types 1, 2 and 5. */
  readonly varint: bigint;
  readonly bytes: Uint8Array;
}

const empty = new Uint8Array(0);

/** Reads the fields of one message in order; repeated fields appear once per element. */
export function* readFields(buf: Uint8Array): Generator<WireField> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new ProtobufDecodeError("unexpected EOF");
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtobufDecodeError("proto: integer overflow");
    }
  };
  const take = (n: number): Uint8Array => {
    if (n < 0 || pos + n > buf.length) throw new ProtobufDecodeError("unexpected EOF");
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  while (pos < buf.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const type = Number(key & 7n);
    if (number <= 0) throw new ProtobufDecodeError(`proto: illegal tag ${number} (wire type ${type})`);
    switch (type) {
      case wireType.varint:
        yield { number, wireType: type, varint: varint(), bytes: empty };
        break;
      case wireType.fixed64:
        yield { number, wireType: type, varint: 0n, bytes: take(8) };
        break;
      case wireType.bytes:
        yield { number, wireType: type, varint: 0n, bytes: take(Number(varint())) };
        break;
      case wireType.fixed32:
        yield { number, wireType: type, varint: 0n, bytes: take(4) };
        break;
      default:
        throw new ProtobufDecodeError(`proto: illegal wireType ${type}`);
    }
  }
}

/** The varints of a packed repeated field. */
export function readPackedVarints(buf: Uint8Array): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new ProtobufDecodeError("unexpected EOF");
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
    }
    out.push(result);
  }
  return out;
}
