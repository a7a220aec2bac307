import type { Stored } from "../api/object.js";
import type { WatchEvent, WatchOptions } from "../api/options.js";
import { apiVersionOf } from "../api/resource.js";
import { apiErrors } from "../api/status.js";
import type { Clock, Timer } from "../util/clock.js";
import { CompactedError, type Store, type WatchEvent as StoreEvent } from "../store/store.js";
import { decode, toServed } from "./codec.js";
import { listPrefix } from "./keys.js";
import { parseResourceVersion, tooLargeResourceVersion } from "./list.js";
import type { RegistryWatch } from "./registry.js";
import type { Resolved } from "./resolve.js";
import { compileFilter, type ObjectFilter } from "./selectors.js";
import type { EventDecoder } from "./watch-decoder.js";

/** How often a watch that allows bookmarks gets one (upstream's cacher sends them about once a minute). */
export const bookmarkIntervalMs = 60_000;

const watchExpired = "The resourceVersion for the provided watch is too old.";

export interface WatchDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly decoder: EventDecoder;
}

type Emit = (event: WatchEvent<Stored>) => void;

/**
 * A watch as upstream serves it. Objects handed to onEvent may be shared with other
 * watchers: they are read-only.
 */
export async function watchObjects(
  deps: WatchDeps,
  target: { res: Resolved; namespace: string | undefined },
  options: WatchOptions,
  onEvent: Emit,
): Promise<RegistryWatch> {
  const { res } = target;
  const filter = compileFilter(res, options);
  const prefix = listPrefix(res.served.info, target.namespace);
  const watch = new RunningWatch(deps, res, filter, onEvent);
  const after = await startingPoint(deps.store, prefix, options, watch);
  watch.start(prefix, after, options);
  return watch;
}

/** Sends the initial state when asked for, and returns the revision to follow from. */
async function startingPoint(store: Store, prefix: string, options: WatchOptions, watch: RunningWatch): Promise<number> {
  const rv = options.resourceVersion ?? "";
  if (rv === "" || rv === "0" || options.sendInitialEvents === true) {
    const snapshot = await store.list(prefix);
    for (const kv of snapshot.items) watch.initial(decode(kv));
    if (options.sendInitialEvents === true && options.allowWatchBookmarks) watch.bookmark(snapshot.revision, { initialEventsEnd: true });
    return snapshot.revision;
  }
  const after = parseResourceVersion(rv);
  const [current, compacted] = await Promise.all([store.currentRevision(), store.compactedRevision()]);
  if (after < compacted) throw tooOld(after, compacted);
  if (after > current) throw tooLargeResourceVersion(after, current);
  return after;
}

function tooOld(requested: number, compacted: number): Error {
  return apiErrors.resourceExpired(`too old resource version: ${requested} (${compacted})`);
}

class RunningWatch implements RegistryWatch {
  readonly done: Promise<void>;
  private finish!: () => void;
  private stopped = false;
  private lastRevision = 0;
  private storeWatch: { stop(): void } | undefined;
  private timers: Timer[] = [];

  constructor(
    private readonly deps: WatchDeps,
    private readonly res: Resolved,
    private readonly filter: ObjectFilter,
    private readonly emit: Emit,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  start(prefix: string, after: number, options: WatchOptions): void {
    if (this.stopped) return;
    this.lastRevision = Math.max(this.lastRevision, after);
    try {
      this.storeWatch = this.deps.store.watch(prefix, { afterRevision: after }, {
        onEvent: (e) => this.onStoreEvent(e),
        onError: (err) => this.fail(err),
      });
    } catch (err) {
      this.stop();
      if (err instanceof CompactedError) throw tooOld(err.requested, err.compacted);
      throw err;
    }
    if (options.timeoutSeconds !== undefined && options.timeoutSeconds > 0) {
      this.timers.push(this.deps.clock.setTimeout(() => this.stop(), options.timeoutSeconds * 1000));
    }
    if (options.allowWatchBookmarks) this.scheduleBookmark();
  }

  initial(obj: Stored): void {
    if (this.filter.matches(obj)) this.send({ type: "ADDED", object: toServed(this.res, obj) });
  }

  bookmark(revision: number, marks: { initialEventsEnd?: boolean } = {}): void {
    const metadata: Stored["metadata"] = { resourceVersion: String(revision) } as Stored["metadata"];
    if (marks.initialEventsEnd) metadata.annotations = { "k8s.io/initial-events-end": "true" };
    const info = this.res.served.info;
    this.send({ type: "BOOKMARK", object: { apiVersion: apiVersionOf(info), kind: info.kind, metadata } as Stored });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.storeWatch?.stop();
    for (const t of this.timers) t.cancel();
    this.finish();
  }

  private scheduleBookmark(): void {
    this.timers.push(
      this.deps.clock.setTimeout(() => {
        if (this.stopped) return;
        this.bookmark(this.lastRevision);
        this.scheduleBookmark();
      }, bookmarkIntervalMs),
    );
  }

  private onStoreEvent(event: StoreEvent): void {
    if (this.stopped) return;
    this.lastRevision = event.revision;
    const out = this.translate(event);
    if (out) this.send(out);
  }

  /** upstream's cacheWatcher.convertToWatchEvent: selector transitions become ADDED / DELETED. */
  private translate(event: StoreEvent): WatchEvent<Stored> | undefined {
    const d = this.deps.decoder.decode(event);
    const hadPrev = event.prevValue !== undefined;
    const oldPasses = hadPrev && (this.filter.empty || this.filter.matches(d.previous!));
    if (event.type === "delete") return oldPasses ? { type: "DELETED", object: d.served(this.res, "previous") } : undefined;
    const curPasses = this.filter.empty || this.filter.matches(d.object!);
    if (curPasses) return { type: hadPrev && oldPasses ? "MODIFIED" : "ADDED", object: d.served(this.res, "object") };
    return oldPasses ? { type: "DELETED", object: d.served(this.res, "previous") } : undefined;
  }

  private send(event: WatchEvent<Stored>): void {
    if (this.stopped) return;
    try {
      this.emit(event);
    } catch {
      // a handler that throws has gone away: end its watch rather than the store's delivery
      this.stop();
    }
  }

  /** The store dropped this watcher (compacted past it, or too slow): an ERROR 410, then the end. */
  private fail(err: Error): void {
    if (this.stopped) return;
    void err;
    const status = apiErrors.resourceExpired(watchExpired).status;
    this.emit({ type: "ERROR", object: status as unknown as Stored });
    this.stop();
  }
}
