import type { KubeObject, Stored } from "../../api/object.js";
import type { ResourceRef } from "../../api/options.js";
import type { Client } from "../../client/client.js";

/** Where writes go: a client and the resource it addresses. */
export interface ResourceTarget {
  readonly client: Client;
  readonly ref: ResourceRef;
}

/** One object of a resource, as last seen, that a write is about. */
export interface ObjectTarget<T extends KubeObject = KubeObject> extends ResourceTarget {
  readonly object: Stored<T>;
}
