import type { ResourceTable } from "../api/resource-table.js";
import { apiErrors, type StatusError } from "../api/status.js";
import type { Store } from "../store/store.js";
import { NamespaceCache } from "./namespace-cache.js";
import type { Resolved } from "./resolve.js";

const namespacesRef = { group: "", version: "v1", resource: "namespaces" } as const;

/** Namespaces upstream's NamespaceLifecycle never lets anyone delete. */
export const immortalNamespaces: readonly string[] = ["default", "kube-system", "kube-public"];

/**
 * The namespaces create admission checks; undefined for tables without a namespaces resource
 * (small test tables), which skip the check.
 */
export function namespaceCacheFor(store: Store, table: ResourceTable): NamespaceCache | undefined {
  const nsDef = table.lookup(namespacesRef);
  return nsDef && new NamespaceCache(store, nsDef.info);
}

/** upstream's NamespaceLifecycle admission for a create: the namespace must exist and must not be terminating. */
export async function checkNamespaceForCreate(
  namespaces: NamespaceCache | undefined,
  target: { res: Resolved; namespace: string | undefined; name: string },
): Promise<void> {
  const { res, namespace, name } = target;
  if (!res.namespaced || !namespace || !namespaces) return;
  const ns = await namespaces.lookup(namespace);
  if (!ns) throw apiErrors.notFound({ group: "", resource: "namespaces" }, namespace);
  if (ns.terminating) throw terminating(res, namespace, name);
}

function terminating(res: Resolved, namespace: string, name: string): StatusError {
  const err = apiErrors.forbidden(res.gr, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  const details = (err.status.details ??= {});
  details.causes = [
    ...(details.causes ?? []),
    { reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" },
  ];
  return err;
}

/** The delete of an immortal namespace is forbidden, as upstream's NamespaceLifecycle. */
export function checkNamespaceDelete(res: Resolved, name: string): void {
  if (res.gr.group === "" && res.gr.resource === "namespaces" && immortalNamespaces.includes(name)) {
    throw apiErrors.forbidden(res.gr, name, "this namespace may not be deleted");
  }
}
