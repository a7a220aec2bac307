import { stringify } from "yaml";
import type { KubeList, Stored } from "../api/object.js";
import type { ApiResponse } from "./api-request.js";
import type { OutputTarget } from "./output-target.js";
import { jsonResponse } from "./responses.js";
import { buildTable, includeObjectParam, partialObjectMetadata } from "./table.js";
import type { ResourceCall } from "./resource-call.js";
import { pathErrors } from "./responses.js";

/** Writes one object in the form the client asked for (object, Table row, metadata). */
export function writeObject(call: ResourceCall, target: OutputTarget, status: number, obj: Stored): ApiResponse {
  switch (target.as) {
    case "object":
      return target.format === "yaml" ? yamlResponse(status, obj) : jsonResponse(status, obj);
    case "Table":
      return jsonResponse(
        status,
        buildTable(call.def.strategy.table, [obj], {
          now: call.clock.now(),
          includeObject: includeObjectParam(call.query),
          version: target.version,
          listMeta: { resourceVersion: obj.metadata.resourceVersion },
          withColumns: true,
        }),
      );
    case "PartialObjectMetadata":
      return jsonResponse(status, partialObjectMetadata(obj, target.version));
    case "PartialObjectMetadataList":
      throw pathErrors.notAcceptable();
  }
}

/** Writes a list in the form the client asked for. */
export function writeList(call: ResourceCall, target: OutputTarget, list: KubeList<Stored>): ApiResponse {
  switch (target.as) {
    case "object":
      return target.format === "yaml" ? yamlResponse(200, list) : jsonResponse(200, list);
    case "Table":
      return jsonResponse(
        200,
        buildTable(call.def.strategy.table, list.items, {
          now: call.clock.now(),
          includeObject: includeObjectParam(call.query),
          version: target.version,
          listMeta: list.metadata,
          withColumns: true,
        }),
      );
    case "PartialObjectMetadataList":
    case "PartialObjectMetadata":
      return jsonResponse(200, {
        kind: "PartialObjectMetadataList",
        apiVersion: `meta.k8s.io/${target.version}`,
        metadata: list.metadata,
        items: list.items.map((o) => partialObjectMetadata(o, target.version)),
      });
  }
}

function yamlResponse(status: number, value: unknown): ApiResponse {
  return { status, headers: { "content-type": "application/yaml" }, body: stringify(value) };
}
