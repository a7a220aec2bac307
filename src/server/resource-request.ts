import type { ResourceDefinition } from "../api/resource.js";
import type { ApiResponse } from "./api-request.js";
import type { ResourceRequestInfo } from "./request-info.js";
import type { ResourceCall } from "./resource-call.js";
import { pathErrors } from "./responses.js";
import { deleteCollection, deleteObject } from "./verbs/delete.js";
import { getObject, listObjects } from "./verbs/read.js";
import { subresourceRequest } from "./verbs/subresource.js";
import { watchObjects } from "./verbs/watch.js";
import { createObject, patchObject, updateObject } from "./verbs/write.js";

/**
 * Checks a resource request against what the resource serves, as upstream's installed
 * routes would: a path no route has is a 404, a method its route does not take a 405.
 */
export function checkRoute(info: ResourceRequestInfo, def: ResourceDefinition): void {
  const named = info.name !== undefined;
  if (info.extra.length > 0) throw pathErrors.noRoute();
  if (def.info.namespaced ? named && info.namespace === undefined : info.namespace !== undefined) throw pathErrors.noRoute();
  if (info.subresource !== undefined) {
    if (!(def.info.subresources as readonly string[]).includes(info.subresource)) throw pathErrors.noRoute();
    return;
  }
  const itemVerbs = ["get", "update", "patch", "delete"];
  const collectionVerbs = ["list", "create", "deletecollection"];
  if (named ? !itemVerbs.includes(info.verb) && info.verb !== "watch" : !collectionVerbs.includes(info.verb) && info.verb !== "watch") {
    throw pathErrors.methodNotAllowed();
  }
  if (!named && info.namespace === undefined && def.info.namespaced && info.verb !== "list" && info.verb !== "watch") {
    throw pathErrors.methodNotAllowed();
  }
  if (!(def.info.verbs as readonly string[]).includes(info.verb)) throw pathErrors.methodNotAllowed();
}

/** Runs a checked resource request. */
export function resourceRequest(call: ResourceCall): Promise<ApiResponse> {
  const { info } = call;
  if (info.subresource !== undefined) return subresourceRequest(call, info.subresource);
  switch (info.verb) {
    case "get":
      return getObject(call);
    case "list":
      return listObjects(call);
    case "watch":
      return watchObjects(call);
    case "create":
      return createObject(call);
    case "update":
      return updateObject(call);
    case "patch":
      return patchObject(call);
    case "delete":
      return deleteObject(call);
    case "deletecollection":
      return deleteCollection(call);
  }
}
