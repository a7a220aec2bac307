import type { PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { clone, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isAlreadyExists, isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { type Clock, rfc3339 } from "../../util/clock.js";
import type { EventRecorder } from "../runtime/event-recorder.js";
import { bindClaimToVolume, bindVolumeToClaim, claimWithStatus, volumeWithPhase } from "./binding.js";
import type { ClaimAction, EventSource } from "./claim-plan.js";
import type { FreshObjects } from "./fresh-objects.js";
import type { VolumeDirs } from "./volume-dirs.js";
import { ann } from "./volume-helpers.js";

type Claim = PersistentVolumeClaim;
type Volume = PersistentVolume;

/** What carrying out a claim's plan touches. */
export interface ClaimSyncDeps {
  readonly client: Client;
  readonly clock: Clock;
  readonly claims: FreshObjects<Claim>;
  readonly volumes: FreshObjects<Volume>;
  readonly dirs: VolumeDirs;
  readonly recorders: Readonly<Record<EventSource, EventRecorder>>;
}

/** Thrown (and so retried) after the failure was reported as an event. */
class ReportedError extends Error {}

/**
 * Carries out planClaim's actions in order, on the latest copy of each object: every write
 * compares-and-swaps on resourceVersion, so a stale plan fails with 409 and is retried.
 */
export class ClaimSync {
  private claim: Stored<Claim>;
  private provisioner: Record<string, string> | undefined;

  constructor(
    private readonly deps: ClaimSyncDeps,
    claim: Stored<Claim>,
  ) {
    this.claim = claim;
  }

  async run(actions: readonly ClaimAction[]): Promise<void> {
    try {
      for (const action of actions) {
        if ((await this.step(action)) === "stop") return;
      }
      await this.writeProvisionerAnnotations();
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }

  private async step(a: ClaimAction): Promise<"stop" | void> {
    switch (a.kind) {
      case "event":
        this.deps.recorders[a.from].event(this.claim, a.type, a.reason, a.message);
        return;
      case "assignClass":
        await this.updateClaim((c) => ({ ...c, spec: { ...c.spec, storageClassName: a.className } }));
        return "stop";
      case "setProvisioner":
        this.provisioner = { [ann.betaStorageProvisioner]: a.provisioner, [ann.storageProvisioner]: a.provisioner };
        return;
      case "reschedule":
        await this.updateClaim((c) => {
          const annotations = { ...c.metadata.annotations };
          delete annotations[ann.selectedNode];
          return { ...c, metadata: { ...c.metadata, annotations } };
        });
        return "stop";
      case "provision":
        await this.provision(a);
        return;
      case "bind":
        await this.bind(a.volumeName);
        return;
      case "phase":
        await this.writeClaimStatus(claimWithStatus(this.claim, a.phase, undefined));
        return;
    }
  }

  /** provisionClaimOperation: the directory, then the PV object (an existing one is reused). */
  private async provision(a: ClaimAction & { kind: "provision" }): Promise<void> {
    try {
      await this.deps.dirs.create(a.dir);
    } catch (err) {
      const message = `failed to provision volume with StorageClass "${a.className}": ${err instanceof Error ? err.message : String(err)}`;
      this.deps.recorders.provisioner.event(this.claim, "Warning", "ProvisioningFailed", message);
      throw new ReportedError(message, { cause: err });
    }
    let created: Stored<Volume>;
    try {
      created = await this.deps.client.create<Volume>(refs.persistentVolumes, a.volume);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      created = await this.deps.client.get<Volume>(refs.persistentVolumes, undefined, a.volume.metadata?.name ?? "");
    }
    this.deps.volumes.remember(created);
  }

  /** upstream's bind(): volume spec, volume phase, claim spec, claim status; each only if needed. */
  private async bind(volumeName: string): Promise<void> {
    const { client, volumes, clock } = this.deps;
    let volume = volumes.get(undefined, volumeName);
    if (!volume) return;
    const spec = bindVolumeToClaim(volume, this.claim);
    if (spec) volume = volumes.remember(await client.update<Volume>(refs.persistentVolumes, spec));
    const status = volumeWithPhase(volume, "Bound", { now: rfc3339(clock.now()) });
    if (status) volume = volumes.remember(await client.update<Volume>(refs.persistentVolumes, status, { subresource: "status" }));
    const claimSpec = bindClaimToVolume(this.claim, volume, this.provisioner ?? {});
    this.provisioner = undefined;
    if (claimSpec) this.claim = this.deps.claims.remember(await client.update<Claim>(refs.persistentVolumeClaims, claimSpec));
    await this.writeClaimStatus(claimWithStatus(this.claim, "Bound", volume));
  }

  private async writeClaimStatus(next: Stored<Claim> | undefined): Promise<void> {
    if (!next) return;
    this.claim = this.deps.claims.remember(await this.deps.client.update<Claim>(refs.persistentVolumeClaims, next, { subresource: "status" }));
  }

  /** setClaimProvisioner, when no binding in this pass carried the annotations. */
  private async writeProvisionerAnnotations(): Promise<void> {
    const wanted = this.provisioner;
    if (!wanted) return;
    const have = this.claim.metadata.annotations ?? {};
    if (Object.entries(wanted).every(([k, v]) => have[k] === v)) return;
    await this.updateClaim((c) => ({ ...c, metadata: { ...c.metadata, annotations: { ...c.metadata.annotations, ...wanted } } }));
  }

  private async updateClaim(change: (c: Stored<Claim>) => Stored<Claim>): Promise<void> {
    const next = change(clone(this.claim));
    this.claim = this.deps.claims.remember(await this.deps.client.update<Claim>(refs.persistentVolumeClaims, next));
  }
}
