import type Database from "better-sqlite3";
import { StoreError } from "../store.js";
import type { WatchEvent } from "../store.js";

/**
 * One write inside a transaction at revision rev: its checks, then its rows. A check that
 * fails throws a StoreError before anything is written (a failed insert is undone by
 * SQLite on its own), so the transaction can go on with the writes around it.
 */
export type Apply<T> = (rev: number) => Applied<T>;

export interface Applied<T> {
  readonly result: T;
  /** What watchers are told once the write is committed; undefined when nobody listens. */
  readonly event: WatchEvent | undefined;
}

/**
 * How writes are committed.
 * - "each": every write is its own transaction, committed before the call returns.
 * - "grouped": writes issued in the same turn of the event loop (concurrent requests) are
 *   applied in arrival order and committed together in one transaction when the turn ends;
 *   each is acknowledged only after that commit. A write whose check fails fails alone.
 *   Saves most of a commit's cost per write under load, at a turn's delay for a lone write.
 */
export type CommitMode = "each" | "grouped";

export interface CommitQueueDeps {
  readonly db: Database.Database;
  /** The revision of the last committed write. */
  head(): number;
  /** Called once per committed write, in revision order, before its caller hears of it. */
  committed(rev: number, event: WatchEvent | undefined): void;
}

interface Pending {
  readonly apply: Apply<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; pending: Pending; applied: Applied<unknown> } | { ok: false; pending: Pending; error: unknown };

/** Gives each write the next revision and commits it, one by one or in groups. */
export class CommitQueue {
  private pending: Pending[] = [];
  private timer: NodeJS.Immediate | undefined;
  private readonly runOne: (apply: Apply<unknown>, rev: number) => Applied<unknown>;
  private readonly runGroup: (group: Pending[], outcomes: Outcome[]) => void;

  constructor(
    private readonly deps: CommitQueueDeps,
    private readonly mode: CommitMode,
  ) {
    this.runOne = deps.db.transaction((apply: Apply<unknown>, rev: number) => apply(rev));
    this.runGroup = deps.db.transaction((group: Pending[], outcomes: Outcome[]) => applyInOrder(group, outcomes, deps.head()));
  }

  /**
   * Commits the write: now, returning its result (no promise to adopt: the store's async
   * methods then settle a tick sooner), or with the others of this turn, resolving once committed.
   */
  write<T>(apply: Apply<T>): T | Promise<T> {
    if (this.mode === "each") return this.commitNow(apply);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      this.timer ??= setImmediate(() => this.flush());
    });
  }

  /** Commits what is waiting now (before the store closes). */
  flush(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = undefined;
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    const outcomes: Outcome[] = [];
    try {
      this.runGroup(group, outcomes);
    } catch (error) {
      // The transaction was rolled back: no write of the group happened.
      for (const p of group) p.reject(error);
      return;
    }
    let rev = this.deps.head();
    for (const o of outcomes) if (o.ok) this.deps.committed(++rev, o.applied.event);
    for (const o of outcomes) {
      if (o.ok) o.pending.resolve(o.applied.result);
      else o.pending.reject(o.error);
    }
  }

  private commitNow<T>(apply: Apply<T>): T {
    const rev = this.deps.head() + 1;
    const applied = this.runOne(apply, rev) as Applied<T>;
    this.deps.committed(rev, applied.event);
    return applied.result;
  }
}

/** Applies the group's writes at consecutive revisions; a failed check skips only its own write. */
function applyInOrder(group: Pending[], outcomes: Outcome[], head: number): void {
  let rev = head;
  for (const pending of group) {
    try {
      outcomes.push({ ok: true, pending, applied: pending.apply(rev + 1) });
      rev++;
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      outcomes.push({ ok: false, pending, error });
    }
  }
}
