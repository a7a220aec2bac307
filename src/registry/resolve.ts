import type { ResourceRef } from "../api/options.js";
import type { ResourceDefinition, Strategy } from "../api/resource.js";
import type { ResourceTable } from "../api/resource-table.js";
import type { GroupKind, GroupResource } from "../api/status.js";
import { StatusError } from "../api/status.js";

/** What the registry needs of one request's resource: the served and the storage definition. */
export interface Resolved {
  readonly ref: ResourceRef;
  readonly served: ResourceDefinition;
  readonly storage: ResourceDefinition;
  /** The rules, which work on the storage version. */
  readonly strategy: Strategy;
  /** How errors name the resource ("statefulsets.apps"). */
  readonly gr: GroupResource;
  /** How validation errors name the kind ("StatefulSet.apps"). */
  readonly gk: GroupKind;
  readonly namespaced: boolean;
}

/** Looks r up; an unknown resource is upstream's bare 404. */
export function resolve(table: ResourceTable, r: ResourceRef): Resolved {
  const served = table.lookup(r);
  if (!served) throw notServed();
  const storage = table.storageDefinition(r) ?? served;
  const { group, resource, kind, namespaced } = served.info;
  return { ref: r, served, storage, strategy: storage.strategy, gr: { group, resource }, gk: { group, kind }, namespaced };
}

function notServed(): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "the server could not find the requested resource",
    reason: "NotFound",
    details: {},
    code: 404,
  });
}
