/** The label carrying a ControllerRevision's hash (history.ControllerRevisionHashLabel). */
export const revisionHashLabel = "controller.kubernetes.io/hash";

/** FNV-1, 32 bits (Go's hash/fnv New32), over bytes. */
export function fnv32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/** apimachinery's rand.SafeEncodeString alphabet: no vowels, no look-alike digits. */
const alphanums = "bcdfghjklmnpqrstvwxz2456789";

export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) out += alphanums[ch.codePointAt(0)! % alphanums.length];
  return out;
}

const encoder = new TextEncoder();

/**
 * history.HashControllerRevision: FNV-1 of the revision's raw data, then of the collision count in
 * decimal when there is one, written as the decimal of the hash through SafeEncodeString.
 */
export function hashRevision(rawData: string, collisionCount: number | undefined): string {
  const data = collisionCount === undefined ? rawData : rawData + String(collisionCount);
  return safeEncodeString(String(fnv32(encoder.encode(data))));
}

/** history.ControllerRevisionName: prefix-hash, the prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}
