import { apiVersionOf, type ResourceDefinition } from "../../api/resource.js";
import type { ResourceTable } from "../../api/resource-table.js";
import { subresourceInfo } from "./subresource-info.js";

/** GET /api: the core versions served. */
export function apiVersions(table: ResourceTable, serverAddress: string): unknown {
  const core = table.groups().find((g) => g.group === "");
  return {
    kind: "APIVersions",
    versions: core ? core.versions : [],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupEntry(g: { group: string; versions: string[] }): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

/** GET /apis: every non-core group with its versions, the preferred first. */
export function apiGroupList(table: ResourceTable): unknown {
  const groups = table.groups().filter((g) => g.group !== "").map(groupEntry);
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

/** GET /apis/<group>, or undefined when the group is not served. */
export function apiGroup(table: ResourceTable, group: string): unknown {
  const g = table.groups().find((x) => x.group === group && group !== "");
  return g ? { kind: "APIGroup", apiVersion: "v1", ...groupEntry(g) } : undefined;
}

function resourceEntries(d: ResourceDefinition): Array<Record<string, unknown>> {
  const i = d.info;
  const main: Record<string, unknown> = {
    name: i.resource,
    singularName: i.singular,
    namespaced: i.namespaced,
    kind: i.kind,
    verbs: [...i.verbs].sort(),
  };
  if (i.shortNames.length > 0) main.shortNames = [...i.shortNames];
  if (i.categories.length > 0) main.categories = [...i.categories];
  const subs = i.subresources.map((s) => {
    const sub = subresourceInfo(i, s);
    const entry: Record<string, unknown> = { name: `${i.resource}/${s}`, singularName: "", namespaced: i.namespaced };
    const rk = sub.responseKind;
    if (rk.group !== i.group || rk.version !== i.version) Object.assign(entry, { group: rk.group, version: rk.version });
    return { ...entry, kind: rk.kind, verbs: [...sub.verbs] };
  });
  return [main, ...subs];
}

/** GET /api/v1 or /apis/<group>/<version>, or undefined when not served. */
export function apiResourceList(table: ResourceTable, group: string, version: string): unknown {
  const defs = table.atVersion(group, version);
  if (defs.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: apiVersionOf({ group, version }),
    resources: defs.flatMap(resourceEntries),
  };
}
