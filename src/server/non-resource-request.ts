import type { ApiRequest, ApiResponse } from "./api-request.js";
import { jsonResponse, pathErrors, textResponse } from "./responses.js";
import type { VersionInfo } from "./version-info.js";

/** The OpenAPI v3 documents served under /openapi/v3. */
export interface OpenApiSource {
  /** The index: { paths: { "apis/apps/v1": { serverRelativeURL } } }. */
  index(): unknown;
  /** The document of one group-version path ("api/v1", "apis/apps/v1"), or undefined. */
  document(path: string): { body: string; hash: string } | undefined;
}

export interface NonResourceContext {
  readonly req: ApiRequest;
  readonly query: URLSearchParams;
  readonly version: VersionInfo;
  readonly openapi: OpenApiSource | undefined;
}

const healthPaths = /^\/(healthz|livez|readyz)(\/ping|\/log)?\/?$/;

/** /version, health checks and /openapi/v3; anything else is upstream's NotFoundHandler 404. */
export function nonResourceRequest(path: string, c: NonResourceContext): ApiResponse {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") throw pathErrors.notFound();
  if (path === "/version" || path === "/version/") return jsonResponse(200, c.version);
  if (healthPaths.test(path)) return healthResponse(path, c.query);
  if (path === "/openapi/v3" || path === "/openapi/v3/") return openApiIndex(c.openapi);
  if (path.startsWith("/openapi/v3/")) return openApiDocument(c, path.slice("/openapi/v3/".length));
  throw pathErrors.notFound();
}

function healthResponse(path: string, query: URLSearchParams): ApiResponse {
  const check = path.split("/")[1] ?? "healthz";
  if (!query.has("verbose")) return textResponse(200, "ok");
  return textResponse(200, `[+]ping ok\n[+]log ok\n${check} check passed\n`);
}

function openApiIndex(openapi: OpenApiSource | undefined): ApiResponse {
  if (!openapi) throw pathErrors.notFound();
  // The index changes whenever a document does, so clients must always revalidate it.
  return jsonResponse(200, openapi.index(), { "cache-control": "no-cache, private" });
}

function openApiDocument(c: NonResourceContext, path: string): ApiResponse {
  const doc = c.openapi?.document(path);
  if (!doc) throw pathErrors.notFound();
  const hash = c.query.get("hash");
  // As upstream: a stale hash is redirected to the current one, so cached URLs never serve old content.
  if (hash !== null && hash !== doc.hash) {
    return { status: 301, headers: { location: `/openapi/v3/${path}?hash=${doc.hash}`, "cache-control": "no-cache, private" } };
  }
  const cacheControl = hash === null ? "no-cache, private" : "public, immutable";
  return { status: 200, headers: { "content-type": "application/json", etag: `"${doc.hash}"`, "cache-control": cacheControl }, body: doc.body };
}
