import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import { type Clock, rfc3339 } from "../../util/clock.js";
import type { EventRecorder } from "../runtime/event-recorder.js";
import { unbindVolume, volumeWithPhase } from "./binding.js";
import type { FreshObjects } from "./fresh-objects.js";
import type { VolumeDirs } from "./volume-dirs.js";
import type { VolumeAction } from "./volume-plan.js";

export interface VolumeSyncDeps {
  readonly client: Client;
  readonly clock: Clock;
  readonly volumes: FreshObjects<PersistentVolume>;
  readonly dirs: VolumeDirs;
  /** The PV controller's events (on PVs). */
  readonly recorder: EventRecorder;
  /** Hands a claim to the claim queue (syncVolume's claimQueue.Add). */
  readonly syncClaim: (key: string) => void;
}

/** Carries out planVolume's actions on the latest copy of the volume. */
export async function applyVolumePlan(deps: VolumeSyncDeps, volume: Stored<PersistentVolume>, actions: readonly VolumeAction[]): Promise<void> {
  let current = volume;
  try {
    for (const a of actions) current = await applyOne(deps, current, a);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

async function applyOne(deps: VolumeSyncDeps, volume: Stored<PersistentVolume>, a: VolumeAction): Promise<Stored<PersistentVolume>> {
  switch (a.kind) {
    case "phase":
      return setPhase(deps, volume, a);
    case "syncClaim":
      deps.syncClaim(a.key);
      return volume;
    case "unbind": {
      const unbound = deps.volumes.remember(await deps.client.update<PersistentVolume>(refs.persistentVolumes, unbindVolume(volume)));
      return setPhase(deps, unbound, { phase: "Available" });
    }
    case "delete":
      return deleteVolume(deps, volume, a.dir);
  }
}

async function setPhase(deps: VolumeSyncDeps, volume: Stored<PersistentVolume>, a: { phase: string; message?: string; event?: { reason: string; message: string } }): Promise<Stored<PersistentVolume>> {
  const at = a.message ? { message: a.message, now: rfc3339(deps.clock.now()) } : { now: rfc3339(deps.clock.now()) };
  const next = volumeWithPhase(volume, a.phase, at);
  if (!next) return volume;
  const written = deps.volumes.remember(await deps.client.update<PersistentVolume>(refs.persistentVolumes, next, { subresource: "status" }));
  if (a.event) deps.recorder.event(written, "Warning", a.event.reason, a.event.message);
  return written;
}

/** deleteVolumeOperation: the directory first, then the PV (UID precondition); a failure marks it Failed. */
async function deleteVolume(deps: VolumeSyncDeps, volume: Stored<PersistentVolume>, dir: string): Promise<Stored<PersistentVolume>> {
  try {
    await deps.dirs.remove(dir);
  } catch (err) {
    const message = `failed to delete volume directory ${dir}: ${err instanceof Error ? err.message : String(err)}`;
    return setPhase(deps, volume, { phase: "Failed", message, event: { reason: "VolumeFailedDelete", message } });
  }
  await deps.client.delete(refs.persistentVolumes, undefined, volume.metadata.name, { preconditions: { uid: volume.metadata.uid } });
  deps.volumes.deleted(volume);
  return volume;
}
