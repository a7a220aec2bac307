import type { Clock } from "../util/clock.js";

/** After this long without being fulfilled, expectations no longer hold a controller back (upstream ExpectationsTimeout). */
export const expectationsTimeoutMs = 5 * 60 * 1000;

/** What one owner still waits to see: creates and deletes not yet observed in the informers. */
export interface Expected {
  readonly add: number;
  readonly del: number;
  /** When they were set (ms on the clock). */
  readonly timestamp: number;
}

/**
 * upstream's ControllerExpectations: per owner key, the creates and deletes a controller has issued
 * and not yet seen come back through its informers. While unfulfilled (and younger than 5 minutes on
 * the clock) the controller must not act on its cache again, or it would act twice on a stale view.
 * A write that fails is "observed" at once by the caller, since no event will come for it.
 */
export class ControllerExpectations {
  private readonly byKey = new Map<string, { add: number; del: number; timestamp: number }>();

  constructor(private readonly clock: Clock) {}

  /** True when the owner may sync: nothing expected, all observed, or the expectations expired. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    return (e.add <= 0 && e.del <= 0) || this.clock.now() - e.timestamp > expectationsTimeoutMs;
  }

  get(key: string): Expected | undefined {
    const e = this.byKey.get(key);
    return e ? { ...e } : undefined;
  }

  /** Replaces the owner's expectations and restarts their expiry. */
  set(key: string, counts: { add: number; del: number }): void {
    this.byKey.set(key, { add: counts.add, del: counts.del, timestamp: this.clock.now() });
  }

  expectCreations(key: string, adds: number): void {
    this.set(key, { add: adds, del: 0 });
  }

  expectDeletions(key: string, dels: number): void {
    this.set(key, { add: 0, del: dels });
  }

  /** Adds to existing expectations (no-op when there are none), keeping their timestamp. */
  raise(key: string, counts: { add?: number; del?: number }): void {
    const e = this.byKey.get(key);
    if (!e) return;
    e.add += counts.add ?? 0;
    e.del += counts.del ?? 0;
  }

  /** Subtracts from existing expectations (no-op when there are none). */
  lower(key: string, counts: { add?: number; del?: number }): void {
    this.raise(key, { add: -(counts.add ?? 0), del: -(counts.del ?? 0) });
  }

  /** One expected create has been seen (or failed, so will never be seen). */
  creationObserved(key: string): void {
    this.lower(key, { add: 1 });
  }

  /** One expected delete has been seen (or failed, so will never be seen). */
  deletionObserved(key: string): void {
    this.lower(key, { del: 1 });
  }

  /** Forgets the owner (it was deleted). */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}

/**
 * upstream's UIDTrackingControllerExpectations: deletions are tracked by the deleted object's key,
 * so a delete event counts once, and only for an object this owner actually deleted (a pod deleted
 * by someone else, or seen twice through a relist, does not lower the count).
 */
export class UIDTrackingExpectations extends ControllerExpectations {
  private readonly deleting = new Map<string, Set<string>>();

  /** Expects the deletion of exactly these objects (their keys), replacing earlier ones. */
  expectDeletionsOf(key: string, deletedKeys: readonly string[]): void {
    const keys = new Set(deletedKeys);
    this.deleting.set(key, keys);
    this.expectDeletions(key, keys.size);
  }

  /** An object was deleted; counts only if the owner expected that object's deletion. */
  deletionOfObserved(key: string, deletedKey: string): void {
    const keys = this.deleting.get(key);
    if (!keys?.has(deletedKey)) return;
    keys.delete(deletedKey);
    this.deletionObserved(key);
  }

  /** The keys whose deletion the owner still waits for. */
  pendingDeletions(key: string): ReadonlySet<string> {
    return this.deleting.get(key) ?? new Set();
  }

  override delete(key: string): void {
    super.delete(key);
    this.deleting.delete(key);
  }
}
