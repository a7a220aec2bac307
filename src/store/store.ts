/**
 * The Store: a revisioned key/value space with watch, shaped like etcd v3.
 * Every write takes the next global revision; that revision becomes the written
 * object's resourceVersion. Keys are plain strings ("/registry/pods/default/web-0");
 * values are opaque strings (JSON written by the registry).
 */

/** One key as stored. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Revision of the write that created the key (since it last did not exist). */
  readonly createRevision: number;
  /** Revision of the last write to the key. */
  readonly modRevision: number;
}

export interface ListOptions {
  /** Maximum number of items to return; 0 or absent means all. */
  limit?: number;
  /** Return only keys strictly greater than this one (the continuation point of a page). */
  startAfter?: string;
  /**
   * Read the keyspace as it was at this revision (0 or absent: the current one).
   * Throws CompactedError if that revision's history is gone, FutureRevisionError if it is
   * ahead of the store.
   */
  revision?: number;
}

export interface ListResult {
  readonly items: KeyValue[];
  /** The revision the list is consistent at. */
  readonly revision: number;
  /** True when more keys under the prefix follow the last item returned. */
  readonly more: boolean;
}

export type WatchEventType = "put" | "delete";

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly key: string;
  /** The revision of this write. */
  readonly revision: number;
  /** For "put": the new value. For "delete": absent. */
  readonly value?: string;
  /** The value before this write; absent on a create. */
  readonly prevValue?: string;
  /**
   * The revision prevValue was written at (its modRevision), given with it: a watcher that
   * decoded that write's value already can tell it is the same one without comparing values.
   */
  readonly prevRevision?: number;
  /** The createRevision of the key after a put (equal to revision on a create). */
  readonly createRevision: number;
}

export interface WatchOptions {
  /**
   * Deliver every event with a revision strictly greater than this one, then follow
   * live writes. Throws CompactedError (synchronously from watch) when history at or
   * after this revision has been compacted away.
   */
  afterRevision: number;
}

export interface Watch {
  /** Stops delivery; no event is delivered after stop returns. */
  stop(): void;
}

/**
 * Receives events in revision order, each exactly once. onError is called at most once
 * (for example when a slow watcher falls behind compaction); no event follows it.
 */
export interface WatchHandler {
  onEvent(event: WatchEvent): void;
  onError?(error: Error): void;
}

export interface Store {
  /** The revision of the last write (0 for an empty store). */
  currentRevision(): Promise<number>;

  /** Creates the key; throws KeyExistsError if it exists. Returns the write's revision. */
  create(key: string, value: string): Promise<number>;

  /**
   * Replaces the key's value if its modRevision equals expectedRevision. Throws
   * KeyNotFoundError if absent, RevisionMismatchError (carrying the current value) if
   * the revision differs. Returns the write's revision.
   */
  update(key: string, value: string, expectedRevision: number): Promise<number>;

  /**
   * Deletes the key, if expectedRevision is given only when its modRevision matches.
   * Throws KeyNotFoundError or RevisionMismatchError. Returns the delete's revision
   * and the value deleted.
   */
  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }>;

  /** The key's current value, or undefined. */
  get(key: string): Promise<KeyValue | undefined>;

  /** Keys starting with prefix, in key order, consistent at one revision. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /** Number of keys under prefix now. */
  count(prefix: string): Promise<number>;

  /** Watches keys starting with prefix. */
  watch(prefix: string, options: WatchOptions, handler: WatchHandler): Watch;

  /** Forgets history before revision; watches and lists older than it fail with CompactedError. */
  compact(revision: number): Promise<void>;

  /** The oldest revision still watchable (history is kept after it). */
  compactedRevision(): Promise<number>;

  /** Releases resources; pending watches are stopped. */
  close(): Promise<void>;
}

/** Base of every store error, so callers can tell store failures from bugs. */
export class StoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class KeyExistsError extends StoreError {
  constructor(readonly key: string) {
    super(`key exists: ${key}`);
  }
}

export class KeyNotFoundError extends StoreError {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

export class RevisionMismatchError extends StoreError {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly current: KeyValue,
  ) {
    super(`revision mismatch on ${key}: expected ${expected}, found ${current.modRevision}`);
  }
}

export class CompactedError extends StoreError {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`revision ${requested} has been compacted (oldest kept: ${compacted})`);
  }
}

export class FutureRevisionError extends StoreError {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`revision ${requested} is ahead of the store (current: ${current})`);
  }
}
