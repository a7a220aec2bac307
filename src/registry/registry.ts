import type { KubeList, KubeObject, Stored } from "../api/object.js";
import type {
  DeleteOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  ResourceRef,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from "../api/options.js";
import type { ResourceTable } from "../api/resource-table.js";

/**
 * Per-request context: what the registry reports back besides the result. The server
 * turns warnings into `Warning: 299 - "…"` headers; in-process callers may ignore them.
 */
export interface RequestContext {
  readonly warnings: string[];
  /** The authenticated user's name, for managedFields and events. */
  readonly user?: string;
  /** The client's User-Agent: names the field manager when the request gives none. */
  readonly userAgent?: string;
}

export function newRequestContext(user?: string, userAgent?: string): RequestContext {
  return { warnings: [], ...(user === undefined ? {} : { user }), ...(userAgent === undefined ? {} : { userAgent }) };
}

/**
 * The subresources the registry itself implements (log/exec/attach belong to the node agent).
 * finalize (namespaces) is written by update only.
 */
export type RegistrySubresource = "status" | "scale" | "finalize";

export interface GetOptions {
  subresource?: RegistrySubresource;
}

export interface RegistryUpdateOptions extends WriteOptions {
  subresource?: RegistrySubresource;
}

export interface RegistryPatchOptions extends PatchOptions {
  subresource?: RegistrySubresource;
}

export interface WriteResult<T extends KubeObject = KubeObject> {
  readonly object: Stored<T>;
  /** True when an update or patch created the object (PUT create, server-side apply). */
  readonly created: boolean;
}

export interface RegistryDeleteResult {
  /** True when the object is gone; false while finalizers or a grace period keep it. */
  readonly deleted: boolean;
  readonly object: Stored;
}

export interface RegistryWatch {
  stop(): void;
  /** Settles when the watch ends (stopped, timed out, or failed with an ERROR event). */
  readonly done: Promise<void>;
}

/**
 * Generic CRUD + watch for every served resource. Knows no HTTP. Bodies arrive as decoded
 * JSON (unknown) and are checked here; objects go out in the version the ref names.
 * Every failure is a StatusError (api/status.ts).
 */
export interface Registry {
  readonly resources: ResourceTable;

  get(r: ResourceRef, namespace: string | undefined, name: string, options?: GetOptions, ctx?: RequestContext): Promise<Stored>;

  list(r: ResourceRef, namespace: string | undefined, options?: ListOptions, ctx?: RequestContext): Promise<KubeList<Stored>>;

  create(r: ResourceRef, namespace: string | undefined, body: unknown, options?: WriteOptions, ctx?: RequestContext): Promise<Stored>;

  update(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options?: RegistryUpdateOptions,
    ctx?: RequestContext,
  ): Promise<WriteResult>;

  patch(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: RegistryPatchOptions,
    ctx?: RequestContext,
  ): Promise<WriteResult>;

  delete(r: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions, ctx?: RequestContext): Promise<RegistryDeleteResult>;

  /**
   * POST to a subresource that acts on an object: pods/binding (sets spec.nodeName),
   * pods/eviction (a graceful delete). Returns what the server answers (a Status or object).
   */
  createSubresource(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    subresource: "binding" | "eviction",
    body: unknown,
    ctx?: RequestContext,
  ): Promise<unknown>;

  /** Deletes every object the list options select; returns those deleted or being deleted. */
  deleteCollection(
    r: ResourceRef,
    namespace: string | undefined,
    listOptions: ListOptions,
    deleteOptions: DeleteOptions,
    ctx?: RequestContext,
  ): Promise<KubeList<Stored>>;

  /**
   * Streams events to onEvent. Throws a 410 StatusError at once when resourceVersion is
   * compacted; a watcher that later falls behind gets an ERROR event and the watch ends.
   * The objects handed to onEvent are shared between the watchers of a resource (each store
   * event is decoded once): they are read-only, and a caller that changes one copies it first.
   */
  watch(
    r: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored>) => void,
    ctx?: RequestContext,
  ): Promise<RegistryWatch>;
}
