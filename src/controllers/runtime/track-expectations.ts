import { type KubeObject, objectKey, type Stored } from "../../api/object.js";
import { type ControllerExpectations, UIDTrackingExpectations } from "../../client/expectations.js";
import type { Informer } from "../../client/informer.js";

export interface TrackExpectationsOptions<T extends KubeObject> {
  readonly expectations: ControllerExpectations;
  /** The owner keys a dependent counts for (usually its resolved controller). */
  readonly ownerKeys: (dependent: Stored<T>) => Iterable<string>;
}

/**
 * Lowers owners' expectations as their dependents' events arrive, as upstream's ReplicaSet and Job
 * controllers do in their pod handlers: an add is an observed create (or, for an object already
 * being deleted, a delete), a delete is an observed delete (by key, for UID-tracked expectations).
 * Returns a function that stops tracking.
 */
export function trackExpectations<T extends KubeObject>(informer: Informer<T>, options: TrackExpectationsOptions<T>): () => void {
  const { expectations, ownerKeys } = options;
  const deleted = (obj: Stored<T>): void => {
    for (const key of ownerKeys(obj)) {
      if (expectations instanceof UIDTrackingExpectations) expectations.deletionOfObserved(key, objectKey(obj));
      else expectations.deletionObserved(key);
    }
  };
  return informer.addEventHandler({
    onAdd: (obj) => {
      // Seen for the first time already on its way out (a relist after a restart): count it as gone.
      if (obj.metadata.deletionTimestamp) return deleted(obj);
      for (const key of ownerKeys(obj)) expectations.creationObserved(key);
    },
    onDelete: deleted,
  });
}
