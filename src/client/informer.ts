import { type KubeObject, objectKey, type Stored } from "../api/object.js";
import type { ResourceRef, WatchEvent } from "../api/options.js";
import { isExpired } from "../api/status.js";
import type { Clock } from "../util/clock.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { VirtualClock } from "../util/virtual-clock.js";
import type { Client } from "./client.js";
import { type IndexFunc, Indexer } from "./indexer.js";
import { Lister } from "./lister.js";

/**
 * Receives an informer's changes. Handlers run synchronously as the informer applies each change
 * to its cache (the cache already shows it), and should only map the change to queue keys.
 * Objects are the cached, frozen ones.
 */
export interface EventHandler<T extends KubeObject = KubeObject> {
  onAdd?(obj: Stored<T>): void;
  onUpdate?(old: Stored<T>, obj: Stored<T>): void;
  /**
   * finalStateUnknown: the deletion was inferred from a relist, so obj is the last state seen,
   * not the state at deletion (upstream's DeletedFinalStateUnknown).
   */
  onDelete?(obj: Stored<T>, info: { finalStateUnknown: boolean }): void;
}

export interface InformerOptions {
  clock: Clock;
  /** Watch one namespace only (absent: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Indexes beyond the default ones (namespace, controller UID, owner UID, node name). */
  indexers?: Readonly<Record<string, IndexFunc>>;
  /** Where list/watch failures are reported; the informer retries them itself. */
  onError?: (err: unknown) => void;
}

type WatchOutcome = "ended" | "expired" | "failed";

/** Reflector back-off after a failed list or watch: 800 ms doubling to 30 s. */
const backoff = { initialMs: 800, maxMs: 30_000 } as const;

/**
 * client-go's shared informer over one resource: list, then watch from the list's
 * resourceVersion, keeping an indexed cache and telling handlers what changed. When the watch ends
 * it re-watches from the last resourceVersion seen; when that is too old (410, thrown or as an
 * ERROR event) it relists at once and delivers the difference as adds, updates and deletes.
 * Other failures are retried after a back-off on the clock.
 */
export class Informer<T extends KubeObject = KubeObject> {
  readonly indexer: Indexer<Stored<T>>;
  readonly lister: Lister<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly syncWaiters: Array<(synced: boolean) => void> = [];
  private synced = false;
  private running = false;
  private stopped = false;
  private resourceVersion = "";
  private session = 0;
  private currentWatch: { stop(): void } | undefined;
  private endCurrentWatch: ((o: WatchOutcome) => void) | undefined;
  private failures = 0;
  private wakeSleeper: (() => void) | undefined;
  /** What the last failed watch reported (an ERROR event's Status). */
  private watchError: string | undefined;

  constructor(
    private readonly client: Client,
    readonly ref: ResourceRef,
    private readonly options: InformerOptions,
  ) {
    this.indexer = new Indexer<Stored<T>>();
    if (options.indexers) this.indexer.addIndexers(options.indexers);
    this.lister = new Lister<T>(this.indexer);
  }

