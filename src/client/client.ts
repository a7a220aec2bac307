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

export type { ResourceRef };

/** Subresources a client may write through update/patch/create. */
export type WritableSubresource = "status" | "scale" | "binding" | "eviction";

export interface UpdateOptions extends WriteOptions {
  /** "finalize": namespaces' spec.finalizers (PUT /api/v1/namespaces/NAME/finalize). */
  subresource?: "status" | "scale" | "finalize";
}

export interface ClientPatchOptions extends PatchOptions {
  subresource?: "status" | "scale";
}

export interface DeleteResult<T extends KubeObject = KubeObject> {
  /** True when the object is gone now; false while finalizers or a grace period keep it. */
  readonly deleted: boolean;
  /** The object as last stored (with deletionTimestamp when not yet gone). */
  readonly object: Stored<T>;
}

/** A running watch. stop() ends it; done settles once no more events will come. */
export interface WatchHandle {
  stop(): void;
  readonly done: Promise<void>;
}

/**
 * How controllers and node agents see the cluster. Errors are StatusError (api/status.ts)
 * whichever implementation is used: in-process over the registry, or HTTP to any
 * Kubernetes API server. Namespaced calls take the namespace; cluster-scoped ones pass
 * undefined. Objects returned are never shared with a cache: callers may change them.
 */
export interface Client {
  get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<Stored<T>>;

  list<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<KubeList<Stored<T>>>;

  /** Creates obj in obj.metadata.namespace (or the cluster scope). */
  create<T extends KubeObject>(r: ResourceRef, obj: T, options?: WriteOptions): Promise<Stored<T>>;

  /** Replaces obj (compare-and-swap on metadata.resourceVersion when set). */
  update<T extends KubeObject>(r: ResourceRef, obj: T, options?: UpdateOptions): Promise<Stored<T>>;

  patch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    options?: ClientPatchOptions,
  ): Promise<Stored<T>>;

  delete<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<DeleteResult<T>>;

  /** POSTs to a subresource that creates (pods/binding, pods/eviction). */
  createSubresource(r: ResourceRef, namespace: string | undefined, name: string, subresource: "binding" | "eviction", body: KubeObject): Promise<unknown>;

  /**
   * Streams events to onEvent until stopped. An ERROR event carrying a 410 Status means
   * the resourceVersion is too old: the caller relists. Event objects are read-only: they
   * may be shared with other watchers (and are frozen where they are).
   */
  watch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<T>>) => void,
  ): Promise<WatchHandle>;
}
