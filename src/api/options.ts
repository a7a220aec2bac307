/**
 * Request options shared by the registry, the clients and the server: the meaning of
 * metav1.ListOptions, CreateOptions, UpdateOptions, PatchOptions and DeleteOptions.
 */

/** Identifies a resource at a version: what a URL names. */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export type ResourceVersionMatch = "Exact" | "NotOlderThan";

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** "" or absent: most recent; "0": any (served from the current state too); N: per resourceVersionMatch. */
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this revision; "" or "0" means: send the current state as ADDED events first. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** The server closes the watch after this many seconds. */
  timeoutSeconds?: number;
  /** With resourceVersion "" / "0" semantics as upstream's WatchList (initial events, then a bookmark). */
  sendInitialEvents?: boolean;
}

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
}

export type PropagationPolicy = "Orphan" | "Background" | "Foreground";

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  /** Legacy form of propagationPolicy: true = Orphan, false = Background. */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

/** One event of a watch; for ERROR, object is a metav1.Status. */
export interface WatchEvent<T = unknown> {
  type: WatchEventType;
  object: T;
}
