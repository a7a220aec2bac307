import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Stored } from "../api/object.js";
import type { ResourceRef } from "../api/options.js";
import { isAlreadyExists, isConflict, isNotFound } from "../api/status.js";
import type { Clock, Timer } from "../util/clock.js";
import type { Client, WatchHandle } from "./client.js";
import type { EventRecorder } from "./events/event-recorder.js";
import { leaseSpecOf, nextRecord, recordOfLease, releasedRecord, sameRecord } from "./leader-election-record.js";
import type { LeaderElectionRecord } from "./leader-election-record.js";

const leases: ResourceRef = { group: "coordination.k8s.io", version: "v1", resource: "leases" };

/** client-go's defaults, as kube-controller-manager and kube-scheduler use them. */
export const leaderElectionDefaults = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 } as const;
/** wait.JitterUntil's factor in client-go's acquire loop: waits of 1 to 2.2 retry periods. */
const jitterFactor = 1.2;

export interface LeaderCallbacks {
  /** Leadership was acquired: start acting. */
  onStartedLeading(): Promise<void> | void;
  /** Leadership is lost or given up: stop acting before this resolves. */
  onStoppedLeading(): Promise<void> | void;
  /** A holder other than the last one reported was seen (our own identity included). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectorOptions {
  readonly client: Client;
  readonly clock: Clock;
  /** The Lease: kube-system/kube-controller-manager, kube-system/kube-scheduler... */
  readonly namespace: string;
  readonly name: string;
  /** Unique among candidates: upstream uses hostname + "_" + a UUID. */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly callbacks: LeaderCallbacks;
  /** Records "<identity> became leader" / "stopped leading" on the Lease, as client-go's LeaseLock. */
  readonly recorder?: EventRecorder;
  /** For the acquire loop's jitter; Math.random by default. */
  readonly random?: () => number;
  readonly onError?: (err: unknown) => void;
}

interface Observed {
  readonly record: LeaderElectionRecord;
  /** The lease as last read or written, for compare-and-swap. */
  readonly lease: Stored<Lease>;
}

/**
 * client-go's LeaderElector on a coordination.k8s.io Lease: acquire (retrying with jitter),
 * renew every retry period, give up when a renewal round has not succeeded within the renew
 * deadline, and take over a lease only once it went unchanged for its whole duration as
 * measured on this candidate's clock from when it saw the last change. One addition: the
 * candidate also watches the Lease, so it sees a change when it happens rather than at its
 * next poll, and it tries again exactly when the lease it saw would expire.
 */
