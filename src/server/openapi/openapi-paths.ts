import type { ResourceDefinition } from "../../api/resource.js";
import { apiVersionOf } from "../../api/resource.js";
import { openApiRef, schemaFor } from "../../api/schema/index.js";

/**
 * The paths of a group-version's /openapi/v3 document, as upstream's installer names them:
 * per resource the collection and item paths with their operations, each carrying
 * x-kubernetes-group-version-kind and x-kubernetes-action. kubectl apply's validation needs
 * the PATCH operation with the fieldValidation parameter.
 */

type Op = Record<string, unknown>;

const query = (name: string, description: string, type = "string"): Op => ({ name, in: "query", description, schema: { type, uniqueItems: true } });
const pathParam = (name: string, description: string): Op => ({ name, in: "path", description, required: true, schema: { type: "string", uniqueItems: true } });

const params = {
  dryRun: query("dryRun", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"),
  fieldManager: query("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes."),
  fieldValidation: query(
    "fieldValidation",
    "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict",
  ),
  force: query("force", "Force is going to \"force\" Apply requests.", "boolean"),
  pretty: query("pretty", "If 'true', then the output is pretty printed."),
  name: (kind: string) => pathParam("name", `name of the ${kind}`),
  namespace: pathParam("namespace", "object name and auth scope, such as for teams and projects"),
} as const;

const listParams = [
  "allowWatchBookmarks",
  "continue",
  "fieldSelector",
  "labelSelector",
  "limit",
  "resourceVersion",
  "resourceVersionMatch",
  "sendInitialEvents",
  "timeoutSeconds",
  "watch",
].map((n) => query(n, n, n === "limit" || n === "timeoutSeconds" ? "integer" : n === "watch" || n === "allowWatchBookmarks" || n === "sendInitialEvents" ? "boolean" : "string"));

const patchTypes = ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];
const statusRef = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

function jsonResponse(ref: string, code = "200"): Op {
  return { [code]: { description: code === "201" ? "Created" : "OK", content: { "application/json": { schema: { $ref: openApiRef(ref) } } } } };
}

function opId(verb: string, d: ResourceDefinition, suffix = ""): string {
  const g = d.info.group === "" ? "Core" : capital(d.info.group.split(".")[0]!);
  const ns = d.info.namespaced && verb !== "listForAllNamespaces" ? "Namespaced" : "";
  const v = verb === "listForAllNamespaces" ? "list" : verb;
  const all = verb === "listForAllNamespaces" ? "ForAllNamespaces" : "";
  return `${v}${g}${capital(d.info.version)}${ns}${d.info.kind}${suffix}${all}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface OpSpec {
  readonly verb: string;
  readonly action: string;
  readonly ref: string;
  readonly suffix?: string;
  readonly extra?: Op[];
  readonly body?: "object" | "patch";
  readonly created?: boolean;
}

function operation(d: ResourceDefinition, s: OpSpec): Op {
  const gvk = { group: d.info.group, version: d.info.version, kind: d.info.kind };
  const op: Op = {
    tags: [`${d.info.group === "" ? "core" : d.info.group.split(".")[0]}_${d.info.version}`],
    operationId: opId(s.verb, d, s.suffix),
    parameters: s.extra ?? [],
    responses: { ...jsonResponse(s.ref), ...(s.created ? jsonResponse(s.ref, "201") : {}), "401": { description: "Unauthorized" } },
    "x-kubernetes-action": s.action,
    "x-kubernetes-group-version-kind": gvk,
  };
  if (s.body === "object") op.requestBody = { content: { "*/*": { schema: { $ref: openApiRef(s.ref) } } }, required: true };
  if (s.body === "patch") {
    op.requestBody = { content: Object.fromEntries(patchTypes.map((t) => [t, { schema: { $ref: openApiRef("io.k8s.apimachinery.pkg.apis.meta.v1.Patch") } }])), required: true };
  }
  return op;
}

const writeParams = [params.dryRun, params.fieldManager, params.fieldValidation];

/** The path items of one served resource. */
export function resourcePaths(d: ResourceDefinition): Record<string, Op> {
  const type = schemaFor(apiVersionOf(d.info), d.info.kind);
  if (!type) return {};
  const ref = type.name;
  const listRef = schemaFor(apiVersionOf(d.info), d.info.listKind)?.name ?? statusRef;
  const prefix = `/${d.info.group === "" ? "api" : `apis/${d.info.group}`}/${d.info.version}`;
  const scope = d.info.namespaced ? `${prefix}/namespaces/{namespace}/${d.info.resource}` : `${prefix}/${d.info.resource}`;
  const scopeParams = d.info.namespaced ? [params.namespace, params.pretty] : [params.pretty];
  const out: Record<string, Op> = {
    [scope]: {
      get: operation(d, { verb: "list", action: "list", ref: listRef, extra: listParams }),
      post: operation(d, { verb: "create", action: "post", ref, extra: writeParams, body: "object", created: true }),
      delete: operation(d, { verb: "deletecollection", action: "deletecollection", ref: statusRef, extra: listParams }),
      parameters: scopeParams,
    },
    [`${scope}/{name}`]: {
      get: operation(d, { verb: "read", action: "get", ref }),
      put: operation(d, { verb: "replace", action: "put", ref, extra: writeParams, body: "object", created: true }),
      patch: operation(d, { verb: "patch", action: "patch", ref, extra: [...writeParams, params.force], body: "patch", created: true }),
      delete: operation(d, { verb: "delete", action: "delete", ref: statusRef, extra: [params.dryRun] }),
      parameters: [params.name(d.info.kind), ...scopeParams],
    },
  };
  if (d.info.namespaced) {
    out[`${prefix}/${d.info.resource}`] = { get: operation(d, { verb: "listForAllNamespaces", action: "list", ref: listRef, extra: listParams }), parameters: [params.pretty] };
  }
  for (const sub of d.info.subresources) {
    if (sub !== "status" && sub !== "scale") continue;
    const subRef = sub === "scale" ? "io.k8s.api.autoscaling.v1.Scale" : ref;
    const suffix = capital(sub);
    out[`${scope}/{name}/${sub}`] = {
      get: operation(d, { verb: "read", action: "get", ref: subRef, suffix }),
      put: operation(d, { verb: "replace", action: "put", ref: subRef, suffix, extra: writeParams, body: "object", created: true }),
      patch: operation(d, { verb: "patch", action: "patch", ref: subRef, suffix, extra: [...writeParams, params.force], body: "patch", created: true }),
      parameters: [params.name(d.info.kind), ...scopeParams],
    };
  }
  return out;
}
