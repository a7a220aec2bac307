import type { KubeObject } from "../api/object.js";
import type { ResourceTable } from "../api/resource-table.js";
import { apiErrors, type StatusError } from "../api/status.js";
import type { Store } from "../store/store.js";
import { decode } from "./codec.js";
import { objectKey } from "./keys.js";
import type { Resolved } from "./resolve.js";

const namespacesRef = { group: "", version: "v1", resource: "namespaces" } as const;

/** Namespaces upstream's NamespaceLifecycle never lets anyone delete. */
export const immortalNamespaces: readonly string[] = ["default", "kube-system", "kube-public"];

/**
 * upstream's NamespaceLifecycle admission for a create: the namespace must exist and must not
 * be terminating. Tables without a namespaces resource (small test tables) skip the check.
 */
export async function checkNamespaceForCreate(
  store: Store,
  table: ResourceTable,
  target: { res: Resolved; namespace: string | undefined; name: string },
): Promise<void> {
  const { res, namespace, name } = target;
  if (!res.namespaced || !namespace) return;
  const nsDef = table.lookup(namespacesRef);
  if (!nsDef) return;
  const kv = await store.get(objectKey(nsDef.info, undefined, namespace));
  if (!kv) throw apiErrors.notFound({ group: "", resource: "namespaces" }, namespace);
  const ns = decode(kv) as KubeObject & { status?: { phase?: string } };
  if (ns.status?.phase === "Terminating") throw terminating(res, namespace, name);
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
