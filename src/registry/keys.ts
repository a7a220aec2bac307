import type { ResourceInfo } from "../api/resource.js";
import { apiErrors } from "../api/status.js";
import { validatePathSegmentName } from "../util/names.js";

/**
 * Store keys: `/registry/<group or "core">/<resource>/<namespace>/<name>`, cluster-scoped
 * without the namespace, always from the storage group-resource so that every served
 * version of a resource shares its objects.
 */

/** The prefix holding every object of a resource (all namespaces). */
export function resourcePrefix(info: ResourceInfo): string {
  const { group, resource } = info.storage;
  return `/registry/${group || "core"}/${resource}/`;
}

/** The prefix of one namespace's objects, or of all when namespace is empty or cluster-scoped. */
export function listPrefix(info: ResourceInfo, namespace: string | undefined): string {
  const root = resourcePrefix(info);
  if (!info.namespaced || !namespace) return root;
  checkNamespaceSegment(namespace);
  return `${root}${namespace}/`;
}

/** The key of one object; checks both segments first so no "/" or ".." ever reaches the store. */
export function objectKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  if (info.namespaced && !namespace) throw apiErrors.badRequest("Namespace parameter required.");
  if (name.length === 0) throw apiErrors.badRequest("Name parameter required.");
  const msgs = validatePathSegmentName(name, false);
  if (msgs.length > 0) throw apiErrors.badRequest(`Name parameter invalid: ${JSON.stringify(name)}: ${msgs.join(";")}`);
  if (!info.namespaced) return `${resourcePrefix(info)}${name}`;
  checkNamespaceSegment(namespace!);
  return `${resourcePrefix(info)}${namespace}/${name}`;
}

/** The namespace and name a key names (the reverse of objectKey). */
export function keyParts(info: ResourceInfo, key: string): { namespace?: string; name: string } {
  const rest = key.slice(resourcePrefix(info).length);
  if (!info.namespaced) return { name: rest };
  const slash = rest.indexOf("/");
  return { namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

// upstream builds the namespace segment unchecked (its router never yields a bad one); ours
// may come from an in-process caller, so it gets the same check as a name.
function checkNamespaceSegment(namespace: string): void {
  const msgs = validatePathSegmentName(namespace, false);
  if (msgs.length > 0) throw apiErrors.badRequest(`Namespace parameter invalid: ${JSON.stringify(namespace)}: ${msgs.join(";")}`);
}
