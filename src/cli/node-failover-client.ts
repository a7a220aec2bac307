import type { KubeList, KubeObject, Stored } from "../api/object.js";
import type { DeleteOptions, ListOptions, PatchType, ResourceRef, WatchEvent, WatchOptions, WriteOptions } from "../api/options.js";
import { StatusError } from "../api/status.js";
import type { Client, ClientPatchOptions, DeleteResult, UpdateOptions, WatchHandle } from "../client/client.js";

/**
 * True for a call no server answered (refused, reset, unreachable): the HTTP client gives those
 * as a 503 whose cause is the transport's error, while a 503 a server sent has no cause.
 */
export function isUnanswered(err: unknown): boolean {
  return err instanceof StatusError && err.code === 503 && err.cause !== undefined;
}

/**
 * The node agent's Client over several API servers sharing one store: calls go to one server
 * and move to the next when it does not answer at all, so an agent keeps heartbeating and
 * running its pods when the server it talked to dies. A server's own errors are passed on
 * as they are. (Kubelets usually reach several API servers through a load balancer.)
 */
export class NodeFailoverClient implements Client {
  private current = 0;

  constructor(
    private readonly servers: readonly Client[],
    private readonly onSwitch: (index: number) => void = () => {},
  ) {
    if (servers.length === 0) throw new Error("no API server to talk to");
  }

  get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<Stored<T>> {
    return this.call((c) => c.get<T>(r, namespace, name));
  }

  list<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<KubeList<Stored<T>>> {
    return this.call((c) => c.list<T>(r, namespace, options));
  }

  create<T extends KubeObject>(r: ResourceRef, obj: T, options?: WriteOptions): Promise<Stored<T>> {
    return this.call((c) => c.create<T>(r, obj, options));
  }

  update<T extends KubeObject>(r: ResourceRef, obj: T, options?: UpdateOptions): Promise<Stored<T>> {
    return this.call((c) => c.update<T>(r, obj, options));
  }

  patch<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, type: PatchType, body: unknown, options?: ClientPatchOptions): Promise<Stored<T>> {
    return this.call((c) => c.patch<T>(r, namespace, name, type, body, options));
  }

  delete<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<DeleteResult<T>> {
    return this.call((c) => c.delete<T>(r, namespace, name, options));
  }

  createSubresource(r: ResourceRef, namespace: string | undefined, name: string, subresource: "binding" | "eviction", body: KubeObject): Promise<unknown> {
    return this.call((c) => c.createSubresource(r, namespace, name, subresource, body));
  }

  /** Opens the watch on the current server; when that server dies the watch ends and its owner watches again. */
  watch<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options: WatchOptions, onEvent: (event: WatchEvent<Stored<T>>) => void): Promise<WatchHandle> {
    return this.call((c) => c.watch<T>(r, namespace, options, onEvent));
  }

  /** Tries each server once, starting with the current one, moving on only when one does not answer. */
  private async call<R>(fn: (client: Client) => Promise<R>): Promise<R> {
    let last: unknown;
    for (let tried = 0; tried < this.servers.length; tried++) {
      const index = this.current;
      try {
        return await fn(this.servers[index]!);
      } catch (err) {
        if (!isUnanswered(err)) throw err;
        last = err;
        // Another call may have moved on already while this one waited.
        if (this.current === index) {
          this.current = (index + 1) % this.servers.length;
          this.onSwitch(this.current);
        }
      }
    }
    throw last;
  }
}
