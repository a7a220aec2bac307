import { controllerRef, type KubeObject, objectKey, type OwnerReference, type Stored } from "../../api/object.js";
import type { Lister } from "../../client/lister.js";

/** The kind a controller owns, and where its objects are cached. */
export interface OwnerKind<O extends KubeObject> {
  /** API group ("apps", "batch", "" for core). */
  readonly group: string;
  readonly kind: string;
  readonly lister: Lister<O>;
}

/** The group of an apiVersion: "apps/v1" → "apps", "v1" → "". */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** Whether ref points at an object of this kind (any version of its group). */
export function refersToKind(ref: OwnerReference, owner: { group: string; kind: string }): boolean {
  return ref.kind === owner.kind && groupOf(ref.apiVersion) === owner.group;
}

/**
 * upstream's resolveControllerRef: the owner a dependent's controller reference names, if it is of
 * the owner kind, in the dependent's namespace, and still the same object (UID equal): a reference
 * to a deleted and re-created owner of the same name resolves to nothing.
 */
export function resolveControllerRef<O extends KubeObject>(dependent: KubeObject, owner: OwnerKind<O>): Stored<O> | undefined {
  const ref = controllerRef(dependent);
  if (!ref || !refersToKind(ref, owner)) return undefined;
  const found = owner.lister.get(dependent.metadata?.namespace, ref.name);
  return found && found.metadata.uid === ref.uid ? found : undefined;
}

/** KeysOf for dependents: the key of the controlling owner, when it resolves. */
export function controllerOwnerKeys<O extends KubeObject>(owner: OwnerKind<O>): (dependent: KubeObject) => string[] {
  return (dependent) => {
    const found = resolveControllerRef(dependent, owner);
    return found ? [objectKey(found)] : [];
  };
}

/** KeysOf for the owned kind itself: the object's own key. */
export function ownKey(obj: KubeObject): string[] {
  return [objectKey(obj)];
}

/** Splits a "namespace/name" (or "name") queue key. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** A controller ownerReference to owner, as upstream's metav1.NewControllerRef (blocking owner deletion). */
export function newControllerRef(owner: Stored): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
