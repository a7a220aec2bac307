import { apiErrors, StatusError } from "../../api/status.js";
import { parseMediaType } from "../media-type.js";
import { anySchema, type FieldSchema } from "./field-schema.js";
import { decodeJson, JsonSyntaxError } from "./json-decode.js";
import { decodeProtobufObject, ProtobufDecodeError } from "./protobuf/decode-object.js";
import { decodeYaml, YamlSyntaxError } from "./yaml-decode.js";
import type { TypeLookup } from "../type-lookup.js";

export type BodyFormat = "json" | "yaml" | "protobuf";

export const protobufMediaType = "application/vnd.kubernetes.protobuf";

/** The format of an object body by Content-Type (JSON when absent, as upstream); 415 otherwise. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  if (contentType === undefined || contentType.trim() === "") return "json";
  const { essence } = parseMediaType(contentType);
  if (essence === "application/json") return "json";
  if (essence === "application/yaml") return "yaml";
  if (essence === protobufMediaType) return "protobuf";
  throw apiErrors.unsupportedMediaType();
}

export interface DecodedBody {
  readonly value: unknown;
  /** Strict decoding problems (unknown and duplicate fields), each as upstream words it. */
  readonly strictErrors: string[];
}

/**
 * Why a body could not be read at all (syntax): the message is upstream's decoder error,
 * to which the caller adds what it expected.
 */
export class BodySyntaxError extends Error {
  constructor(
    message: string,
    readonly format: BodyFormat,
  ) {
    super(message);
    this.name = "BodySyntaxError";
  }
}

export interface DecodeOptions {
  /** For unknown-field detection in JSON and YAML. */
  readonly schema?: FieldSchema;
  /** For protobuf, which cannot be read without the types. */
  readonly types?: TypeLookup;
}

export function decodeBody(body: Uint8Array, format: BodyFormat, opts: DecodeOptions = {}): DecodedBody {
  const schema = opts.schema ?? anySchema;
  try {
    if (format === "protobuf") {
      if (!opts.types) throw new ProtobufDecodeError("protobuf bodies need the type schemas");
      return { value: decodeProtobufObject(body, opts.types), strictErrors: [] };
    }
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
    return format === "yaml" ? decodeYaml(text, schema) : decodeJson(text, schema);
  } catch (err: unknown) {
    if (err instanceof JsonSyntaxError) throw new BodySyntaxError(`couldn't get version/kind; json parse error: ${err.message}`, format);
    if (err instanceof YamlSyntaxError || err instanceof ProtobufDecodeError) throw new BodySyntaxError(err.message, format);
    throw err;
  }
}

/** Upstream's summarizeData: the body's start, as text for JSON objects, hex otherwise. */
export function summarizeBody(body: Uint8Array, max = 30): string {
  if (body.length === 0) return "<empty>";
  const head = Buffer.from(body.subarray(0, max));
  const more = body.length > max ? " ..." : "";
  return body[0] === 0x7b ? `${head.toString("utf8")}${more}` : `${head.toString("hex")}${more}`;
}

/** The 400 for a body that is not an object of the expected kind at all. */
export function unrecognizedBody(kind: string, err: BodySyntaxError, body: Uint8Array): StatusError {
  return apiErrors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${err.message} (${summarizeBody(body)})`);
}
