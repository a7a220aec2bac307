import type { ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1.js";
import { copyJson } from "../util/json-copy.js";

export type { ObjectMeta, OwnerReference };

/**
 * Any Kubernetes object as it travels through tinykube. Kind-specific shapes come from
 * kubernetes-types; this is the part every object shares.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** An object whose metadata the registry has filled (every stored object is one). */
export type Stored<T extends KubeObject = KubeObject> = T & {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
};

/** A list as returned by list calls (kind is `<Kind>List`). */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** A plain JSON value, what decoded request bodies are until validated. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep copy of a JSON-shaped value; cached objects are cloned before they are changed. */
export function clone<T>(v: T): T {
  return copyJson(v);
}

/** "namespace/name" or "name" for cluster-scoped objects: the key of work queues and caches. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? "";
  return ns ? `${ns}/${name}` : name;
}

/** The controller ownerReference of obj (controller: true), if any. */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}
