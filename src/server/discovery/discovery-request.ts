import type { ResourceTable } from "../../api/resource-table.js";
import type { ApiResponse } from "../api-request.js";
import { parseAccept } from "../media-type.js";
import type { DiscoveryRequestInfo } from "../request-info.js";
import { jsonResponse, pathErrors } from "../responses.js";
import { aggregatedDiscovery, aggregatedDiscoveryTypes, type AggregatedVersion } from "./aggregated-discovery.js";
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from "./legacy-discovery.js";

/** The aggregated version the client prefers, if it accepts one (else it gets legacy discovery). */
function aggregatedVersion(accept: string | undefined): AggregatedVersion | undefined {
  for (const r of parseAccept(accept)) {
    if (r.params.as === "APIGroupDiscoveryList" && r.params.g === "apidiscovery.k8s.io") {
      if (r.params.v === "v2" || r.params.v === "v2beta1") return r.params.v;
      continue;
    }
    // A plain type listed first wins over aggregated types listed after it.
    if (r.params.as === undefined) return undefined;
  }
  return undefined;
}

export interface DiscoveryContext {
  readonly table: ResourceTable;
  readonly accept: string | undefined;
  readonly serverAddress: string;
}

/** GET /api, /apis, /apis/<group>, /api/v1, /apis/<group>/<version>. */
export function discoveryRequest(info: DiscoveryRequestInfo, c: DiscoveryContext): ApiResponse {
  switch (info.doc) {
    case "core-versions":
    case "groups": {
      const core = info.doc === "core-versions";
      const version = aggregatedVersion(c.accept);
      if (version !== undefined) {
        const body = aggregatedDiscovery(c.table, { core, version });
        return jsonResponse(200, body, { "content-type": aggregatedDiscoveryTypes[version], vary: "Accept" });
      }
      return jsonResponse(200, core ? apiVersions(c.table, c.serverAddress) : apiGroupList(c.table));
    }
    case "group": {
      const body = apiGroup(c.table, info.group);
      if (body === undefined) throw pathErrors.notFound();
      return jsonResponse(200, body);
    }
    case "resources": {
      const body = apiResourceList(c.table, info.group, info.version);
      if (body === undefined) throw pathErrors.notFound();
      return jsonResponse(200, body);
    }
  }
}
