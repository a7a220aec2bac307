import type { Stored } from "../api/object.js";
import type { WatchEvent as StoreEvent } from "../store/store.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { decodeValue, toServed } from "./codec.js";
import type { Resolved } from "./resolve.js";

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
 * Decodes each store event once for every watcher that receives it: the store hands the
 * same event object to each live watcher, so decoded forms are kept beside it. The objects
 * are shared between watchers, and frozen so that none can change them under another: an
 * in-process watcher gets them as they are, with no copy of its own.
 */
export class EventDecoder {
  private readonly cache = new WeakMap<StoreEvent, DecodedEvent>();

  decode(event: StoreEvent): DecodedEvent {
    let decoded = this.cache.get(event);
    if (!decoded) {
      decoded = decodeEvent(event);
      this.cache.set(event, decoded);
    }
    return decoded;
  }
}

function decodeEvent(event: StoreEvent): DecodedEvent {
  let object: Stored | undefined | null = null;
  let previous: Stored | undefined | null = null;
  const servedCache = new Map<string, Stored>();
  const decoded: DecodedEvent = {
    get object() {
      if (object === null) object = event.value === undefined ? undefined : deepFreeze(decodeValue(event.value, event.revision));
      return object;
    },
    get previous() {
      if (previous === null) previous = event.prevValue === undefined ? undefined : deepFreeze(decodeValue(event.prevValue, event.revision));
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
