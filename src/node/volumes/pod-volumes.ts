import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Pod, Volume } from "kubernetes-types/core/v1.js";
import type { ConfigObjects } from "../config-objects.js";
import type { DownwardContext } from "../env/field-values.js";
import { configMapFiles, downwardFiles, secretFiles, type VolumeFile, VolumeSetupError } from "./projected-files.js";

export { VolumeSetupError } from "./projected-files.js";

/** A volume that cannot be set up yet: a claim that does not exist or is not bound. The pod waits. */
export class VolumeNotReadyError extends Error {
  override readonly name = "VolumeNotReadyError";
}

export interface PodVolumesOptions extends DownwardContext {
  readonly objects: ConfigObjects;
  /** The pod's own directory (`<data dir>/pods/<uid>`); its volumes go under `volumes/`. */
  readonly podDir: string;
}

/**
 * Sets up every volume of the pod and returns the host directory of each, by volume name: emptyDir
 * and projections under the pod's directory, a claim's bound PersistentVolume at its local path,
 * hostPath as it is. A failure names the volume as upstream's FailedMount events do.
 */
export async function setUpVolumes(pod: Pod, options: PodVolumesOptions): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  for (const volume of pod.spec?.volumes ?? []) {
    try {
      dirs.set(volume.name, await setUpVolume(pod, volume, options));
    } catch (err) {
      if (err instanceof VolumeSetupError) throw new VolumeSetupError(`MountVolume.SetUp failed for volume "${volume.name}" : ${err.message}`);
      if (err instanceof VolumeNotReadyError) throw new VolumeNotReadyError(notReadyMessage(pod, volume.name, err.message));
      throw err;
    }
  }
  return dirs;
}

/** Removes what the pod's volumes keep under its directory (claims and host paths are left alone). */
export function tearDownVolumes(podDir: string): void {
  rmSync(join(podDir, "volumes"), { recursive: true, force: true });
}

function notReadyMessage(pod: Pod, volume: string, cause: string): string {
  const all = (pod.spec?.volumes ?? []).map((v) => v.name);
  return `Unable to attach or mount volumes: unmounted volumes=[${volume}], unattached volumes=[${all.join(" ")}], failed to process volumes=[${volume}]: ${cause}`;
}

async function setUpVolume(pod: Pod, volume: Volume, o: PodVolumesOptions): Promise<string> {
  const dir = (plugin: string): string => join(o.podDir, "volumes", plugin, volume.name);
  if (volume.persistentVolumeClaim) return claimPath(pod, volume.persistentVolumeClaim.claimName, o.objects);
  if (volume.hostPath) return hostPath(volume.hostPath.path, volume.hostPath.type ?? "");
  if (volume.emptyDir) return emptyDir(dir("kubernetes.io~empty-dir"));
  if (volume.configMap) return project(dir("kubernetes.io~configmap"), await configMapFiles(pod, volume.configMap, o.objects));
  if (volume.secret) return project(dir("kubernetes.io~secret"), await secretFiles(pod, volume.secret, o.objects));
  if (volume.downwardAPI) {
    return project(dir("kubernetes.io~downward-api"), downwardFiles(pod, volume.downwardAPI.items ?? [], { ...o, defaultMode: volume.downwardAPI.defaultMode }));
  }
  if (volume.projected) return project(dir("kubernetes.io~projected"), await projectedFiles(pod, volume.projected, o));
  // Other sources (cloud disks, NFS…) have no meaning here: an empty directory stands in.
  return emptyDir(dir("kubernetes.io~empty-dir"));
}

async function projectedFiles(pod: Pod, projected: NonNullable<Volume["projected"]>, o: PodVolumesOptions): Promise<VolumeFile[]> {
  const files: VolumeFile[] = [];
  const mode = projected.defaultMode;
  for (const s of projected.sources ?? []) {
    if (s.configMap) files.push(...(await configMapFiles(pod, { ...s.configMap, defaultMode: mode }, o.objects)));
    if (s.secret) files.push(...(await secretFiles(pod, { ...s.secret, defaultMode: mode }, o.objects)));
    if (s.downwardAPI) files.push(...downwardFiles(pod, s.downwardAPI.items ?? [], { ...o, defaultMode: mode }));
    // No tokens are minted: the file exists so programs that read it find it, empty.
    if (s.serviceAccountToken) files.push({ path: s.serviceAccountToken.path, content: Buffer.alloc(0), mode });
  }
  return files;
}

async function claimPath(pod: Pod, claimName: string, objects: ConfigObjects): Promise<string> {
  const ns = pod.metadata?.namespace ?? "";
  const claim = await objects.persistentVolumeClaim(ns, claimName);
  const where = `error processing PVC ${ns}/${claimName}`;
  if (!claim) throw new VolumeNotReadyError(`${where}: failed to fetch PVC from API server: persistentvolumeclaims "${claimName}" not found`);
  if (claim.metadata?.deletionTimestamp) throw new VolumeNotReadyError(`${where}: can't start pod because PVC ${ns}/${claimName} is being deleted`);
  const pvName = claim.spec?.volumeName;
  if (claim.status?.phase !== "Bound" || !pvName) throw new VolumeNotReadyError(`${where}: PVC is not bound`);
  const pv = await objects.persistentVolume(pvName);
  const path = pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path;
  if (!pv) throw new VolumeNotReadyError(`${where}: failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`);
  if (!path) throw new VolumeSetupError(`persistent volume ${pvName} has no local or hostPath source this node can mount`);
  mkdirSync(path, { recursive: true });
  return path;
}

/** hostPath with its type checked as upstream's checkType does. */
function hostPath(path: string, type: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  const fail = (what: string): never => {
    throw new VolumeSetupError(`hostPath type check failed: ${path} is not a ${what}`);
  };
  switch (type) {
    case "DirectoryOrCreate":
      if (!stat) mkdirSync(path, { recursive: true, mode: 0o755 });
      else if (!stat.isDirectory()) fail("directory");
      break;
    case "Directory":
      if (!stat?.isDirectory()) fail("directory");
      break;
    case "FileOrCreate":
      if (!stat) writeFileSync(path, "", { mode: 0o644 });
      else if (!stat.isFile()) fail("file");
      break;
    case "File":
      if (!stat?.isFile()) fail("file");
      break;
    case "Socket":
      if (!stat?.isSocket()) fail("socket");
      break;
    case "CharDevice":
      if (!stat?.isCharacterDevice()) fail("character device");
      break;
    case "BlockDevice":
      if (!stat?.isBlockDevice()) fail("block device");
      break;
  }
  return path;
}

function emptyDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  return dir;
}

/** Writes the files of a projected volume (paths are validated by the API to stay inside it). */
function project(dir: string, files: readonly VolumeFile[]): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const target = resolve(dir, f.path);
    if (!target.startsWith(`${resolve(dir)}/`)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content, { mode: f.mode ?? 0o644 });
  }
  return dir;
}
