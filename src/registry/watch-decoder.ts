import type { Stored } from "../api/object.js";
import type { WatchEvent as StoreEvent } from "../store/store.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { LruCache } from "../util/lru-cache.js";
import { decodeValue, toServed } from "./codec.js";
import type { Resolved } from "./resolve.js";
import type { DecodedObjects } from "./stored-object.js";

/** One store event decoded: the new and the previous object, storage version and served ones. */
export interface DecodedEvent {
  /** The object after a put (storage version), resourceVersion = the event's revision. */
  readonly object: Stored | undefined;
  /** The object before the write, resourceVersion = the event's revision (upstream sends it so on DELETED). */
  readonly previous: Stored | undefined;
  /** The objects converted to the version a watcher asked for (cached per apiVersion). */
  served(res: Resolved, which: "object" | "previous"): Stored;
}

/**
 * How many keys' last decoded objects are kept. Most are the very objects informers cache; the
 * bound holds memory for keys only watched from outside (their objects would not be kept else).
 */
const rememberedKeys = 10_000;

/**
 * Decodes each store event once for every watcher that receives it: the store hands the
 * same event object to each live watcher, so decoded forms are kept beside it. The objects
 * are shared between watchers, and frozen so that none can change them under another: an
 * in-process watcher gets them as they are, with no copy of its own.
 *
 * The last object decoded for each key is remembered by its revision: the next write's
 * previous object is that one (the store names prevValue's revision), so a filtered watch,
 * which must test the previous object too, does not decode it again.
 */
export class EventDecoder implements DecodedObjects {
  private readonly cache = new WeakMap<StoreEvent, DecodedEvent>();
  private readonly latest = new LruCache<{ readonly revision: number; readonly object: Stored }>(rememberedKeys);
  /** remember, bound once: every event's decoding is handed it. */
  private readonly rememberLatest = (key: string, revision: number, object: Stored): void => this.remember(key, revision, object);

  decode(event: StoreEvent): DecodedEvent {
    let decoded = this.cache.get(event);
    if (!decoded) {
      const before = event.prevRevision === undefined ? undefined : this.objectAt(event.key, event.prevRevision);
      if (event.type === "delete") this.forget(event.key, event.revision);
      decoded = decodeEvent(event, before, this.rememberLatest);
      this.cache.set(event, decoded);
    }
    return decoded;
  }

  /** The object decoded for key at revision (frozen), if it is the one remembered. */
  objectAt(key: string, revision: number): Stored | undefined {
    const known = this.latest.peek(key);
    return known?.revision === revision ? known.object : undefined;
  }

  /** Keeps object as key's latest, unless a later one is known (a replaying watch decodes old events). */
  private remember(key: string, revision: number, object: Stored): void {
    const known = this.latest.peek(key);
    if (known && known.revision >= revision) return;
    this.latest.set(key, { revision, object });
  }

  private forget(key: string, revision: number): void {
    const known = this.latest.peek(key);
    if (known && known.revision < revision) this.latest.delete(key);
  }
}

/** The remembered object as of a later revision: a frozen copy of its top with resourceVersion set. */
function atRevision(object: Stored, revision: number): Stored {
  const metadata = Object.freeze({ ...object.metadata, resourceVersion: String(revision) });
  return Object.freeze({ ...object, metadata });
}

/** The event's objects, decoded when first asked for; `before` is the previous object when it was remembered. */
function decodeEvent(event: StoreEvent, before: Stored | undefined, remember: (key: string, revision: number, object: Stored) => void): DecodedEvent {
  let object: Stored | undefined | null = null;
  let previous: Stored | undefined | null = null;
  const servedCache = new Map<string, Stored>();
  const decoded: DecodedEvent = {
    get object() {
      if (object === null) {
        object = event.value === undefined ? undefined : deepFreeze(decodeValue(event.value, event.revision));
        if (object) remember(event.key, event.revision, object);
      }
      return object;
    },
    get previous() {
      if (previous === null) {
        if (event.prevValue === undefined) previous = undefined;
        else previous = before ? atRevision(before, event.revision) : deepFreeze(decodeValue(event.prevValue, event.revision));
      }
      return previous;
    },
    served(res, which) {
      const source = which === "object" ? decoded.object : decoded.previous;
      if (!source) throw new Error(`watch event at ${event.revision} has no ${which}`);
      if (!res.served.converter) return source;
      const key = `${which}\u0000${res.served.info.group}/${res.served.info.version}`;
      let out = servedCache.get(key);
      if (!out) {
        out = deepFreeze(toServed(res, source));
        servedCache.set(key, out);
      }
      return out;
    },
  };
  return decoded;
}