  /**
   * Adds a handler. Added after the first sync, it is first told of every cached object as an add,
   * as upstream does. Returns a function removing it.
   */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.synced) for (const obj of this.indexer.list()) this.call(() => handler.onAdd?.(obj));
    return () => this.handlers.delete(handler);
  }

  /** Adds indexes (before or after start; current content is indexed at once). */
  addIndexers(indexers: Readonly<Record<string, IndexFunc>>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Starts listing and watching in the background; calling it again does nothing. */
  run(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop();
  }

  /** Stops the watch; no handler is called after stop returns. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.session++;
    this.currentWatch?.stop();
    this.endCurrentWatch?.("ended");
    this.wakeSleeper?.();
    for (const resolve of this.syncWaiters.splice(0)) resolve(false);
  }

  /** True once the first list has been delivered. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, or false if the informer is stopped first. */
  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** The resourceVersion the cache is consistent with ("" before the first list). */
  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listAndReplace();
        await this.watchUntilExpired();
        this.failures = 0;
      } catch (err) {
        if (this.stopped) return;
        this.report(err);
        await this.sleep(Math.min(backoff.maxMs, backoff.initialMs * 2 ** this.failures++));
      }
    }
  }

  private async listAndReplace(): Promise<void> {
    const release = this.options.clock instanceof VirtualClock ? this.options.clock.busy() : undefined;
    try {
      const list = await this.client.list<T>(this.ref, this.options.namespace, this.selectors());
      if (this.stopped) return;
      const diff = this.indexer.replace(list.items);
      this.resourceVersion = list.metadata.resourceVersion;
      for (const obj of diff.added) this.dispatch((h) => h.onAdd?.(obj));
      for (const { old, obj } of diff.updated) this.dispatch((h) => h.onUpdate?.(old, obj));
      for (const obj of diff.deleted) this.dispatch((h) => h.onDelete?.(obj, { finalStateUnknown: true }));
      this.markSynced();
    } finally {
      release?.();
    }
  }

  /** Watches, re-watching from the last resourceVersion whenever a watch ends, until it is too old. */
  private async watchUntilExpired(): Promise<void> {
    while (!this.stopped) {
      const outcome = await this.watchOnce();
      if (outcome === "expired") return;
      if (outcome === "failed") throw new Error(`watch of ${this.ref.resource} failed: ${this.watchError ?? "stream error"}`);
    }
  }

  private async watchOnce(): Promise<WatchOutcome> {
    const session = ++this.session;
    let settle: (o: WatchOutcome) => void = () => {};
    const outcome = new Promise<WatchOutcome>((resolve) => { settle = resolve; });
    this.endCurrentWatch = settle;
    const onEvent = (event: WatchEvent<Stored<T>>): void => {
      if (session !== this.session) return;
      const ended = this.apply(event);
      if (ended) {
        this.session++;
        this.currentWatch?.stop();
        settle(ended);
      }
    };
    try {
      const handle = await this.client.watch<T>(this.ref, this.options.namespace, this.watchOptions(), onEvent);
      if (session !== this.session) {
        handle.stop();
        return this.stopped ? "ended" : outcome;
      }
      this.currentWatch = handle;
      handle.done.then(
        () => settle("ended"),
        (err: unknown) => {
          this.watchError = err instanceof Error ? err.message : String(err);
          settle(isExpired(err) ? "expired" : "failed");
        },
      );
    } catch (err) {
      if (isExpired(err)) return "expired";
      throw err;
    }
    return outcome;
  }

  /** Applies one watch event to the cache and handlers; returns how the watch ends, if it does. */
  private apply(event: WatchEvent<Stored<T>>): WatchOutcome | undefined {
    if (event.type === "ERROR") {
      const code = (event.object as { code?: unknown } | null)?.code;
      if (code === 410) return "expired";
      this.watchError = JSON.stringify(event.object);
      return "failed";
    }
    const obj = event.object;
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (event.type === "BOOKMARK") return undefined;
    const key = objectKey(obj);
    if (event.type === "DELETED") {
      this.indexer.delete(key);
      const final = deepFreeze(obj);
      this.dispatch((h) => h.onDelete?.(final, { finalStateUnknown: false }));
      return undefined;
    }
    const old = this.indexer.upsert(obj);
    const cached = this.indexer.get(key)!;
    if (old) this.dispatch((h) => h.onUpdate?.(old, cached));
    else this.dispatch((h) => h.onAdd?.(cached));
    return undefined;
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    for (const resolve of this.syncWaiters.splice(0)) resolve(true);
  }

  private dispatch(fn: (h: EventHandler<T>) => void): void {
    for (const h of [...this.handlers]) this.call(() => fn(h));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(err);
    }
  }

  private report(err: unknown): void {
    if (this.options.onError) this.options.onError(err);
    else console.warn(`informer ${this.ref.group}/${this.ref.version}/${this.ref.resource}:`, err);
  }

  private selectors(): { labelSelector?: string; fieldSelector?: string } {
    const s: { labelSelector?: string; fieldSelector?: string } = {};
    if (this.options.labelSelector) s.labelSelector = this.options.labelSelector;
    if (this.options.fieldSelector) s.fieldSelector = this.options.fieldSelector;
    return s;
  }

  private watchOptions(): { resourceVersion: string; allowWatchBookmarks: boolean; labelSelector?: string; fieldSelector?: string } {
    return { ...this.selectors(), resourceVersion: this.resourceVersion, allowWatchBookmarks: true };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = this.options.clock.setTimeout(wake, ms);
      this.wakeSleeper = () => {
        timer.cancel();
        wake();
      };
    });
  }
}
