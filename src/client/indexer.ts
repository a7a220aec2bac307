import { type KubeObject, objectKey } from "../api/object.js";
import { deepFreeze } from "../util/deep-freeze.js";

/** The values under which an object is indexed (none: not in this index). */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => readonly string[];

/** Names of the indexes every informer keeps. */
export const indexNames = {
  namespace: "namespace",
  /** The UID of the controller ownerReference (controller: true). */
  controllerUID: "controllerUID",
  /** The UID of every ownerReference. */
  ownerUID: "ownerUID",
  /** spec.nodeName (pods). */
  nodeName: "spec.nodeName",
} as const;

function specNodeName(obj: KubeObject): readonly string[] {
  const spec = (obj as { spec?: unknown }).spec;
  if (typeof spec !== "object" || spec === null) return [];
  const nodeName = (spec as { nodeName?: unknown }).nodeName;
  return typeof nodeName === "string" && nodeName !== "" ? [nodeName] : [];
}

export const defaultIndexers: Readonly<Record<string, IndexFunc>> = {
  [indexNames.namespace]: (obj) => (obj.metadata?.namespace ? [obj.metadata.namespace] : []),
  [indexNames.controllerUID]: (obj) => obj.metadata?.ownerReferences?.filter((r) => r.controller === true).map((r) => r.uid) ?? [],
  [indexNames.ownerUID]: (obj) => [...new Set(obj.metadata?.ownerReferences?.map((r) => r.uid) ?? [])],
  [indexNames.nodeName]: specNodeName,
};

/** What replacing the whole content changed, for an informer to deliver as events. */
export interface ReplaceResult<T> {
  readonly added: T[];
  readonly updated: Array<{ old: T; obj: T }>;
  readonly deleted: T[];
}

/**
 * client-go's thread-safe store with indexes: objects by "namespace/name" key, plus secondary
 * indexes. Objects put in are frozen (deep): whoever reads from the cache must clone before
 * changing (api/object.ts clone()).
 */
export class Indexer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → indexed value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Readonly<Record<string, IndexFunc<T>>> = defaultIndexers) {
    this.addIndexers(indexers);
  }

  /** Adds indexes; existing content is indexed at once. A name already present is kept. */
  addIndexers(more: Readonly<Record<string, IndexFunc<T>>>): void {
    for (const [name, fn] of Object.entries(more)) {
      if (this.indexers.has(name)) continue;
      this.indexers.set(name, fn);
      this.indices.set(name, new Map());
      for (const [key, obj] of this.items) this.indexOne(name, key, obj);
    }
  }

  hasIndex(name: string): boolean {
    return this.indexers.has(name);
  }

  /** Inserts or replaces obj; returns the object it replaced. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    const frozen = deepFreeze(obj);
    this.items.set(key, frozen);
    for (const name of this.indexers.keys()) this.indexOne(name, key, frozen);
    return old;
  }

  /** Removes the object under key; returns it. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  list(): T[] {
    return [...this.items.values()];
  }

  size(): number {
    return this.items.size;
  }

  /** Objects indexed under value in the named index; throws for an unknown index. */
  byIndex(name: string, value: string): T[] {
    return this.indexKeys(name, value).map((k) => this.items.get(k)!);
  }

  indexKeys(name: string, value: string): string[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index ${name} does not exist`);
    return [...(index.get(value) ?? [])];
  }

  /**
   * Replaces the whole content with objs (a relist) and reports the difference: objects new by
   * key, objects whose resourceVersion changed, and objects no longer listed.
   */
  replace(objs: readonly T[]): ReplaceResult<T> {
    const result: ReplaceResult<T> = { added: [], updated: [], deleted: [] };
    const listed = new Set<string>();
    for (const obj of objs) {
      listed.add(objectKey(obj));
      const old = this.items.get(objectKey(obj));
      if (old && old.metadata?.resourceVersion === obj.metadata?.resourceVersion) continue;
      this.upsert(obj);
      if (old) result.updated.push({ old, obj });
      else result.added.push(obj);
    }
    for (const key of [...this.items.keys()]) {
      if (!listed.has(key)) result.deleted.push(this.delete(key)!);
    }
    return result;
  }

  private indexOne(name: string, key: string, obj: T): void {
    const index = this.indices.get(name)!;
    for (const value of this.indexers.get(name)!(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
