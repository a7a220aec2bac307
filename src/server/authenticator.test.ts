import assert from "node:assert/strict";
import { test } from "node:test";
import { certificateAuthenticator, isPublicPath, tokenAuthenticator, unionAuthenticator } from "./authenticator.js";
import type { ApiRequest } from "./api-request.js";

const admin = { name: "admin", groups: ["system:masters"] };
const auth = unionAuthenticator(tokenAuthenticator(new Map([["s3cret", admin]])), certificateAuthenticator());
const req = (headers: Record<string, string>, cert?: ApiRequest["clientCertificate"]): ApiRequest => ({ method: "GET", url: "/api", headers, ...(cert ? { clientCertificate: cert } : {}) });

const cases = [
  { name: "the right bearer token authenticates its user", req: req({ authorization: "Bearer s3cret" }), expect: { outcome: "authenticated", user: admin } },
  { name: "a wrong bearer token is rejected", req: req({ authorization: "Bearer nope" }), expect: { outcome: "rejected" } },
  { name: "a malformed authorization header is rejected", req: req({ authorization: "Basic abc" }), expect: { outcome: "rejected" } },
  { name: "no credentials is anonymous", req: req({}), expect: { outcome: "anonymous" } },
  {
    name: "a verified client certificate maps CN to the user and O to groups",
    req: req({}, { commonName: "kubernetes-admin", organizations: ["system:masters"] }),
    expect: { outcome: "authenticated", user: { name: "kubernetes-admin", groups: ["system:masters"] } },
  },
];

for (const c of cases) test(c.name, () => assert.deepEqual(auth.authenticate(c.req), c.expect));

test("version and health paths are public; API paths are not", () => {
  assert.deepEqual(["/version", "/healthz", "/livez", "/readyz", "/readyz/ping", "/api", "/openapi/v3", "/versions"].map(isPublicPath), [
    true,
    true,
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
});
