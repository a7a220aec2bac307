// An in-memory world for Job sync tests: one Job and its pods, the effects of a sync applied to
// them the way the API server would (generated names, finalizers holding deleted pods,
// compare-and-swap status writes), and pods moved along by the test as a kubelet would.
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { clone, type Stored } from "../../../api/object.js";
import { apiErrors } from "../../../api/status.js";
import { createdJob } from "../../../api/batch/testing/jobs.js";
import { rfc3339 } from "../../../util/clock.js";
import type { BackoffRecord } from "../backoff.js";
import { noBackoff } from "../backoff.js";
import type { CreateOutcome, DeleteOutcome, JobEffects, RemoveOutcome } from "../effects.js";
import { hasTrackingFinalizer, isPodReady, trackingFinalizer } from "../pod-state.js";
import type { Observed } from "../sync-context.js";

type Op = "create" | "delete" | "updateStatus" | "removeFinalizer";

/** A Job as the registry stores it, from a spec change to the defaults. */
export function storedJob(change: (j: Job) => void = () => {}): Stored<Job> {
  const job = createdJob((j) => {
    Object.assign(j.metadata!, { creationTimestamp: "2024-01-01T00:00:00Z" });
    change(j);
  });
  return job as Stored<Job>;
}

export class JobWorld implements JobEffects {
  job: Stored<Job>;
  readonly pods = new Map<string, Stored<Pod>>();
  /** Every write, in order ("create pi-abcde", "status", "unfinalize pi-abcde", "delete pi-abcde"). */
  readonly writes: string[] = [];
  readonly events: string[] = [];
  /** Each status written, in order. */
  readonly statuses: NonNullable<Job["status"]>[] = [];
  backoff: BackoffRecord = noBackoff;
  /** Pods freed of the tracking finalizer, with their phase then: each counts at most once. */
  readonly freed = new Map<string, string>();
  now: number;
  private seq = 0;
  private rv = 100;
  private readonly failures = new Map<Op, number[]>();
  private readonly counts = new Map<Op, number>();

  constructor(job: Stored<Job>, now = Date.parse("2024-01-01T00:00:00Z")) {
    this.job = clone(job);
    this.now = now;
  }

  /** The nth write of op from now (1 = the next) fails with a server error. */
  failNth(op: Op, n: number): void {
    this.failures.set(op, [...(this.failures.get(op) ?? []), (this.counts.get(op) ?? 0) + n]);
  }

  observe(): Observed {
    return {
      job: clone(this.job),
      pods: [...this.pods.values()].map((p) => clone(p)),
      expectationsSatisfied: true,
      expectedRemovedFinalizers: new Set(),
      backoff: this.backoff,
    };
  }

  podList(): Stored<Pod>[] {
    return [...this.pods.values()];
  }

