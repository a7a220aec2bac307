// An in-memory world for step simulations: plans are applied to it as the controller would apply
// them, a toy kubelet moves pods along, a toy garbage collector removes claims whose owner is gone.
import type { ControllerRevision, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../../api/object.js";
import { rfc3339 } from "../../../util/clock.js";
import { claimOwnerRefs, isClaimOwnerUpToDate, podRefOf } from "../claims.js";
import { updateIdentity, updateStorage } from "../identity.js";
import type { Action, Observed, StatefulSetPlan, Stage } from "../plan-types.js";

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What happened to a pod, for invariants that look at the moment of a change. */
export interface Change {
  readonly step: number;
  readonly kind: "create" | "delete";
  readonly pod: string;
  /** The world as the plan saw it. */
  readonly seen: Observed;
}

export class SimWorld {
  set: Stored<StatefulSet>;
  readonly pods = new Map<string, Stored<Pod>>();
  readonly claims = new Map<string, Stored<PersistentVolumeClaim>>();
  readonly revisions = new Map<string, Stored<ControllerRevision>>();
  readonly changes: Change[] = [];
  now: number;
  step = 0;
  private seq = 0;

  constructor(
    set: Stored<StatefulSet>,
    private readonly rand: () => number,
    /** Chances that a write fails and that a Running pod fails on a tick; the simulation's start time. */
    readonly o: { failWrites: number; failPods: number; start: number },
  ) {
    this.set = set;
    this.now = o.start;
  }

  observe(): Observed {
    return { set: structuredClone(this.set), pods: [...this.pods.values()].map((p) => structuredClone(p)), claims: new Map(this.claims), revisions: [...this.revisions.values()] };
  }

  private stamp<T extends { metadata?: object }>(obj: T): T & { metadata: { name: string; uid: string; resourceVersion: string; creationTimestamp: string } } {
    const n = ++this.seq;
    const meta = { ...(obj.metadata as { name?: string }), uid: `uid-${n}`, resourceVersion: String(n), creationTimestamp: rfc3339(this.now) };
    return { ...obj, metadata: { ...meta, name: meta.name ?? "" } } as T & { metadata: { name: string; uid: string; resourceVersion: string; creationTimestamp: string } };
  }

  /** Carries a plan out like applyPlan: revision, actions (a write may fail), status, history. */
  apply(plan: StatefulSetPlan, seen: Observed): void {
    const write = plan.revisions.write;
    if (write?.type === "create") {
      const name = write.revision.metadata?.name ?? "";
      if (!this.revisions.has(name)) this.revisions.set(name, this.stamp(write.revision) as Stored<ControllerRevision>);
    } else if (write?.type === "renumber") {
      const name = write.revision.metadata?.name ?? "";
      const cr = this.revisions.get(name);
      if (cr) this.revisions.set(name, { ...cr, revision: write.to });
    }
    this.runActions(plan.actions, seen);
    this.set = { ...this.set, status: structuredClone(plan.status) };
    for (const cr of plan.truncate) this.revisions.delete(cr.metadata.name);
  }

  private runActions(actions: readonly Action[], seen: Observed): void {
    const parallel = this.set.spec?.podManagementPolicy === "Parallel";
    const stages: Stage[] = ["replicas", "claims", "condemned", "update"];
    for (const stage of stages) {
      let failed = false;
      for (const action of actions.filter((a) => a.stage === stage)) {
        if (this.rand() < this.o.failWrites) {
          failed = true;
          if (!parallel) return;
          continue;
        }
        this.run(action, seen);
      }
      if (failed) return;
    }
  }

  private run(action: Action, seen: Observed): void {
    switch (action.type) {
      case "createPod": {
        for (const claim of action.claims) this.createClaim(claim);
        const name = action.pod.metadata?.name ?? "";
        if (this.pods.has(name)) return;
        this.pods.set(name, { ...(this.stamp(action.pod) as Stored<Pod>), status: { phase: "Pending" } });
        this.changes.push({ step: this.step, kind: "create", pod: name, seen });
        return;
      }
      case "createClaims":
        for (const claim of action.claims) this.createClaim(claim);
        return;
      case "deletePod": {
        const pod = this.pods.get(action.pod.metadata.name);
        if (!pod || pod.metadata.uid !== action.pod.metadata.uid || pod.metadata.deletionTimestamp) return;
        this.pods.set(pod.metadata.name, { ...pod, metadata: { ...pod.metadata, deletionTimestamp: rfc3339(this.now) } });
        this.changes.push({ step: this.step, kind: "delete", pod: pod.metadata.name, seen });
        return;
      }
      case "updatePod": {
        const pod = this.pods.get(action.pod.metadata.name);
        if (!pod) return;
        updateIdentity(this.set, pod);
        updateStorage(this.set, pod);
        return;
      }
      case "updateClaim": {
        const claim = this.claims.get(action.claim.metadata.name);
        const ref = podRefOf(action.pod);
        if (claim && !isClaimOwnerUpToDate(claim, this.set, ref)) claim.metadata.ownerReferences = claimOwnerRefs(claim, this.set, ref);
      }
    }
  }

  private createClaim(claim: PersistentVolumeClaim): void {
    const name = claim.metadata?.name ?? "";
    if (!this.claims.has(name)) this.claims.set(name, this.stamp(claim) as Stored<PersistentVolumeClaim>);
  }

  /**
   * One tick of a toy kubelet: Pending pods start, running pods become Ready, terminating pods go
   * (their claims owned by them with them), and now and then a Ready pod fails.
   */
  advancePods(): void {
    this.now += 1000;
    for (const pod of [...this.pods.values()]) {
      if (this.rand() < 0.5) continue;
      const phase = pod.status?.phase;
      const running = (ready: "True" | "False"): Pod["status"] => ({ phase: "Running", conditions: [{ type: "Ready", status: ready, lastTransitionTime: rfc3339(this.now) }] });
      let status: Pod["status"] | undefined;
      if (pod.metadata.deletionTimestamp) this.remove(pod);
      else if (phase === "Pending") status = running("False");
      else if (phase === "Running" && pod.status?.conditions?.[0]?.status !== "True") status = running("True");
      else if (phase === "Running" && this.rand() < this.o.failPods) status = { phase: "Failed" };
      if (status) this.pods.set(pod.metadata.name, { ...pod, status });
    }
  }

  private remove(pod: Stored<Pod>): void {
    this.pods.delete(pod.metadata.name);
    for (const [name, claim] of this.claims) {
      if (claim.metadata.ownerReferences?.some((r) => r.controller && r.uid === pod.metadata.uid)) this.claims.delete(name);
    }
  }

  /** The user changes the set: a new generation. */
  edit(change: (spec: NonNullable<StatefulSet["spec"]>) => void): void {
    const next = structuredClone(this.set);
    change(next.spec!);
    this.set = { ...next, metadata: { ...next.metadata, generation: (next.metadata.generation ?? 1) + 1 } };
  }
}
