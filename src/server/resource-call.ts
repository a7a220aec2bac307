import type { ResourceRef } from "../api/options.js";
import type { ResourceDefinition } from "../api/resource.js";
import type { PodStreams } from "../api/pod-streams.js";
import type { Registry, RequestContext } from "../registry/registry.js";
import type { Clock } from "../util/clock.js";
import type { ApiRequest } from "./api-request.js";
import type { FieldSchema } from "./decode/field-schema.js";
import type { ResourceRequestInfo } from "./request-info.js";

/** Looks up the field schema of a kind, for unknown-field detection; undefined when unknown. */
export type SchemaLookup = (group: string, version: string, kind: string) => FieldSchema | undefined;

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
  readonly schemaOf: SchemaLookup;
  readonly podStreams: PodStreams | undefined;
}
