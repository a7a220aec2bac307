import type { KubeObject, Stored } from "../api/object.js";
import { type Indexer, indexNames } from "./indexer.js";

export interface ListFilter<T extends KubeObject> {
  /** Only objects in this namespace (absent: all namespaces). */
  namespace?: string;
  /** Only objects carrying every one of these labels with these values. */
  labels?: Readonly<Record<string, string>>;
  /** Any further test, e.g. a parsed label selector's matches(). */
  where?: (obj: Stored<T>) => boolean;
}

/**
 * Read access to an informer's cache, as client-go's generated listers plus the indexes every
 * informer keeps. Objects returned are shared and frozen: clone before changing.
 */
export class Lister<T extends KubeObject = KubeObject> {
  constructor(private readonly indexer: Indexer<Stored<T>>) {}

  /** The object namespace/name (namespace undefined for cluster-scoped objects). */
  get(namespace: string | undefined, name: string): Stored<T> | undefined {
    return this.indexer.get(namespace ? `${namespace}/${name}` : name);
  }

  list(filter: ListFilter<T> = {}): Stored<T>[] {
    const candidates = filter.namespace === undefined
      ? this.indexer.list()
      : this.indexer.byIndex(indexNames.namespace, filter.namespace);
    return candidates.filter((obj) => matchesLabels(obj, filter.labels) && (filter.where?.(obj) ?? true));
  }

  /** Objects whose controller ownerReference has this UID. */
  byController(uid: string): Stored<T>[] {
    return this.indexer.byIndex(indexNames.controllerUID, uid);
  }

  /** Objects with any ownerReference of this UID. */
  byOwner(uid: string): Stored<T>[] {
    return this.indexer.byIndex(indexNames.ownerUID, uid);
  }

  /** Pods bound to the node. */
  byNodeName(nodeName: string): Stored<T>[] {
    return this.indexer.byIndex(indexNames.nodeName, nodeName);
  }

  /** Objects under value in a custom index added to the informer. */
  byIndex(name: string, value: string): Stored<T>[] {
    return this.indexer.byIndex(name, value);
  }
}

function matchesLabels(obj: KubeObject, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!labels) return true;
  const have = obj.metadata?.labels ?? {};
  return Object.entries(labels).every(([k, v]) => have[k] === v);
}
