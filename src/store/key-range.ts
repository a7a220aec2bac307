/**
 * Prefix matching is plain string prefix matching, as in etcd: "/a/b" also matches
 * "/a/bc/x". Callers that mean a folder end the prefix with "/" by convention
 * ("/registry/pods/default/"), which is what isolates "/a/b/" from "/a/bc/".
 */

/**
 * Above every key: U+10FFFF is the largest code point, so its UTF-8 form sorts after
 * every other character under both SQLite's byte order and JavaScript's comparison.
 */
const HIGHEST = "\u{10FFFF}";

/** The half-open key range [start, end) holding exactly the keys that start with prefix. */
export interface KeyRange {
  readonly start: string;
  readonly end: string;
}

export function prefixRange(prefix: string): KeyRange {
  return { start: prefix, end: prefixEnd(prefix) };
}

/**
 * The smallest string greater than every string starting with prefix: the prefix with
 * its last character incremented, dropping trailing characters that cannot be.
 */
export function prefixEnd(prefix: string): string {
  let end = prefix;
  while (end.length > 0) {
    const last = end.charCodeAt(end.length - 1);
    if (last < 0xffff) return end.slice(0, -1) + String.fromCharCode(last + 1);
    end = end.slice(0, -1);
  }
  return HIGHEST;
}
