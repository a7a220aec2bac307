import { Etcd3 } from "etcd3";
import type { ICallable, IHashKVRequest, IHashKVResponse, IResponseHeader } from "etcd3";
import { isEtcdCompacted } from "./etcd-errors.js";

export interface EtcdCompactionOptions {
  /** Every member, for defragmentation (it works on one member at a time). */
  readonly hosts: readonly string[];
  /** Periodic compactions between defragmentations. */
  readonly defragmentEvery: number;
  readonly onRevision: (revision: number) => void;
}

const defragmentTimeoutMs = 60_000;

/**
 * Compaction on etcd, which is global to the cluster: whichever server compacts, every
 * server's history before that revision is gone. etcd tells the compacted revision only in
 * a HashKV answer and in a canceled watch, so it is asked at start and when etcd refuses a
 * read as compacted, and known at once after our own compactions. (It is not recorded in a
 * key as kube-apiserver's "compact_rev_key": that write would take a revision of its own.)
 * Compaction frees space only inside etcd's file; defragmentation gives it back and keeps
 * reads fast, so the periodic path defragments every member now and then.
 */
export class EtcdCompaction {
  /** The highest compacted revision this process knows of. */
  known = 0;
  private periodicCompactions = 0;

  constructor(
    private readonly client: Etcd3,
    private readonly options: EtcdCompactionOptions,
  ) {}

  /** Raises the known revision (from a canceled watch, say). */
  learn(revision: number): void {
    this.known = Math.max(this.known, revision);
  }

  /** Asks etcd how far it is compacted. */
  async refresh(): Promise<number> {
    const res = await hashKv(this.client, { revision: 0 });
    this.noteHeader(res.header);
    this.learn(Number(res.compact_revision));
    return this.known;
  }

  /** Compacts etcd at revision; false when it was compacted that far already. */
  async compact(revision: number): Promise<boolean> {
    if (revision <= this.known) return false;
    try {
      const res = await this.client.kv.compact({ revision });
      this.noteHeader(res.header);
      this.learn(revision);
      return true;
    } catch (error) {
      if (!isEtcdCompacted(error)) throw error;
      await this.refresh();
      return false;
    }
  }

  /** The periodic compactor's step: compact, and defragment every defragmentEvery-th time. */
  async periodic(revision: number): Promise<void> {
    if (!(await this.compact(revision))) return;
    this.periodicCompactions++;
    if (this.periodicCompactions % this.options.defragmentEvery === 0) await this.defragment();
  }

  /** Defragments the members one after the other: a member serves nothing while it defragments. */
  async defragment(): Promise<void> {
    for (const host of this.options.hosts) {
      const member = new Etcd3({ hosts: [host], dialTimeout: 3000 });
      try {
        await member.maintenance.defragment({ deadline: Date.now() + defragmentTimeoutMs });
      } finally {
        member.close();
      }
    }
  }

  private noteHeader(header: IResponseHeader | undefined): void {
    if (header) this.options.onRevision(Number(header.revision));
  }
}

/**
 * Maintenance.HashKV. etcd3@1.1.2's maintenance.hashKV asks gRPC for a method "hashKV", but
 * the generated client names it "HashKV" (or "hashKv"), so it always fails; this makes the
 * same call through the client's connection pool under the right name.
 */
function hashKv(client: Etcd3, req: IHashKVRequest): Promise<IHashKVResponse> {
  const pool = (client.maintenance as unknown as { readonly client: ICallable<unknown> }).client;
  return pool.exec<IHashKVResponse>("Maintenance", "HashKV", req);
}