  /** Adds a pod as if created earlier (for case tables), with the Job's finalizer unless told otherwise. */
  addPod(change: (p: Stored<Pod>) => void = () => {}): Stored<Pod> {
    const name = `${this.job.metadata.name}-${++this.seq}`;
    const pod: Stored<Pod> = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: this.job.metadata.namespace,
        uid: `uid-${name}`,
        resourceVersion: String(++this.rv),
        creationTimestamp: rfc3339(this.now - 60_000 + this.seq * 1000),
        finalizers: [trackingFinalizer],
        ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: this.job.metadata.name, uid: this.job.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: clone(this.job.spec!.template.spec!),
      status: { phase: "Pending" },
    };
    change(pod);
    this.pods.set(pod.metadata.uid, pod);
    return pod;
  }

  async createPods(job: Stored<Job>, pods: readonly Pod[]): Promise<CreateOutcome> {
    for (const [i, p] of pods.entries()) {
      if (this.shouldFail("create")) return { notCreated: pods.length - i, error: apiErrors.internal("create failed") };
      const name = `${p.metadata!.generateName}${(++this.seq).toString(36).padStart(5, "x")}`;
      const pod = clone(p) as Stored<Pod>;
      Object.assign(pod.metadata, { name, uid: `uid-${name}`, resourceVersion: String(++this.rv), creationTimestamp: rfc3339(this.now) });
      Object.assign(pod, { status: { phase: "Pending" } });
      this.pods.set(pod.metadata.uid, pod);
      this.writes.push(`create ${name}`);
      this.events.push(`Normal SuccessfulCreate Created pod: ${name}`);
      void job;
    }
    return { notCreated: 0 };
  }

  async deletePods(_job: Stored<Job>, pods: readonly Stored<Pod>[], options: { free: boolean }): Promise<DeleteOutcome> {
    let deleted = 0;
    let deletedReady = 0;
    for (const p of pods) {
      if (options.free && this.shouldFail("removeFinalizer")) return { deleted, deletedReady, error: apiErrors.internal("patch failed") };
      if (options.free) this.unfinalize(p.metadata.uid);
      if (this.shouldFail("delete")) return { deleted, deletedReady, error: apiErrors.internal("delete failed") };
      this.markDeleted(p.metadata.uid);
      this.writes.push(`delete ${p.metadata.name}`);
      this.events.push(`Normal SuccessfulDelete Deleted pod: ${p.metadata.name}`);
      deleted++;
      if (isPodReady(p)) deletedReady++;
    }
    return { deleted, deletedReady };
  }

  async removeFinalizers(_job: Stored<Job>, pods: readonly Stored<Pod>[]): Promise<RemoveOutcome> {
    const removed = new Set<string>();
    for (const p of pods) {
      if (this.shouldFail("removeFinalizer")) return { removed, error: apiErrors.internal("patch failed") };
      this.unfinalize(p.metadata.uid);
      removed.add(p.metadata.uid);
    }
    return { removed };
  }

  async updateStatus(job: Stored<Job>): Promise<Stored<Job>> {
    if (job.metadata.resourceVersion !== this.job.metadata.resourceVersion) throw apiErrors.conflict({ group: "batch", resource: "jobs" }, job.metadata.name, "the object has been modified");
    if (this.shouldFail("updateStatus")) throw apiErrors.internal("status update failed");
    this.job = { ...clone(this.job), status: clone(job.status) ?? {} };
    this.job.metadata.resourceVersion = String(++this.rv);
    this.statuses.push(clone(this.job.status!));
    this.writes.push("status");
    return clone(this.job);
  }

  recordBackoff(_job: Stored<Job>, record: BackoffRecord): void {
    this.backoff = record;
  }

  event(_job: Stored<Job>, what: { type: string; reason: string; message: string }): void {
    this.events.push(`${what.type} ${what.reason} ${what.message}`);
  }

  /** Changes the Job's spec as a user would (a new resourceVersion). */
  updateSpec(change: (j: Stored<Job>) => void): void {
    change(this.job);
    this.job.metadata.resourceVersion = String(++this.rv);
  }

  /** Changes a pod as its kubelet would. */
  updatePod(uid: string, change: (p: Stored<Pod>) => void): void {
    const pod = this.pods.get(uid);
    if (!pod) return;
    change(pod);
    pod.metadata.resourceVersion = String(++this.rv);
    this.dropIfFree(uid);
  }

  private shouldFail(op: Op): boolean {
    const n = (this.counts.get(op) ?? 0) + 1;
    this.counts.set(op, n);
    const pending = this.failures.get(op) ?? [];
    if (!pending.includes(n)) return false;
    this.failures.set(op, pending.filter((x) => x !== n));
    return true;
  }

  private unfinalize(uid: string): void {
    const pod = this.pods.get(uid);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    pod.metadata.finalizers = pod.metadata.finalizers!.filter((f) => f !== trackingFinalizer);
    this.freed.set(uid, pod.status?.phase ?? "");
    pod.metadata.resourceVersion = String(++this.rv);
    this.writes.push(`unfinalize ${pod.metadata.name}`);
    this.dropIfFree(uid);
  }

  /** Pods that never ran (no node) or have ended go at once; others wait for their kubelet. */
  private markDeleted(uid: string): void {
    const pod = this.pods.get(uid);
    if (!pod) return;
    Object.assign(pod.metadata, {
      deletionTimestamp: pod.metadata.deletionTimestamp ?? rfc3339(this.now),
      deletionGracePeriodSeconds: pod.metadata.deletionGracePeriodSeconds ?? (pod.spec?.nodeName ? 30 : 0),
    });
    pod.metadata.resourceVersion = String(++this.rv);
    this.dropIfFree(uid);
  }

  private dropIfFree(uid: string): void {
    const pod = this.pods.get(uid)!;
    if (!pod.metadata.deletionTimestamp || (pod.metadata.finalizers ?? []).length > 0) return;
    const gone = !pod.spec?.nodeName || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
    if (gone) this.pods.delete(uid);
  }
}
