import type { KubeObject } from "../api/object.js";
import { isPlainObject } from "../api/object.js";
import type { ResourceTable } from "../api/resource-table.js";
import { apiVersionOf } from "../api/resource.js";
import { apiErrors } from "../api/status.js";
import type { Resolved } from "./resolve.js";

/**
 * The checks upstream's handlers make while decoding a body, before any admission: it must
 * be an object of the URL's kind and version (missing apiVersion/kind default to the
 * URL's), and its name and namespace must agree with the URL. Each failure is a 400.
 */

const versionKindStruct =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** A decoded body as an object of the request's kind; throws 400 as upstream's decoder. */
export function decodeBody(res: Resolved, table: ResourceTable, body: unknown): KubeObject {
  const kind = res.served.info.kind;
  if (!isPlainObject(body)) {
    const cause = `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonType(body)} into Go value of type ${versionKindStruct}`;
    throw apiErrors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${cause} (${summarize(body)})`);
  }
  const obj = body as KubeObject;
  const want = apiVersionOf(res.served.info);
  const apiVersion = typeof obj.apiVersion === "string" && obj.apiVersion !== "" ? obj.apiVersion : want;
  const bodyKind = typeof obj.kind === "string" && obj.kind !== "" ? obj.kind : kind;
  checkVersionKind(table, { apiVersion, kind: bodyKind }, { apiVersion: want, kind });
  if (obj.metadata !== undefined && !isPlainObject(obj.metadata)) {
    throw apiErrors.badRequest(`${kind} in version "${versionOf(apiVersion)}" cannot be handled as a ${kind}: json: cannot unmarshal ${goJsonType(obj.metadata)} into Go struct field ${kind}.metadata of type v1.ObjectMeta`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = bodyKind;
  obj.metadata ??= {};
  return obj;
}

function checkVersionKind(table: ResourceTable, got: { apiVersion: string; kind: string }, want: { apiVersion: string; kind: string }): void {
  if (got.apiVersion === want.apiVersion && got.kind === want.kind) return;
  const version = versionOf(got.apiVersion);
  if (!table.lookupKind(got.apiVersion, got.kind)) {
    const cause = `no kind ${JSON.stringify(got.kind)} is registered for version ${JSON.stringify(got.apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`;
    throw apiErrors.badRequest(`${got.kind} in version "${version}" cannot be handled as a ${want.kind}: ${cause}`);
  }
  if (got.kind !== want.kind) {
    const cause = `converting (${version}.${got.kind}) to (${internalPackage(want.apiVersion)}.${want.kind}): unknown conversion`;
    throw apiErrors.badRequest(`${got.kind} in version "${version}" cannot be handled as a ${want.kind}: ${cause}`);
  }
  throw apiErrors.badRequest(`the API version in the data (${got.apiVersion}) does not match the expected API version (${want.apiVersion})`);
}

/** On update and patch: the body's name must be the URL's; its namespace, if set, the request's. */
export function checkNameMatchesUrl(obj: KubeObject, name: string, namespace: string | undefined): void {
  const objName = obj.metadata?.name ?? "";
  if (objName !== name) {
    throw apiErrors.badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  }
  const objNamespace = obj.metadata?.namespace ?? "";
  if (namespace && objNamespace && objNamespace !== namespace) {
    throw apiErrors.badRequest(`the namespace of the object (${objNamespace}) does not match the namespace on the request (${namespace})`);
  }
}

/** upstream's EnsureObjectNamespaceMatchesRequestNamespace: fills an empty one, clears it when cluster-scoped. */
export function ensureNamespace(res: Resolved, obj: KubeObject, namespace: string | undefined): void {
  const meta = (obj.metadata ??= {});
  const requested = res.namespaced ? namespace ?? "" : "";
  const own = meta.namespace ?? "";
  if (own === requested) return;
  if (own === "") {
    meta.namespace = requested;
  } else if (requested === "") {
    delete meta.namespace;
  } else {
    throw apiErrors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
}

function versionOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
}

/** The Go package of upstream's internal types: core for the legacy group, else the group's first label. */
function internalPackage(apiVersion: string): string {
  if (!apiVersion.includes("/")) return "core";
  return apiVersion.slice(0, apiVersion.indexOf("/")).split(".")[0]!;
}

function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  if (v === null) return "null";
  return typeof v;
}

/** upstream's summarizeData: objects as text, anything else as hex, cut at 30 bytes. */
function summarize(v: unknown): string {
  const text = v === undefined ? "" : JSON.stringify(v);
  if (text.length === 0) return "<empty>";
  const bytes = Buffer.from(text);
  if (text.startsWith("{")) return bytes.length > 30 ? `${bytes.subarray(0, 30).toString()} ...` : text;
  return bytes.length > 30 ? `${bytes.subarray(0, 30).toString("hex")} ...` : bytes.toString("hex");
}
