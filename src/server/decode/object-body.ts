import type { FieldValidation } from "../../api/options.js";
import { apiVersionOf } from "../../api/resource.js";
import { apiErrors } from "../../api/status.js";
import { headerValue } from "../api-request.js";
import { kindSchema, type ResourceCall } from "../resource-call.js";
import { BodySyntaxError, bodyFormat, decodeBody, summarizeBody, unrecognizedBody } from "./request-body.js";

const findKindType = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  return typeof v === "boolean" ? "bool" : typeof v;
}

/**
 * The object of a create or update body, decoded as upstream's handlers do: missing
 * apiVersion and kind default to the URL's; unknown and duplicate fields fail the request
 * under fieldValidation=Strict and become warnings under Warn (the default).
 */
export function readObjectBody(call: ResourceCall, fieldValidation: FieldValidation): Record<string, unknown> {
  const body = call.req.body ?? new Uint8Array();
  const { group, version, kind } = call.def.info;
  const format = bodyFormat(headerValue(call.req.headers, "content-type"));
  let decoded;
  try {
    decoded = decodeBody(body, format, { schema: kindSchema(call, { group, version, kind }), types: call.types });
  } catch (err) {
    if (err instanceof BodySyntaxError) throw unrecognizedBody(kind, err, body);
    throw err;
  }
  const obj = decoded.value;
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    const cause = `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonTypeName(obj)} into Go value of type ${findKindType}`;
    throw apiErrors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${cause} (${summarizeBody(body)})`);
  }
  const out = obj as Record<string, unknown>;
  if (typeof out.apiVersion !== "string" || out.apiVersion === "") out.apiVersion = apiVersionOf({ group, version });
  if (typeof out.kind !== "string" || out.kind === "") out.kind = kind;
  reportStrictErrors(call, { errors: decoded.strictErrors, fieldValidation, bodyKind: out.kind as string, bodyApiVersion: out.apiVersion as string });
  return out;
}

interface StrictReport {
  errors: readonly string[];
  fieldValidation: FieldValidation;
  bodyKind: string;
  bodyApiVersion: string;
}

function reportStrictErrors(call: ResourceCall, r: StrictReport): void {
  if (r.errors.length === 0 || r.fieldValidation === "Ignore") return;
  if (r.fieldValidation === "Warn") {
    call.ctx.warnings.push(...strictWarnings(r.errors));
    return;
  }
  const bodyVersion = r.bodyApiVersion.includes("/") ? r.bodyApiVersion.split("/")[1] : r.bodyApiVersion;
  const message = `${r.bodyKind} in version "${bodyVersion}" cannot be handled as a ${call.def.info.kind}: strict decoding error: ${r.errors.join(", ")}`;
  throw apiErrors.badRequest(message);
}

/** One warning per problem; YAML's combined duplicate-key error is split by line, as upstream. */
export function strictWarnings(errors: readonly string[]): string[] {
  const prefix = "yaml: unmarshal errors:\n";
  return errors.flatMap((e) => (e.startsWith(prefix) ? e.slice(prefix.length).split("\n").map((s) => s.trim()) : [e]));
}
