import { utf8 } from "./etcd-messages.js";

/**
 * Store keys as etcd keys: the store's namespace (a fixed byte prefix, so several stores can
 * share one etcd cluster) followed by the key's UTF-8 bytes. etcd orders keys by bytes, and
 * UTF-8 byte order is code point order, so prefix ranges work on the bytes.
 */
export class EtcdKeys {
  private readonly namespace: Buffer;

  constructor(namespace: string) {
    this.namespace = Buffer.from(namespace, "utf8");
  }

  /** The etcd key of a store key. */
  encode(key: string): Buffer {
    return Buffer.concat([this.namespace, Buffer.from(key, "utf8")]);
  }

  /** The store key of an etcd key from this namespace. */
  decode(key: Uint8Array): string {
    return utf8(key.subarray(this.namespace.length));
  }

  /**
   * The etcd range [key, range_end) of the store keys starting with prefix and, when
   * startAfter is given, strictly greater than it.
   */
  range(prefix: string, startAfter?: string): { key: Buffer; range_end: Buffer } {
    const start = this.encode(prefix);
    const end = rangeEnd(start);
    if (startAfter === undefined) return { key: start, range_end: end };
    // The smallest key strictly greater than startAfter is startAfter followed by a zero byte.
    const after = Buffer.concat([this.encode(startAfter), Buffer.from([0])]);
    return { key: Buffer.compare(after, start) > 0 ? after : start, range_end: end };
  }
}

/**
 * etcd's prefix end: the prefix with its last byte incremented, dropping trailing 0xff
 * bytes; the empty prefix (or one of only 0xff bytes) ranges to the end of the keyspace,
 * which etcd spells as a single zero byte.
 */
export function rangeEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}
