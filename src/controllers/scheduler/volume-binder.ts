import type { ObjectReference, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { objectKey, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import type { Client } from "../../client/client.js";
import type { Lister } from "../../client/lister.js";
import type { Clock, Timer } from "../../util/clock.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import { annotations, type PodVolumes } from "./volume-binding.js";

/** upstream's bindTimeout: how long a pod waits for its volumes to be bound. */
export const bindTimeoutMs = 600_000;

export interface VolumeBinderOptions {
  client: Client;
  clock: Clock;
  claims: Lister<PersistentVolumeClaim>;
  volumes: Lister<PersistentVolume>;
}

interface Waiter {
  readonly pod: Pod;
  readonly node: string;
  readonly claims: readonly string[];
  readonly provisions: ReadonlySet<string>;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly timer: Timer;
}

/** The reference a PV keeps to the claim it is bound to (ref.GetReference). */
export function claimReference(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: "PersistentVolumeClaim",
    namespace: claim.metadata?.namespace,
    name: claim.metadata?.name,
    uid: claim.metadata?.uid,
    apiVersion: "v1",
    resourceVersion: claim.metadata?.resourceVersion,
  };
}

/**
 * VolumeBinding's PreBind: pre-binds the chosen static PVs to their claims, marks the claims to
 * provision with the selected node, then waits (on claim events, not polling) until the PV
 * controller has bound them all, or fails as upstream's checkBindings does.
 */
export class VolumeBinder {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly options: VolumeBinderOptions) {}

  /** bindAPIUpdate: claimRef on the static PVs, the selected node on the claims to provision. */
  async preBind(volumes: PodVolumes & { readonly node: string }): Promise<void> {
    for (const { volume, claim } of volumes.staticBindings) await this.preBindVolume(volume, claim);
    for (const claim of volumes.provisions) await this.selectNode(claim, volumes.node);
  }

  /** Resolves once every claim is bound; rejects as checkBindings does, or after bindTimeoutMs. */
  waitForBindings(pod: Pod, node: string, volumes: PodVolumes): Promise<void> {
    const claims = [...volumes.staticBindings.map((b) => b.claim), ...volumes.provisions].map((c) => c.metadata?.name ?? "");
    const provisions = new Set(volumes.provisions.map((c) => c.metadata?.name ?? ""));
    return new Promise((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => this.finish(waiter, new Error("binding volumes: context deadline exceeded")), bindTimeoutMs);
      const waiter: Waiter = { pod, node, claims, provisions, resolve, reject, timer };
      this.waiters.add(waiter);
      this.check(waiter);
    });
  }

  /** Re-checks the pods waiting on a claim or volume that changed. */
  recheck(): void {
    for (const w of [...this.waiters]) this.check(w);
  }

  /** Fails every wait (the scheduler stops). */
  cancelAll(): void {
    for (const w of [...this.waiters]) this.finish(w, new Error("scheduler stopped"));
  }

  private async preBindVolume(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    const { client } = this.options;
    await updateWithRetry<PersistentVolume>({ client, ref: refs.persistentVolumes, object: volume as Stored<PersistentVolume> }, (latest) => {
      const ref = latest.spec?.claimRef;
      if (ref?.uid === claim.metadata?.uid) return undefined;
      if (ref && ref.name !== claim.metadata?.name) throw new Error(`pv "${latest.metadata.name}" is bound to another claim`);
      latest.spec = { ...latest.spec, claimRef: claimReference(claim) };
      latest.metadata.annotations = { ...latest.metadata.annotations, [annotations.boundByController]: "yes" };
      return latest;
    });
  }

  private async selectNode(claim: PersistentVolumeClaim, node: string): Promise<void> {
    const { client } = this.options;
    await updateWithRetry<PersistentVolumeClaim>({ client, ref: refs.persistentVolumeClaims, object: claim as Stored<PersistentVolumeClaim> }, (latest) => {
      if (latest.metadata.annotations?.[annotations.selectedNode] === node) return undefined;
      latest.metadata.annotations = { ...latest.metadata.annotations, [annotations.selectedNode]: node };
      return latest;
    });
  }

  private check(w: Waiter): void {
    try {
      if (w.claims.every((name) => this.claimReady(w, name))) this.finish(w);
    } catch (err) {
      this.finish(w, err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** checkBindings for one claim: fully bound (volumeName and bind-completed) and its PV seen. */
  private claimReady(w: Waiter, name: string): boolean {
    const namespace = w.pod.metadata?.namespace;
    const claim = this.options.claims.get(namespace, name);
    if (!claim) throw new Error(`binding volumes: failed to check provisioning pvc: persistentvolumeclaim "${name}" not found`);
    if (w.provisions.has(name) && claim.metadata.annotations?.[annotations.selectedNode] !== w.node) {
      throw new Error(`binding volumes: provisioning failed for PVC "${name}"`);
    }
    const volumeName = claim.spec?.volumeName;
    const bound = !!volumeName && claim.metadata.annotations?.[annotations.bindCompleted] !== undefined;
    return bound && this.options.volumes.get(undefined, volumeName!) !== undefined;
  }

  private finish(w: Waiter, err?: Error): void {
    if (!this.waiters.delete(w)) return;
    w.timer.cancel();
    if (err) w.reject(err);
    else w.resolve();
  }

  /** Pods currently waiting for their volumes, by key (for tests and diagnostics). */
  waiting(): string[] {
    return [...this.waiters].map((w) => objectKey(w.pod));
  }
}