export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observed: Observed | undefined;
  private observedTime = 0;
  private reportedLeader = "";
  private stopped = false;
  private leading = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sleeping: Timer | undefined;
  private watch: WatchHandle | undefined;
  private halt!: () => void;
  /** Resolves at stop(), cutting short an attempt whose call may never answer. */
  private readonly halted = new Promise<void>((resolve) => (this.halt = resolve));

  constructor(private readonly o: LeaderElectorOptions) {
    this.leaseDurationMs = o.leaseDurationMs ?? leaderElectionDefaults.leaseDurationMs;
    this.renewDeadlineMs = o.renewDeadlineMs ?? leaderElectionDefaults.renewDeadlineMs;
    this.retryPeriodMs = o.retryPeriodMs ?? leaderElectionDefaults.retryPeriodMs;
  }

  /** The holder last seen ("" when none). */
  get leader(): string {
    return this.observed?.record.holderIdentity ?? "";
  }

  /** True while this candidate acts as the leader. */
  get isLeading(): boolean {
    return this.leading;
  }

  /** Starts campaigning; leads, loses and campaigns again until stopped. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run();
  }

  /** Stops campaigning; a leader stops leading (onStoppedLeading) and then releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halt();
    this.watch?.stop();
    this.sleeping?.cancel();
    this.wake?.();
    await this.running;
    if (this.observed?.record.holderIdentity === this.o.identity) await this.release();
  }

  private async run(): Promise<void> {
    this.watchLease();
    while (!this.stopped) {
      if (!(await this.acquire()) || this.stopped) break;
      this.leading = true;
      this.o.recorder?.event(this.observed!.lease, "Normal", "LeaderElection", `${this.o.identity} became leader`);
      await this.guard(() => this.o.callbacks.onStartedLeading());
      await this.renewUntilLost();
      this.leading = false;
      this.o.recorder?.event(this.observed!.lease, "Normal", "LeaderElection", `${this.o.identity} stopped leading`);
      await this.guard(() => this.o.callbacks.onStoppedLeading());
    }
  }

  /** Tries until it holds the lease (true) or is stopped (false). */
  private async acquire(): Promise<boolean> {
    while (!this.stopped) {
      if (await this.within(this.renewDeadlineMs, this.tryAcquireOrRenew())) return true;
      const jittered = this.retryPeriodMs * (1 + (this.o.random ?? Math.random)() * jitterFactor);
      const expiresIn = this.observedTime + (this.observed?.record.leaseDurationSeconds ?? 0) * 1000 - this.o.clock.now();
      await this.sleep(expiresIn > 0 ? Math.min(jittered, expiresIn + 1) : jittered);
    }
    return false;
  }

  /** Renews every retry period; returns when a round fails to renew within the renew deadline, or on stop. */
  private async renewUntilLost(): Promise<void> {
    while (!this.stopped) {
      const deadline = this.o.clock.now() + this.renewDeadlineMs;
      if (!(await this.renewBefore(deadline))) return;
      await this.sleep(this.retryPeriodMs);
    }
  }

  private async renewBefore(deadline: number): Promise<boolean> {
    while (!this.stopped) {
      const left = deadline - this.o.clock.now();
      if (left <= 0) return false;
      if (await this.within(left, this.tryAcquireOrRenew())) return true;
      await this.sleep(Math.min(this.retryPeriodMs, deadline - this.o.clock.now()));
    }
    return false;
  }

  /** client-go's tryAcquireOrRenew. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.o.clock.now();
    const who = { identity: this.o.identity, leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000), now };
    try {
      const mine = this.observed?.record.holderIdentity === this.o.identity;
      if (mine && this.leaseValid(now) && (await this.write(this.observed!, nextRecord(this.observed!.record, who)))) return true;
      const lease = await this.read();
      if (!lease) return await this.createLease(nextRecord(undefined, who));
      const current = this.observe(lease, now);
      if (current.holderIdentity !== "" && this.leaseValid(now) && current.holderIdentity !== this.o.identity) return false;
      return await this.write(this.observed!, nextRecord(current, who));
    } catch (err) {
      this.o.onError?.(err);
      return false;
    } finally {
      this.reportTransition();
    }
  }

  private async read(): Promise<Stored<Lease> | undefined> {
    try {
      return await this.o.client.get<Lease>(leases, this.o.namespace, this.o.name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async createLease(record: LeaderElectionRecord): Promise<boolean> {
    const lease: Lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { namespace: this.o.namespace, name: this.o.name }, spec: leaseSpecOf(record) };
    try {
      this.setObserved(await this.o.client.create<Lease>(leases, lease));
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  /** Compare-and-swap on the lease last seen; false when someone else wrote it first. */
  private async write(base: Observed, record: LeaderElectionRecord): Promise<boolean> {
    try {
      const updated = await this.o.client.update<Lease>(leases, { ...base.lease, spec: leaseSpecOf(record) });
      this.setObserved(updated);
      return true;
    } catch (err) {
      // Losing a race to another candidate is the normal way of not becoming leader.
      if (!isConflict(err)) this.o.onError?.(err);
      return false;
    }
  }

  private async release(): Promise<void> {
    const base = this.observed;
    if (!base) return;
    await this.write(base, releasedRecord(base.record, this.o.clock.now()));
  }

  /** Takes what was read; the observed time moves only when the record changed. */
  private observe(lease: Stored<Lease>, now: number): LeaderElectionRecord {
    const record = recordOfLease(lease);
    if (!this.observed || !sameRecord(this.observed.record, record)) this.observedTime = now;
    this.observed = { record, lease };
    return record;
  }

  private setObserved(lease: Stored<Lease>): void {
    this.observed = { record: recordOfLease(lease), lease };
    this.observedTime = this.o.clock.now();
  }

  private leaseValid(now: number): boolean {
    return this.observedTime + (this.observed?.record.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  private reportTransition(): void {
    const holder = this.leader;
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    if (holder !== "") this.o.callbacks.onNewLeader?.(holder);
  }

  /** Follows the Lease so a change is seen when it happens (a missed one is read at the next try). */
  private watchLease(): void {
    const restart = () => {
      if (!this.stopped) this.o.clock.setTimeout(() => this.watchLease(), this.retryPeriodMs);
    };
    const options = { fieldSelector: `metadata.name=${this.o.name}`, allowWatchBookmarks: false };
    this.o.client
      .watch<Lease>(leases, this.o.namespace, options, (event) => {
        if ((event.type !== "ADDED" && event.type !== "MODIFIED") || this.leading) return;
        this.observe(event.object as Stored<Lease>, this.o.clock.now());
        // Try again now: the lease may have been released, or may expire sooner than the wait.
        this.wake?.();
      })
      .then((handle) => {
        if (this.stopped) handle.stop();
        this.watch = handle;
        void handle.done.then(restart);
      }, restart);
  }

  private async within(ms: number, attempt: Promise<boolean>): Promise<boolean> {
    let timer: Timer | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = this.o.clock.setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([attempt, timeout, this.halted.then(() => false)]);
    } finally {
      timer?.cancel();
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.o.clock.setTimeout(() => done(), ms);
      const done = () => {
        timer.cancel();
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.sleeping = timer;
    });
  }

  private async guard(fn: () => Promise<void> | void): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.o.onError?.(err);
    }
  }
}
