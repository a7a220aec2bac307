import type { PodStreams } from "../api/pod-streams.js";
import { apiErrors } from "../api/status.js";
import { newRequestContext, type Registry, type RequestContext } from "../registry/registry.js";
import type { Clock } from "../util/clock.js";
import { type ApiRequest, type ApiResponse, headerValue } from "./api-request.js";
import { type Authenticator, isPublicPath, type UserInfo } from "./authenticator.js";
import { discoveryRequest } from "./discovery/discovery-request.js";
import { nonResourceRequest, type OpenApiSource } from "./non-resource-request.js";
import { type RequestInfo, requestInfo, type ResourceRequestInfo } from "./request-info.js";
import type { ResourceCall } from "./resource-call.js";
import { checkRoute, resourceRequest } from "./resource-request.js";
import { errorResponse, pathErrors } from "./responses.js";
import { defaultVersionInfo, type VersionInfo } from "./version-info.js";
import { withWarnings } from "./warnings.js";
import { openApiV3 } from "./openapi/openapi-v3.js";
import { catalogTypeLookup, type TypeLookup } from "./type-lookup.js";

export interface ApiHandlerDeps {
  readonly registry: Registry;
  readonly clock: Clock;
  /** Without one every request is served (tests, or a listener bound to loopback only). */
  readonly authenticator?: Authenticator;
  /** The node side of log/exec/attach/portforward; without it those answer 503. */
  readonly podStreams?: PodStreams;
  readonly version?: VersionInfo;
  /** Type schemas (unknown fields, protobuf, OpenAPI); api/schema's catalog by default. */
  readonly types?: TypeLookup;
  /** OpenAPI v3 documents; by default built from the resource table and api/schema. */
  readonly openapi?: OpenApiSource;
  /** host:port this server is reached at, for legacy /api discovery. */
  readonly serverAddress?: string;
  /** Bodies larger than this get 413 (default 3 MiB, as upstream). */
  readonly maxBodyBytes?: number;
  /**
   * Paths outside the Kubernetes API served by their own handler after authentication, such as
   * the CLI's "/tinykube/clock": the wiring adds them, the server knows nothing of what they do.
   */
  readonly extraPaths?: ReadonlyMap<string, (req: ApiRequest) => Promise<ApiResponse>>;
}

export interface ApiHandler {
  handle(req: ApiRequest): Promise<ApiResponse>;
  /**
   * Authenticates and routes a request to a resource without running it: what a WebSocket
   * upgrade (exec, attach) needs before it answers 101. Throws a StatusError to refuse.
   */
  resolveResource(req: ApiRequest): ResourceCall;
}

export const defaultMaxBodyBytes = 3 * 1024 * 1024;

/** The server as a function: one request in, one response out. */
export function createApiHandler(deps: ApiHandlerDeps): ApiHandler {
  const version = deps.version ?? defaultVersionInfo();
  const maxBody = deps.maxBodyBytes ?? defaultMaxBodyBytes;
  const types = deps.types ?? catalogTypeLookup();
  const openapi = deps.openapi ?? openApiV3(deps.registry.resources);

  function route(req: ApiRequest): RoutedResult {
    const url = new URL(req.url, "http://tinykube.invalid");
    const auth = authenticate(deps.authenticator, req, url.pathname);
    const ctx = newRequestContext(auth?.name, headerValue(req.headers, "user-agent"));
    const info = requestInfo(req.method, url.pathname, url.searchParams);
    return { url, ctx, info, user: auth };
  }

  async function handle(req: ApiRequest): Promise<ApiResponse> {
    let warnings: readonly string[] = [];
    try {
      if (req.body && req.body.length > maxBody) throw apiErrors.tooLarge(`limit is ${maxBody}`);
      const routed = route(req);
      warnings = routed.ctx.warnings;
      const res = await dispatch(req, routed);
      return { ...res, headers: withWarnings(res.headers, warnings) };
    } catch (err) {
      return errorResponse(err, withWarnings({}, warnings));
    }
  }

  async function dispatch(req: ApiRequest, r: RoutedResult): Promise<ApiResponse> {
    const { info } = r;
    switch (info.kind) {
      case "discovery":
        return discoveryRequest(info, {
          table: deps.registry.resources,
          accept: headerValue(req.headers, "accept"),
          serverAddress: deps.serverAddress ?? headerValue(req.headers, "host") ?? "127.0.0.1",
        });
      case "nonresource": {
        const extra = deps.extraPaths?.get(info.path);
        if (extra) return extra(req);
        return nonResourceRequest(info.path, { req, query: r.url.searchParams, version, openapi });
      }
      case "resource":
        return resourceRequest(resourceCall(req, r, info));
    }
  }

  function resourceCall(req: ApiRequest, r: RoutedResult, info: ResourceRequestInfo): ResourceCall {
    const table = deps.registry.resources;
    if (table.atVersion(info.group, info.version).length === 0) throw pathErrors.notFound();
    const def = table.lookup({ group: info.group, version: info.version, resource: info.resource });
    if (!def) throw pathErrors.noRoute();
    if (def.info.deprecationWarning) r.ctx.warnings.push(def.info.deprecationWarning);
    checkRoute(info, def);
    return {
      req,
      info,
      query: r.url.searchParams,
      def,
      ref: { group: info.group, version: info.version, resource: info.resource },
      namespace: def.info.namespaced ? info.namespace : undefined,
      ctx: r.ctx,
      registry: deps.registry,
      clock: deps.clock,
      types,
      podStreams: deps.podStreams,
    };
  }

  function resolveResource(req: ApiRequest): ResourceCall {
    const routed = route(req);
    if (routed.info.kind !== "resource") throw pathErrors.notFound();
    return resourceCall(req, routed, routed.info);
  }

  return { handle, resolveResource };
}

interface RoutedResult {
  readonly url: URL;
  readonly ctx: RequestContext;
  readonly info: RequestInfo;
  readonly user: UserInfo | undefined;
}

/** The user of a request; throws 401 for bad credentials, or none where anonymous may not go. */
function authenticate(authenticator: Authenticator | undefined, req: ApiRequest, path: string): UserInfo | undefined {
  if (!authenticator) return undefined;
  const r = authenticator.authenticate(req);
  if (r.outcome === "authenticated") return r.user;
  if (r.outcome === "anonymous" && isPublicPath(path)) return { name: "system:anonymous", groups: ["system:unauthenticated"] };
  throw apiErrors.unauthorized();
}
