/**
 * What a URL asks for, decided from the path alone as upstream's RequestInfoFactory does:
 * discovery documents, a resource request (group, version, namespace, resource, name,
 * subresource, verb), or a non-resource path (/version, /healthz, /openapi/v3...).
 */

export type ResourceVerb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export interface ResourceRequestInfo {
  readonly kind: "resource";
  readonly verb: ResourceVerb;
  readonly group: string;
  readonly version: string;
  readonly namespace?: string;
  readonly resource: string;
  readonly name?: string;
  readonly subresource?: string;
  /** Path segments after the subresource (proxy paths); a non-empty value is not served. */
  readonly extra: readonly string[];
}

export type DiscoveryRequestInfo =
  | { readonly kind: "discovery"; readonly doc: "core-versions" }
  | { readonly kind: "discovery"; readonly doc: "groups" }
  | { readonly kind: "discovery"; readonly doc: "group"; readonly group: string }
  | { readonly kind: "discovery"; readonly doc: "resources"; readonly group: string; readonly version: string };

export interface NonResourceRequestInfo {
  readonly kind: "nonresource";
  readonly path: string;
}

export type RequestInfo = ResourceRequestInfo | DiscoveryRequestInfo | NonResourceRequestInfo;

/** Namespace subresources that stay on the namespace itself (not a namespaced resource). */
const namespaceSubresources = new Set(["status", "finalize"]);

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "").map(decodeSegment);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parses method + path (+ whether ?watch was set) into a RequestInfo. */
export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = splitPath(path);
  const prefix = parts[0];
  if (prefix === "api") return apiPath(method, parts.slice(1), query, path);
  if (prefix === "apis") return apisPath(method, parts.slice(1), query, path);
  return { kind: "nonresource", path };
}

function apiPath(method: string, rest: string[], query: URLSearchParams, path: string): RequestInfo {
  if (rest.length === 0) return { kind: "discovery", doc: "core-versions" };
  const [version, ...tail] = rest as [string, ...string[]];
  if (tail.length === 0) return { kind: "discovery", doc: "resources", group: "", version };
  return resourcePath({ method, group: "", version, parts: tail, query }) ?? { kind: "nonresource", path };
}

function apisPath(method: string, rest: string[], query: URLSearchParams, path: string): RequestInfo {
  if (rest.length === 0) return { kind: "discovery", doc: "groups" };
  const [group, version, ...tail] = rest as [string, ...string[]];
  if (version === undefined) return { kind: "discovery", doc: "group", group };
  if (tail.length === 0) return { kind: "discovery", doc: "resources", group, version };
  return resourcePath({ method, group, version, parts: tail, query }) ?? { kind: "nonresource", path };
}

interface ResourcePathInput {
  method: string;
  group: string;
  version: string;
  parts: string[];
  query: URLSearchParams;
}

function resourcePath(input: ResourcePathInput): ResourceRequestInfo | undefined {
  let parts = input.parts;
  let watchPrefix = false;
  if (parts[0] === "watch") {
    watchPrefix = true;
    parts = parts.slice(1);
  }
  let namespace: string | undefined;
  // "namespaces/<ns>/<resource>..." is inside a namespace; "namespaces/<ns>[/status|finalize]" is the namespace object.
  if (parts[0] === "namespaces" && parts.length > 2 && !namespaceSubresources.has(parts[2]!)) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const [resource, name, subresource, ...extra] = parts;
  if (resource === undefined) return undefined;
  const verb = verbOf(input.method, { named: name !== undefined, watch: watchPrefix || isWatchParam(input.query) });
  if (verb === undefined) return undefined;
  const info: ResourceRequestInfo = { kind: "resource", verb, group: input.group, version: input.version, resource, extra };
  return {
    ...info,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

function isWatchParam(query: URLSearchParams): boolean {
  const w = query.get("watch");
  return w === "true" || w === "1";
}

function verbOf(method: string, opts: { named: boolean; watch: boolean }): ResourceVerb | undefined {
  switch (method) {
    case "GET":
    case "HEAD":
      if (opts.watch) return "watch";
      return opts.named ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return opts.named ? "delete" : "deletecollection";
    default:
      return undefined;
  }
}
