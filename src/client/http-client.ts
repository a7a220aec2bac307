import type { KubeList, KubeObject, Stored } from "../api/object.js";
import type { DeleteOptions, ListOptions, PatchType, ResourceRef, WatchEvent, WatchOptions, WriteOptions } from "../api/options.js";
import type { Client, ClientPatchOptions, DeleteResult, UpdateOptions, WatchHandle } from "./client.js";
import type { HttpClientConfig } from "./http/config.js";
import { deleteBody, listQuery, query, resourcePath, watchQuery, writeQuery } from "./http/paths.js";
import { asStatus, responseError, transportError, warningsOf } from "./http/response-errors.js";
import { type HttpRequest, type HttpResponse, Transport } from "./http/transport.js";
import { readEvents } from "./http/watch-stream.js";

export type { HttpClientConfig } from "./http/config.js";

const patchContentTypes: Record<PatchType, string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

/**
 * The Client over HTTPS to any Kubernetes API server (tinykube's or a real cluster's): JSON
 * bodies, keep-alive connections, errors as the StatusError of the server's Status, watches as
 * streamed newline-delimited events. A request that gets no answer at all (refused, reset) is
 * a 503 ServiceUnavailable StatusError naming the cause.
 */
export class HttpClient implements Client {
  private readonly transport: Transport;

  constructor(private readonly config: HttpClientConfig) {
    this.transport = new Transport(config);
  }

  /** Closes every connection, open watches included. */
  close(): void {
    this.transport.close();
  }

  async get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<Stored<T>> {
    return (await this.json({ method: "GET", path: resourcePath(r, namespace, name) })) as Stored<T>;
  }

  async list<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList<Stored<T>>> {
    return (await this.json({ method: "GET", path: resourcePath(r, namespace) + query(listQuery(options)) })) as KubeList<Stored<T>>;
  }

  async create<T extends KubeObject>(r: ResourceRef, obj: T, options: WriteOptions = {}): Promise<Stored<T>> {
    const path = resourcePath(r, obj.metadata?.namespace) + query(writeQuery(options));
    return (await this.json({ method: "POST", path, ...jsonBody(obj) })) as Stored<T>;
  }

  async update<T extends KubeObject>(r: ResourceRef, obj: T, options: UpdateOptions = {}): Promise<Stored<T>> {
    const { subresource, ...write } = options;
    const path = resourcePath(r, obj.metadata?.namespace, obj.metadata?.name ?? "", subresource) + query(writeQuery(write));
    return (await this.json({ method: "PUT", path, ...jsonBody(obj) })) as Stored<T>;
  }

  async patch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    options: ClientPatchOptions = {},
  ): Promise<Stored<T>> {
    const { subresource, ...write } = options;
    const path = resourcePath(r, namespace, name, subresource) + query(writeQuery(write));
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return (await this.json({ method: "PATCH", path, headers: { "content-type": patchContentTypes[type] }, body: text })) as Stored<T>;
  }

  /**
   * An object gone at once is answered with a Status naming it, not the object: the result then
   * carries what the Status names (name, uid) in the object's place.
   */
  async delete<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<DeleteResult<T>> {
    const answer = await this.json({ method: "DELETE", path: resourcePath(r, namespace, name), ...jsonBody(deleteBody(options)) });
    const status = asStatus(answer);
    if (!status) return { deleted: false, object: answer as Stored<T> };
    const metadata = { name: status.details?.name ?? name, uid: status.details?.uid ?? "", resourceVersion: "", creationTimestamp: "", ...(namespace ? { namespace } : {}) };
    const apiVersion = r.group === "" ? r.version : `${r.group}/${r.version}`;
    return { deleted: true, object: { apiVersion, kind: "", metadata } as Stored<T> };
  }

  createSubresource(r: ResourceRef, namespace: string | undefined, name: string, subresource: "binding" | "eviction", body: KubeObject): Promise<unknown> {
    return this.json({ method: "POST", path: resourcePath(r, namespace, name, subresource), ...jsonBody(body) });
  }

  async watch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<T>>) => void,
  ): Promise<WatchHandle> {
    const req: HttpRequest = { method: "GET", path: resourcePath(r, namespace) + query(watchQuery(options)) };
    let s;
    try {
      s = await this.transport.open(req);
    } catch (err) {
      throw transportError(`${req.method} ${this.transport.url}${req.path}`, err);
    }
    this.reportWarnings(s.headers.warning);
    if (s.status >= 300) {
      const chunks: Buffer[] = [];
      for await (const chunk of s.response) chunks.push(chunk as Buffer);
      throw responseError(s.status, req.method, Buffer.concat(chunks));
    }
    let stopped = false;
    const done = readEvents(s.response, (e) => onEvent(e as WatchEvent<Stored<T>>), () => stopped);
    // A caller that never awaits done must not crash the process when the connection drops.
    done.catch(() => {});
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        s.abort();
      },
      done,
    };
  }

  /** Sends req; resolves to the decoded JSON answer, rejects with the StatusError of a failure. */
  private async json(req: HttpRequest): Promise<unknown> {
    let res: HttpResponse;
    try {
      res = await this.transport.send(req);
    } catch (err) {
      throw transportError(`${req.method} ${this.transport.url}${req.path}`, err);
    }
    this.reportWarnings(res.headers.warning);
    if (res.status >= 300) throw responseError(res.status, req.method, res.body);
    try {
      return JSON.parse(res.body.toString("utf8"));
    } catch (err) {
      throw transportError(`${req.method} ${this.transport.url}${req.path}: the answer is not JSON`, err);
    }
  }

  private reportWarnings(header: string | string[] | undefined): void {
    if (!this.config.onWarning || header === undefined) return;
    for (const w of warningsOf(header)) this.config.onWarning(w);
  }
}

function jsonBody(value: unknown): { headers: Record<string, string>; body: string } {
  return { headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}

