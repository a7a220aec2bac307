import type { Lease, LeaseSpec } from "kubernetes-types/coordination/v1.js";
import { rfc3339Micro } from "../util/clock.js";

/** client-go's LeaderElectionRecord: what a Lease's spec says about its holder. */
export interface LeaderElectionRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  /** Milliseconds since the epoch. */
  readonly acquireTime: number;
  readonly renewTime: number;
  readonly leaseTransitions: number;
}

/** LeaseSpecToLeaderElectionRecord: absent fields read as zero values. */
export function recordOfLease(lease: Lease): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? "",
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: timeOf(spec.acquireTime),
    renewTime: timeOf(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

/** LeaderElectionRecordToLeaseSpec: times as MicroTime. */
export function leaseSpecOf(record: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: rfc3339Micro(record.acquireTime),
    renewTime: rfc3339Micro(record.renewTime),
    leaseTransitions: record.leaseTransitions,
  };
}

/**
 * The record a candidate writes at now, given the one it read: a holder renewing keeps its
 * acquire time and transition count; a new holder counts one more transition.
 */
export function nextRecord(
  current: LeaderElectionRecord | undefined,
  who: { identity: string; leaseDurationSeconds: number; now: number },
): LeaderElectionRecord {
  const renewing = current !== undefined && current.holderIdentity === who.identity;
  return {
    holderIdentity: who.identity,
    leaseDurationSeconds: who.leaseDurationSeconds,
    acquireTime: renewing ? current.acquireTime : who.now,
    renewTime: who.now,
    leaseTransitions: current === undefined ? 0 : renewing ? current.leaseTransitions : current.leaseTransitions + 1,
  };
}

/** The record release() writes: no holder, a one-second lease, so a candidate takes over at once. */
export function releasedRecord(current: LeaderElectionRecord, now: number): LeaderElectionRecord {
  return { holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.leaseTransitions };
}

/** Two records say the same (client-go compares the raw bytes of what it read). */
export function sameRecord(a: LeaderElectionRecord, b: LeaderElectionRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

function timeOf(value: string | undefined): number {
  if (!value) return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}
