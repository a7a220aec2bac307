import type { KubeList, KubeObject, Stored } from "../api/object.js";
import type { DeleteOptions, ListOptions, PatchType, WatchEvent, WatchOptions, WriteOptions } from "../api/options.js";
import { apiErrors, StatusError } from "../api/status.js";
import type { Registry, RequestContext } from "../registry/registry.js";
import { newRequestContext } from "../registry/registry.js";
import type { Client, ClientPatchOptions, DeleteResult, ResourceRef, UpdateOptions, WatchHandle } from "./client.js";
import { eventLoopTurns } from "./event-loop-turns.js";
import { copyJson } from "../util/json-copy.js";

export interface InProcessClientOptions {
  /** Names the caller in managedFields when a write gives no fieldManager (a User-Agent, e.g. "kube-controller-manager/v1.32.0 (linux/amd64) tinykube"). */
  readonly userAgent?: string;
  /** Receives the warnings of each call (deprecated APIs...); dropped when absent. */
  readonly onWarning?: (warning: string) => void;
}

/**
 * The Client over the registry in the same process: direct calls, no HTTP and no JSON
 * round trip. Bodies are copied before the registry sees them and every object a call returns
 * is the caller's own. Watch events are not copied: the registry shares each event's object
 * between its watchers, frozen, so a watcher clones what it means to change (as informers'
 * handlers already do with their cache's frozen objects).
 */
export class InProcessClient implements Client {
  constructor(
    private readonly registry: Registry,
    private readonly options: InProcessClientOptions = {},
  ) {}

  get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<Stored<T>> {
    return this.call((ctx) => this.registry.get(r, namespace, name, {}, ctx)) as Promise<Stored<T>>;
  }

  list<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList<Stored<T>>> {
    return this.call((ctx) => this.registry.list(r, namespace, options, ctx)) as Promise<KubeList<Stored<T>>>;
  }

  create<T extends KubeObject>(r: ResourceRef, obj: T, options: WriteOptions = {}): Promise<Stored<T>> {
    const body = copyJson(obj);
    return this.call((ctx) => this.registry.create(r, obj.metadata?.namespace, body, options, ctx)) as Promise<Stored<T>>;
  }

  async update<T extends KubeObject>(r: ResourceRef, obj: T, options: UpdateOptions = {}): Promise<Stored<T>> {
    const body = copyJson(obj);
    const name = obj.metadata?.name ?? "";
    const result = await this.call((ctx) => this.registry.update(r, obj.metadata?.namespace, name, body, options, ctx));
    return result.object as Stored<T>;
  }

  async patch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    options: ClientPatchOptions = {},
  ): Promise<Stored<T>> {
    const patch = typeof body === "string" ? body : copyJson(body);
    const result = await this.call((ctx) => this.registry.patch(r, namespace, name, type, patch, options, ctx));
    return result.object as Stored<T>;
  }

  async delete<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<DeleteResult<T>> {
    const result = await this.call((ctx) => this.registry.delete(r, namespace, name, options, ctx));
    return { deleted: result.deleted, object: result.object as Stored<T> };
  }

  createSubresource(r: ResourceRef, namespace: string | undefined, name: string, subresource: "binding" | "eviction", body: KubeObject): Promise<unknown> {
    const copy = copyJson(body);
    return this.call((ctx) => this.registry.createSubresource(r, namespace, name, subresource, copy, ctx));
  }

  async watch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<T>>) => void,
  ): Promise<WatchHandle> {
    const deliver = onEvent as (event: WatchEvent<Stored>) => void;
    const watch = await this.call((ctx) => this.registry.watch(r, namespace, options, deliver, ctx));
    return { stop: () => watch.stop(), done: watch.done };
  }

  private async call<R>(fn: (ctx: RequestContext) => Promise<R>): Promise<R> {
    // Asked again after each wait: the callers a turn releases all resume at once, and must not make one long stretch.
    for (let turn = eventLoopTurns.turn(); turn; turn = eventLoopTurns.turn()) await turn;
    const ctx = newRequestContext(undefined, this.options.userAgent);
    try {
      return await fn(ctx);
    } catch (err) {
      throw err instanceof StatusError ? err : apiErrors.internal(err);
    } finally {
      for (const w of ctx.warnings) this.options.onWarning?.(w);
    }
  }
}
