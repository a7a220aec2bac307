import { apiErrors } from "../api/status.js";

/**
 * The continue token of a paged list, shaped as upstream's: base64url of
 * {"v":"meta.k8s.io/v1","rv":N,"start":"<key after the list prefix>\u0000"}. rv -1 means
 * "continue at the latest revision" (the token handed back with a 410 for a compacted one).
 */

export interface ContinuePoint {
  /** The revision the list is pinned at, or -1 for the latest. */
  readonly revision: number;
  /** The last key returned, relative to the list prefix: the next page starts after it. */
  readonly after: string;
}

export function encodeContinue(point: ContinuePoint): string {
  const json = JSON.stringify({ v: "meta.k8s.io/v1", rv: point.revision, start: `${point.after}\u0000` });
  return Buffer.from(json).toString("base64url");
}

/** Decodes a token; a bad one is upstream's 400 "invalid continue token". */
export function decodeContinue(token: string): ContinuePoint {
  const invalid = (why: string): Error => apiErrors.badRequest(`invalid continue token: ${why}`);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(token)) throw new Error("illegal base64 data");
    parsed = JSON.parse(Buffer.from(token, "base64url").toString());
  } catch (err) {
    throw invalid(`continue key is not valid: ${(err as Error).message}`);
  }
  const c = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { v?: unknown; rv?: unknown; start?: unknown };
  if (c.v !== "meta.k8s.io/v1") throw invalid(`server does not recognize this encoded version ${String(c.v ?? "")}`);
  if (typeof c.rv !== "number" || c.rv === 0) {
    throw invalid("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
  if (typeof c.start !== "string" || c.start.length === 0) {
    throw invalid("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
  }
  const after = c.start.endsWith("\u0000") ? c.start.slice(0, -1) : c.start;
  return { revision: c.rv, after };
}
