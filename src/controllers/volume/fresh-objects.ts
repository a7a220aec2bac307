import { type KubeObject, objectKey, type Stored } from "../../api/object.js";
import type { Lister } from "../../client/lister.js";

/** a is newer than b: both revisions as integers (etcd and sqlite both count up); else not known. */
function newer(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) > BigInt(b);
}

type Entry<T extends KubeObject> = { readonly obj: Stored<T> } | { readonly deletedAt: string };

/**
 * An informer's cache with this controller's own writes laid over it until the informer catches
 * up, as upstream's PV controller keeps its own store: binding writes four objects, and a sync
 * that ran on the informer's older copies would write them again and fail with conflicts.
 */
export class FreshObjects<T extends KubeObject> {
  private readonly written = new Map<string, Entry<T>>();

  constructor(private readonly lister: Lister<T>) {}

  /** An object this controller just wrote (the server's answer). */
  remember(obj: Stored<T>): Stored<T> {
    this.written.set(objectKey(obj), { obj });
    return obj;
  }

  /** An object this controller just deleted (at the revision of its last known state). */
  deleted(obj: Stored<T>): void {
    this.written.set(objectKey(obj), { deletedAt: obj.metadata.resourceVersion });
  }

  /** The informer delivered a change: once it has caught up, our copy is dropped. */
  observed(key: string, resourceVersion: string | undefined): void {
    const entry = this.written.get(key);
    if (!entry) return;
    const ours = "obj" in entry ? entry.obj.metadata.resourceVersion : entry.deletedAt;
    if (!newer(ours, resourceVersion)) this.written.delete(key);
  }

  /** The informer's deletion of key: nothing of ours outlives it. */
  gone(key: string): void {
    this.written.delete(key);
  }

  get(namespace: string | undefined, name: string): Stored<T> | undefined {
    const cached = this.lister.get(namespace, name);
    const entry = this.written.get(namespace ? `${namespace}/${name}` : name);
    if (!entry) return cached;
    if ("deletedAt" in entry) return undefined;
    return cached && !newer(entry.obj.metadata.resourceVersion, cached.metadata.resourceVersion) ? cached : entry.obj;
  }

  list(): Stored<T>[] {
    const out = new Map<string, Stored<T>>();
    for (const obj of this.lister.list()) out.set(objectKey(obj), obj);
    for (const [key, entry] of this.written) {
      if ("deletedAt" in entry) out.delete(key);
      else {
        const cached = out.get(key);
        if (!cached || newer(entry.obj.metadata.resourceVersion, cached.metadata.resourceVersion)) out.set(key, entry.obj);
      }
    }
    return [...out.values()];
  }
}
