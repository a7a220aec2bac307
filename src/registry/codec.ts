import type { KubeObject, Stored } from "../api/object.js";
import { apiVersionOf } from "../api/resource.js";
import type { KeyValue } from "../store/store.js";
import type { Resolved } from "./resolve.js";

/**
 * Objects in and out of the store. Stored values are JSON of the storage version without
 * metadata.resourceVersion: the store's modRevision is the resourceVersion, set on read.
 */

/** JSON for the store: the object without its resourceVersion. */
export function encode(obj: KubeObject): string {
  const meta = obj.metadata;
  if (!meta || meta.resourceVersion === undefined) return JSON.stringify(obj);
  const { resourceVersion: _rv, ...rest } = meta;
  return JSON.stringify({ ...obj, metadata: rest });
}

/** The stored object (storage version) with its resourceVersion. */
export function decode(kv: Pick<KeyValue, "value" | "modRevision">): Stored {
  return decodeValue(kv.value, kv.modRevision);
}

export function decodeValue(value: string, revision: number): Stored {
  const obj = JSON.parse(value) as Stored;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/** A storage-version object as the request's version serves it (a new object when converted). */
export function toServed(res: Resolved, obj: Stored): Stored {
  const converter = res.served.converter;
  if (!converter) return obj;
  const out = converter.fromStorage(obj) as Stored;
  out.apiVersion = apiVersionOf(res.served.info);
  out.kind = res.served.info.kind;
  return out;
}

/** A request-version object in the storage version. */
export function toStorage(res: Resolved, obj: KubeObject): KubeObject {
  const converter = res.served.converter;
  const out = converter ? converter.toStorage(obj) : obj;
  out.apiVersion = apiVersionOf(res.storage.info.storage);
  out.kind = res.storage.info.storage.kind;
  return out;
}
