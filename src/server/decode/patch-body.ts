import type { FieldValidation, PatchType } from "../../api/options.js";
import { apiErrors, StatusError } from "../../api/status.js";
import { headerValue } from "../api-request.js";
import { parseMediaType } from "../media-type.js";
import { kindSchema, type ResourceCall } from "../resource-call.js";
import { anySchema, type FieldSchema } from "./field-schema.js";
import { decodeJson, JsonSyntaxError } from "./json-decode.js";
import { strictWarnings } from "./object-body.js";
import { decodeYaml, YamlSyntaxError } from "./yaml-decode.js";

const patchTypes: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

function unsupportedPatch(): StatusError {
  const accepted = Object.keys(patchTypes).join(", ");
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted}`,
    reason: "UnsupportedMediaType",
    code: 415,
  });
}

/** Strategic merge patch directives are not fields of the kind: every schema accepts them. */
function withPatchDirectives(schema: FieldSchema): FieldSchema {
  return {
    property: (name) => (name.startsWith("$") ? anySchema : mapSchema(schema.property(name))),
    items: () => withPatchDirectives(schema.items()),
  };
}

function mapSchema(s: FieldSchema | undefined): FieldSchema | undefined {
  return s === undefined ? undefined : withPatchDirectives(s);
}

export interface PatchBody {
  readonly type: PatchType;
  readonly value: unknown;
}

/**
 * A PATCH body by its Content-Type. Duplicate fields in a merge, strategic or apply patch and
 * fields the kind does not have are reported per fieldValidation, duplicates first.
 */
export function readPatchBody(call: ResourceCall, fieldValidation: FieldValidation): PatchBody {
  const ct = headerValue(call.req.headers, "content-type");
  const type = ct === undefined ? undefined : patchTypes[parseMediaType(ct).essence];
  if (type === undefined) throw unsupportedPatch();
  const text = Buffer.from(call.req.body ?? new Uint8Array()).toString("utf8");
  const { group, version, kind } = call.def.info;
  const ownSchema = call.info.subresource === "scale" ? anySchema : kindSchema(call, { group, version, kind });
  const schema = type === "json" ? anySchema : type === "strategic" ? withPatchDirectives(ownSchema) : ownSchema;
  let decoded;
  try {
    decoded = type === "apply" ? decodeYaml(text, schema) : decodeJson(text, schema);
  } catch (err) {
    if (err instanceof JsonSyntaxError || err instanceof YamlSyntaxError) throw apiErrors.badRequest(err.message);
    throw err;
  }
  if (type === "json" && !Array.isArray(decoded.value)) {
    throw apiErrors.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  }
  const errors = orderStrictErrors(decoded.strictErrors);
  if (errors.length > 0 && fieldValidation === "Strict") throw apiErrors.badRequest(`strict decoding error: ${errors.join(", ")}`);
  if (errors.length > 0 && fieldValidation === "Warn") call.ctx.warnings.push(...strictWarnings(errors));
  // The patch keeps unknown fields out of what is applied, as upstream drops them when decoding the result.
  return { type, value: decoded.value };
}

function orderStrictErrors(errors: readonly string[]): string[] {
  const unknown = errors.filter((e) => e.startsWith("unknown field")).sort();
  return [...errors.filter((e) => !e.startsWith("unknown field")), ...unknown];
}
