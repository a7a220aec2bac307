import type { PersistentVolumeSpec, SecretReference } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { fromMessages } from "../validation/generic.js";
import { isDNS1123Label, isDNS1123Subdomain } from "../../util/names.js";
import { validatePathNoBacksteps } from "./pod-volume-validation.js";

/**
 * The volume source part of a PersistentVolumeSpec: exactly one source, checked as upstream's
 * ValidatePersistentVolumeSpec does. The sources a single-machine cluster can use (hostPath,
 * local, nfs, csi) get upstream's full checks; the cloud and legacy ones get their required
 * fields checked.
 */

type Source = Exclude<keyof PersistentVolumeSpec, NonSource>;
type NonSource =
  | "accessModes"
  | "capacity"
  | "claimRef"
  | "mountOptions"
  | "nodeAffinity"
  | "persistentVolumeReclaimPolicy"
  | "storageClassName"
  | "volumeAttributesClassName"
  | "volumeMode";

type SourceCheck = (source: Record<string, unknown>, p: FieldPath) => FieldError[];

const required =
  (...fields: string[]): SourceCheck =>
  (source, p) =>
    fields.filter((f) => !source[f]).map((f) => fieldErrors.required(p.child(f)));

/**
 * Upstream's order; the name each "may not specify more than 1 volume type" error uses (upstream
 * writes cephFS there but cephfs elsewhere); the path the source's own checks use.
 */
const sources: Array<{ key: Source; forbiddenAs: string | undefined; checkAs?: string; check: SourceCheck }> = [
  { key: "hostPath", forbiddenAs: "hostPath", check: (s, p) => validateHostPath(s, p) },
  { key: "gcePersistentDisk", forbiddenAs: "gcePersistentDisk", checkAs: "persistentDisk", check: required("pdName") },
  { key: "awsElasticBlockStore", forbiddenAs: "awsElasticBlockStore", check: required("volumeID") },
  { key: "glusterfs", forbiddenAs: "glusterfs", check: required("endpoints", "path") },
  { key: "flocker", forbiddenAs: "flocker", check: () => [] },
  { key: "nfs", forbiddenAs: "nfs", check: (s, p) => validateNFS(s, p) },
  { key: "rbd", forbiddenAs: "rbd", check: required("monitors", "image") },
  { key: "quobyte", forbiddenAs: "quobyte", check: required("volume") },
  { key: "cephfs", forbiddenAs: "cephFS", check: required("monitors") },
  { key: "iscsi", forbiddenAs: "iscsi", check: required("targetPortal", "iqn") },
  { key: "cinder", forbiddenAs: "cinder", check: required("volumeID") },
  { key: "fc", forbiddenAs: "fc", check: () => [] },
  // Upstream counts flexVolume without checking for another source first.
  { key: "flexVolume", forbiddenAs: undefined, check: required("driver") },
  { key: "azureFile", forbiddenAs: "azureFile", check: required("secretName", "shareName") },
  { key: "vsphereVolume", forbiddenAs: "vsphereVolume", check: required("volumePath") },
  { key: "photonPersistentDisk", forbiddenAs: "photonPersistentDisk", check: required("pdID") },
  { key: "portworxVolume", forbiddenAs: "portworxVolume", check: required("volumeID") },
  { key: "azureDisk", forbiddenAs: "azureDisk", check: required("diskName", "diskURI") },
  { key: "scaleIO", forbiddenAs: "scaleIO", check: required("gateway", "system", "volumeName") },
  { key: "local", forbiddenAs: "local", check: (s, p) => validateLocal(s, p) },
  { key: "storageos", forbiddenAs: "storageos", check: required("volumeName") },
  { key: "csi", forbiddenAs: "csi", check: (s, p) => validateCSI(s, p) },
];

/** The JSON field names of every volume source of a PV (what is immutable after creation). */
export const volumeSourceKeys: readonly string[] = sources.map((s) => s.key);

export interface SourceResult {
  errs: FieldError[];
  /** The one source counted (the first), for rules that depend on its type. */
  source: Source | undefined;
}

export function validatePersistentVolumeSource(spec: PersistentVolumeSpec, p: FieldPath): SourceResult {
  const errs: FieldError[] = [];
  let counted: Source | undefined;
  for (const { key, forbiddenAs, checkAs, check } of sources) {
    const value = spec[key];
    if (value === undefined || value === null) continue;
    if (counted !== undefined && forbiddenAs !== undefined) {
      errs.push(fieldErrors.forbidden(p.child(forbiddenAs), "may not specify more than 1 volume type"));
      continue;
    }
    counted ??= key;
    errs.push(...check(value as Record<string, unknown>, p.child(checkAs ?? key)));
  }
  if (counted === undefined) errs.push(fieldErrors.required(p, "must specify a volume type"));
  return { errs, source: counted };
}

/** HostPathType values, sorted as upstream lists them. */
const hostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

function validateHostPath(s: Record<string, unknown>, p: FieldPath): FieldError[] {
  const path = typeof s["path"] === "string" ? s["path"] : "";
  if (!path) return [fieldErrors.required(p.child("path"))];
  const errs = validatePathNoBacksteps(path, p.child("path"));
  const type = s["type"];
  if (typeof type === "string" && !hostPathTypes.includes(type)) errs.push(fieldErrors.notSupported(p.child("type"), type, hostPathTypes));
  return errs;
}

function validateLocal(s: Record<string, unknown>, p: FieldPath): FieldError[] {
  const path = typeof s["path"] === "string" ? s["path"] : "";
  return path ? validatePathNoBacksteps(path, p.child("path")) : [fieldErrors.required(p.child("path"))];
}

function validateNFS(s: Record<string, unknown>, p: FieldPath): FieldError[] {
  const errs = required("server", "path")(s, p);
  const path = typeof s["path"] === "string" ? s["path"] : "";
  if (!path.startsWith("/")) errs.push(fieldErrors.invalid(p.child("path"), path, "must be an absolute path"));
  return errs;
}

/** validateCSIPersistentVolumeSource: a driver name, a volume handle, well-formed secret references. */
function validateCSI(s: Record<string, unknown>, p: FieldPath): FieldError[] {
  const driver = typeof s["driver"] === "string" ? s["driver"] : "";
  const errs: FieldError[] = [];
  const at = p.child("driver");
  if (!driver) errs.push(fieldErrors.required(at));
  if (driver.length > 63) errs.push(fieldErrors.tooLong(at, "", 63));
  errs.push(...fromMessages(at, driver, isDNS1123Subdomain(driver.toLowerCase())));
  if (!s["volumeHandle"]) errs.push(fieldErrors.required(p.child("volumeHandle")));
  for (const ref of ["controllerPublishSecretRef", "controllerExpandSecretRef", "nodePublishSecretRef", "nodeExpandSecretRef"]) {
    const value = s[ref] as SecretReference | undefined;
    if (value) errs.push(...validateSecretReference(value, p.child(ref)));
  }
  return errs;
}

function validateSecretReference(ref: SecretReference, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!ref.name) errs.push(fieldErrors.required(p.child("name")));
  else errs.push(...fromMessages(p.child("name"), ref.name, isDNS1123Subdomain(ref.name)));
  if (!ref.namespace) errs.push(fieldErrors.required(p.child("namespace")));
  else errs.push(...fromMessages(p.child("namespace"), ref.namespace, isDNS1123Label(ref.namespace)));
  return errs;
}
