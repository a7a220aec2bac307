import type { DeleteOptions, ListOptions, ResourceRef, WatchOptions, WriteOptions } from "../../api/options.js";

/** The URL path of a resource, a named object or one of its subresources, as upstream lays them out. */
export function resourcePath(r: ResourceRef, namespace: string | undefined, name?: string, subresource?: string): string {
  const parts = [r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`];
  if (namespace !== undefined && namespace !== "") parts.push("namespaces", encodeURIComponent(namespace));
  parts.push(r.resource);
  if (name !== undefined) parts.push(encodeURIComponent(name));
  if (subresource !== undefined) parts.push(subresource);
  return parts.join("/");
}

type QueryValue = string | number | boolean | undefined;

/** "?a=1&b=2" of the defined values, or "" when none is. */
export function query(values: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function listQuery(o: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    limit: o.limit,
    continue: o.continue,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
  };
}

export function watchQuery(o: WatchOptions): Record<string, QueryValue> {
  return {
    watch: "true",
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    resourceVersion: o.resourceVersion,
    allowWatchBookmarks: o.allowWatchBookmarks || undefined,
    timeoutSeconds: o.timeoutSeconds,
    sendInitialEvents: o.sendInitialEvents,
  };
}

export function writeQuery(o: WriteOptions & { force?: boolean }): Record<string, QueryValue> {
  return {
    dryRun: o.dryRun ? "All" : undefined,
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
    force: o.force,
  };
}

/** The DeleteOptions body upstream clients send (dryRun as a list, as metav1 has it). */
export function deleteBody(o: DeleteOptions): Record<string, unknown> {
  const { dryRun, ...rest } = o;
  return { kind: "DeleteOptions", apiVersion: "v1", ...rest, ...(dryRun ? { dryRun: ["All"] } : {}) };
}
