import type { ResourceDefinition } from "../../api/resource.js";
import type { ResourceTable } from "../../api/resource-table.js";
import { subresourceInfo } from "./subresource-info.js";

/** The exact media types kubectl asks for and recognises (kubectl-wire.md gotcha 6). */
export const aggregatedDiscoveryTypes = {
  v2: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  v2beta1: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
} as const;

export type AggregatedVersion = keyof typeof aggregatedDiscoveryTypes;

function resourceDiscovery(d: ResourceDefinition): Record<string, unknown> {
  const i = d.info;
  const out: Record<string, unknown> = {
    resource: i.resource,
    responseKind: { group: i.group, version: i.version, kind: i.kind },
    scope: i.namespaced ? "Namespaced" : "Cluster",
    singularResource: i.singular,
    verbs: [...i.verbs].sort(),
  };
  if (i.shortNames.length > 0) out.shortNames = [...i.shortNames];
  if (i.categories.length > 0) out.categories = [...i.categories];
  if (i.subresources.length > 0) {
    out.subresources = i.subresources.map((s) => {
      const sub = subresourceInfo(i, s);
      return { subresource: s, responseKind: sub.responseKind, verbs: [...sub.verbs] };
    });
  }
  return out;
}

/**
 * apidiscovery.k8s.io APIGroupDiscoveryList for /api (core only) or /apis (every other
 * group), built from the one resource table; the first version of a group is its preferred.
 */
export function aggregatedDiscovery(table: ResourceTable, opts: { core: boolean; version: AggregatedVersion }): unknown {
  const items = table
    .groups()
    .filter((g) => (g.group === "") === opts.core)
    .map((g) => ({
      metadata: g.group === "" ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: table.atVersion(g.group, v).map(resourceDiscovery),
        freshness: "Current",
      })),
    }));
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${opts.version}`, metadata: {}, items };
}
