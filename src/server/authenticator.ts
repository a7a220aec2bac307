import { timingSafeEqual } from "node:crypto";
import { type ApiRequest, headerValue } from "./api-request.js";

export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

/**
 * What an authenticator concludes: a user; no credentials at all (anonymous); or
 * credentials that were presented and are wrong (always 401, as upstream).
 */
export type AuthResult =
  | { readonly outcome: "authenticated"; readonly user: UserInfo }
  | { readonly outcome: "anonymous" }
  | { readonly outcome: "rejected" };

export interface Authenticator {
  authenticate(req: ApiRequest): AuthResult;
}

const anonymous: AuthResult = { outcome: "anonymous" };
const rejected: AuthResult = { outcome: "rejected" };

function bearerToken(req: ApiRequest): string | undefined {
  const auth = headerValue(req.headers, "authorization");
  if (auth === undefined) return undefined;
  const m = /^bearer\s+(\S+)\s*$/i.exec(auth);
  return m ? m[1] : "";
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Static bearer tokens (upstream's --token-auth-file): token → user. */
export function tokenAuthenticator(tokens: ReadonlyMap<string, UserInfo>): Authenticator {
  return {
    authenticate(req) {
      const token = bearerToken(req);
      if (token === undefined) return anonymous;
      for (const [known, user] of tokens) {
        if (sameSecret(token, known)) return { outcome: "authenticated", user };
      }
      return rejected;
    },
  };
}

/**
 * X.509 client certificates: the TLS layer verified the chain; the user is the subject's
 * CN and the groups its O values, as upstream's x509 authenticator maps them.
 */
export function certificateAuthenticator(): Authenticator {
  return {
    authenticate(req) {
      const cert = req.clientCertificate;
      if (!cert || cert.commonName === "") return anonymous;
      return { outcome: "authenticated", user: { name: cert.commonName, groups: [...cert.organizations] } };
    },
  };
}

/** Tries each in turn: the first that authenticates wins; any rejection with none accepting rejects. */
export function unionAuthenticator(...authenticators: readonly Authenticator[]): Authenticator {
  return {
    authenticate(req) {
      let sawRejection = false;
      for (const a of authenticators) {
        const r = a.authenticate(req);
        if (r.outcome === "authenticated") return r;
        if (r.outcome === "rejected") sawRejection = true;
      }
      return sawRejection ? rejected : anonymous;
    },
  };
}

/**
 * Paths upstream's RBAC lets system:anonymous read (the system:public-info-viewer role), so
 * version probes and health checks work without credentials.
 */
export function isPublicPath(path: string): boolean {
  return /^\/(version|healthz|livez|readyz)(\/.*)?$/.test(path);
}
