/** Upstream's FieldManagerMaxLength. */
const maxManagerLength = 128;

/**
 * The manager name upstream derives from a User-Agent when no fieldManager is given: what
 * precedes the first "/", printable characters only, at most 128 bytes
 * ("kubectl.1.32/v1.32.5 (linux/amd64) …" → "kubectl.1.32").
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  // in-process writes (every controller's) carry no User-Agent
  if (!userAgent) return "";
  const prefix = userAgent.split("/")[0] ?? "";
  // the common case, asked once per write: nothing to drop, nothing to cut
  if (prefix.length <= maxManagerLength / 4 && !/\p{C}/u.test(prefix)) return prefix;
  let out = "";
  for (const ch of prefix) {
    if (/\p{C}/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > maxManagerLength) break;
    out += ch;
  }
  return out;
}
