import { UIDTrackingExpectations, expectationsTimeoutMs } from "../../client/expectations.js";
import type { Clock } from "../../util/clock.js";
import { type BackoffRecord, noBackoff } from "./backoff.js";

/** resourceVersions are etcd revisions in practice: numbers that grow. */
function notOlder(rv: string, than: string): boolean {
  if (rv === than) return true;
  const [a, b] = [Number(rv), Number(than)];
  return Number.isSafeInteger(a) && Number.isSafeInteger(b) && a >= b;
}

/**
 * What the Job controller remembers between syncs, per Job key: pod creations and deletions not
 * yet seen (expectations), pods whose finalizer removal is not yet seen (upstream's
 * finalizerExpectations), the pod failure back-off, and (beyond upstream, which leans on a 1 s
 * batching delay instead) the status it last wrote, so it never counts again from an older one.
 */
export class JobMemory {
  readonly expectations: UIDTrackingExpectations;
  private readonly finalizers = new Map<string, Set<string>>();
  private readonly backoffs = new Map<string, BackoffRecord>();
  private readonly statusWrites = new Map<string, { rv: string; at: number }>();

  constructor(private readonly clock: Clock) {
    this.expectations = new UIDTrackingExpectations(clock);
  }

  expectFinalizersRemoved(key: string, uids: readonly string[]): void {
    let set = this.finalizers.get(key);
    if (!set) this.finalizers.set(key, (set = new Set()));
    for (const uid of uids) set.add(uid);
  }

  finalizerRemovalObserved(key: string, uid: string): void {
    this.finalizers.get(key)?.delete(uid);
  }

  expectedRemovedFinalizers(key: string): ReadonlySet<string> {
    return new Set(this.finalizers.get(key) ?? []);
  }

  backoff(key: string): BackoffRecord {
    return this.backoffs.get(key) ?? noBackoff;
  }

  setBackoff(key: string, record: BackoffRecord): void {
    this.backoffs.set(key, record);
  }

  forgetBackoff(key: string): void {
    this.backoffs.delete(key);
  }

  statusWritten(key: string, rv: string): void {
    this.statusWrites.set(key, { rv, at: this.clock.now() });
  }

  /** The informer delivered this version of the Job: our last status write is seen once it is as new. */
  jobObserved(key: string, rv: string): void {
    const pending = this.statusWrites.get(key);
    if (pending && notOlder(rv, pending.rv)) this.statusWrites.delete(key);
  }

  /** The cached Job is older than a status we wrote (and not for long: a lost event must not stall it). */
  staleJob(key: string, cachedRv: string): boolean {
    const pending = this.statusWrites.get(key);
    if (!pending) return false;
    if (notOlder(cachedRv, pending.rv) || this.clock.now() - pending.at > expectationsTimeoutMs) {
      this.statusWrites.delete(key);
      return false;
    }
    return true;
  }

  /** The Job is gone: forget all of it. */
  forget(key: string): void {
    this.expectations.delete(key);
    this.finalizers.delete(key);
    this.backoffs.delete(key);
    this.statusWrites.delete(key);
  }
}
