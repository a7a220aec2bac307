import type { ResourceRef } from "../api/options.js";
import type { ResourceDefinition } from "../api/resource.js";
import type { PodStreams } from "../api/pod-streams.js";
import type { Registry, RequestContext } from "../registry/registry.js";
import type { Clock } from "../util/clock.js";
import type { ApiRequest } from "./api-request.js";
import { anySchema, type FieldSchema } from "./decode/field-schema.js";
import { fieldSchemaOf } from "./decode/type-field-schema.js";
import type { ResourceRequestInfo } from "./request-info.js";
import type { TypeLookup } from "./type-lookup.js";

/** Everything a verb handler needs about one request to one resource. */
export interface ResourceCall {
  readonly req: ApiRequest;
  readonly info: ResourceRequestInfo;
  readonly query: URLSearchParams;
  readonly def: ResourceDefinition;
  readonly ref: ResourceRef;
  readonly namespace: string | undefined;
  readonly ctx: RequestContext;
  readonly registry: Registry;
  readonly clock: Clock;
  readonly types: TypeLookup;
  readonly podStreams: PodStreams | undefined;
}

/** The field schema of a kind, for unknown-field detection (anything goes for an unknown kind). */
export function kindSchema(call: ResourceCall, gvk: { group: string; version: string; kind: string }): FieldSchema {
  const t = call.types.byKind(gvk);
  return t ? fieldSchemaOf(t, call.types) : anySchema;
}
