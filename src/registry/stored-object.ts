import type { Stored } from "../api/object.js";
import type { KeyValue } from "../store/store.js";
import { copyJson } from "../util/json-copy.js";
import { decode } from "./codec.js";

/** Objects already decoded from the store, found by key and the revision they were written at. */
export interface DecodedObjects {
  /** The object at exactly this revision, read-only, if one is known. */
  objectAt(key: string, revision: number): Stored | undefined;
}

/**
 * The stored object as the caller's own to change. The watch decoder has usually decoded this
 * very revision already (an informer watches most kinds): copying that object costs a third of
 * parsing the JSON again (a Pod: 7 against 21 µs).
 */
export function storedObject(kv: KeyValue, known: DecodedObjects): Stored {
  const object = known.objectAt(kv.key, kv.modRevision);
  return object ? copyJson(object) : decode(kv);
}

/** The stored object to read only: the watch decoder's own when it holds that revision. */
export function storedObjectToRead(kv: KeyValue, known: DecodedObjects): Readonly<Stored> {
  return known.objectAt(kv.key, kv.modRevision) ?? decode(kv);
}
