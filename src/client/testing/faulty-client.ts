// A Client that passes every call to a real one, but lets a test break watches the way a network
// or a lagging server does: cut the streams, hold new watches back, inject an ERROR event, or fail
// the next calls of one kind.
import type { KubeList, KubeObject, Stored } from "../../api/object.js";
import type { DeleteOptions, ListOptions, PatchType, ResourceRef, WatchEvent, WatchOptions, WriteOptions } from "../../api/options.js";
import type { Status } from "../../api/status.js";
import type { Client, ClientPatchOptions, DeleteResult, UpdateOptions, WatchHandle } from "../client.js";

type Verb = "get" | "list" | "create" | "update" | "patch" | "delete" | "watch";

interface OpenWatch {
  readonly inner: WatchHandle;
  readonly onEvent: (event: WatchEvent<Stored>) => void;
  readonly end: () => void;
}

export class FaultyClient implements Client {
  /** Calls made, in order, as "verb resource". */
  readonly calls: string[] = [];
  private readonly open = new Set<OpenWatch>();
  private held: Array<() => void> | undefined;
  private readonly failures = new Map<Verb, Error[]>();
  private readonly counts = new Map<Verb, number>();
  private readonly nth = new Map<string, Error>();

  constructor(private readonly inner: Client) {}

  /** Ends every open watch (as a dropped connection) and holds new watches until resume(). */
  cutWatches(): void {
    this.held ??= [];
    for (const w of [...this.open]) w.end();
  }

  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const go of held) go();
  }

  /** Delivers an ERROR event carrying status to every open watch, then ends them (as a server does). */
  injectError(status: Status): void {
    for (const w of [...this.open]) {
      w.onEvent({ type: "ERROR", object: status as unknown as Stored });
      w.end();
    }
  }

  /** The next calls of verb throw err (once per error given). */
  failNext(verb: Verb, ...errors: Error[]): void {
    this.failures.set(verb, [...(this.failures.get(verb) ?? []), ...errors]);
  }

  /** The nth call of verb from now (1 = the next one) throws err; the others go through. */
  failNth(verb: Verb, n: number, err: Error): void {
    this.nth.set(`${verb} ${(this.counts.get(verb) ?? 0) + n}`, err);
  }

  openWatches(): number {
    return this.open.size;
  }

  private check(verb: Verb, r: ResourceRef): void {
    this.calls.push(`${verb} ${r.resource}`);
    const count = (this.counts.get(verb) ?? 0) + 1;
    this.counts.set(verb, count);
    const err = this.failures.get(verb)?.shift() ?? this.nth.get(`${verb} ${count}`);
    if (err) throw err;
  }

  async get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<Stored<T>> {
    this.check("get", r);
    return this.inner.get<T>(r, namespace, name);
  }

  async list<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<KubeList<Stored<T>>> {
    this.check("list", r);
    return this.inner.list<T>(r, namespace, options);
  }

  async create<T extends KubeObject>(r: ResourceRef, obj: T, options?: WriteOptions): Promise<Stored<T>> {
    this.check("create", r);
    return this.inner.create<T>(r, obj, options);
  }

  async update<T extends KubeObject>(r: ResourceRef, obj: T, options?: UpdateOptions): Promise<Stored<T>> {
    this.check("update", r);
    return this.inner.update<T>(r, obj, options);
  }

  async patch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    options?: ClientPatchOptions,
  ): Promise<Stored<T>> {
    this.check("patch", r);
    return this.inner.patch<T>(r, namespace, name, type, body, options);
  }

  async delete<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<DeleteResult<T>> {
    this.check("delete", r);
    return this.inner.delete<T>(r, namespace, name, options);
  }

  createSubresource(r: ResourceRef, namespace: string | undefined, name: string, subresource: "binding" | "eviction", body: KubeObject): Promise<unknown> {
    return this.inner.createSubresource(r, namespace, name, subresource, body);
  }

  async watch<T extends KubeObject>(
    r: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored<T>>) => void,
  ): Promise<WatchHandle> {
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    this.check("watch", r);
    let ended = false;
    let resolveDone: () => void = () => {};
    const done = new Promise<void>((resolve) => { resolveDone = resolve; });
    const deliver = (e: WatchEvent<Stored>): void => {
      if (!ended) onEvent(e as WatchEvent<Stored<T>>);
    };
    const inner = await this.inner.watch<KubeObject>(r, namespace, options, deliver);
    const w: OpenWatch = {
      inner,
      onEvent: deliver,
      end: () => {
        if (ended) return;
        ended = true;
        this.open.delete(w);
        inner.stop();
        resolveDone();
      },
    };
    this.open.add(w);
    inner.done.then(w.end, w.end);
    return { stop: w.end, done };
  }
}
