import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Node, PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { ann, claimClass, claimReference } from "./volume-helpers.js";

/** The name of the PV provisioned for a claim (getProvisionedVolumeNameForClaim). */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata?.uid ?? ""}`;
}

/** A name segment that cannot leave its directory. Names are validated DNS names; this is the belt to those braces. */
function safeSegment(s: string): boolean {
  return s !== "" && !s.includes("/") && !s.includes("\\") && !s.includes("\0") && s !== "." && s !== "..";
}

/**
 * <volumesDir>/<namespace>-<claim>-<pv name>, or undefined if the names could form a path
 * outside volumesDir.
 */
export function volumeDirectory(volumesDir: string, claim: PersistentVolumeClaim): string | undefined {
  const parts = [claim.metadata?.namespace ?? "", claim.metadata?.name ?? "", provisionedVolumeName(claim)];
  if (!parts.every(safeSegment)) return undefined;
  const dir = join(volumesDir, parts.join("-"));
  return isInside(volumesDir, dir) ? dir : undefined;
}

/** Whether path is a directory directly inside volumesDir (what the provisioner may delete). */
export function isInside(volumesDir: string, path: string): boolean {
  const rel = relative(resolve(volumesDir), resolve(path));
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) && !rel.includes(sep);
}

export interface ProvisionRequest {
  readonly claim: PersistentVolumeClaim;
  /** The class, absent when the claim names a class that does not exist. */
  readonly storageClass: StorageClass | undefined;
  readonly provisioner: string;
  readonly dir: string;
  /** The node the scheduler chose (WaitForFirstConsumer), if any. */
  readonly node: Node | undefined;
}

const hostnameLabel = "kubernetes.io/hostname";

/**
 * The PV for a provisioned directory, pre-bound to its claim as external provisioners create
 * them: capacity = the request, the claim's access modes and volume mode, the class's reclaim
 * policy (Delete when there is no class), and, when a node was chosen, node affinity to its
 * hostname label so later pods of the claim follow the data (as local-path provisioners do).
 */
export function provisionedVolume(r: ProvisionRequest): PersistentVolume {
  const { claim } = r;
  const hostname = r.node?.metadata?.labels?.[hostnameLabel];
  const spec: PersistentVolume["spec"] = {
    accessModes: claim.spec?.accessModes ?? [],
    capacity: { storage: claim.spec?.resources?.requests?.["storage"] ?? "0" },
    claimRef: claimReference(claim),
    hostPath: { path: r.dir, type: "DirectoryOrCreate" },
    persistentVolumeReclaimPolicy: r.storageClass?.reclaimPolicy ?? "Delete",
    storageClassName: claimClass(claim),
    volumeMode: claim.spec?.volumeMode ?? "Filesystem",
  };
  if (hostname) {
    spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: hostnameLabel, operator: "In", values: [hostname] }] }] } };
  }
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: provisionedVolumeName(claim), annotations: { [ann.provisionedBy]: r.provisioner } },
    spec,
  };
}
