import type {
  ConfigMapVolumeSource,
  DownwardAPIVolumeFile,
  KeyToPath,
  ProjectedVolumeSource,
  SecretVolumeSource,
  Volume,
} from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { validateDNS1123Label } from "../validation/generic.js";
import { nameIsDNSSubdomain } from "../../util/names.js";
import { compareQuantity, tryParseQuantity } from "../../util/quantity.js";
import { validateObjectFieldSelector, validateResourceFieldSelector, volumeDownwardAPIFieldPaths } from "./container-env-validation.js";

/** The volumes of a pod by name (only those that validated), for mounts to refer to. */
export type VolumeSet = ReadonlyMap<string, Volume>;

/** Pod volumes as upstream v1.32's ValidateVolumes: names DNS-1123 labels and unique, one source each. */
export function validateVolumes(volumes: readonly Volume[] | undefined, podMeta: ObjectMeta | undefined, p: FieldPath): { volumes: VolumeSet; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const byName = new Map<string, Volume>();
  const createdClaims = new Set(
    podMeta?.name ? (volumes ?? []).filter((v) => v.ephemeral).map((v) => `${podMeta.name}-${v.name}`) : [],
  );
  (volumes ?? []).forEach((v, i) => {
    const at = p.index(i);
    const namePath = at.child("name");
    const el = validateVolumeSource(v, at, podMeta);
    if (!v.name) el.push(fieldErrors.required(namePath));
    else el.push(...validateDNS1123Label(v.name, namePath));
    if (byName.has(v.name)) el.push(fieldErrors.duplicate(namePath, v.name));
    if (el.length === 0) byName.set(v.name, v);
    else errs.push(...el);
    if (v.persistentVolumeClaim && createdClaims.has(v.persistentVolumeClaim.claimName)) {
      const claimPath = at.child("persistentVolumeClaim").child("claimName");
      errs.push(fieldErrors.invalid(claimPath, v.persistentVolumeClaim.claimName, "must not reference a PVC that gets created for an ephemeral volume"));
    }
  });
  return { volumes: byName, errs };
}

type SourceCheck = (v: Volume, at: FieldPath) => FieldError[];

/** Sources in upstream's order: the second one set is the one reported. */
const sourceChecks: Array<[keyof Volume, SourceCheck]> = [
  ["emptyDir", (v, at) => validateEmptyDir(v, at)],
  ["hostPath", (v, at) => validateHostPath(v, at.child("hostPath"))],
  ["gitRepo", (v, at) => [...requiredString(v.gitRepo?.repository, at.child("gitRepo").child("repository")), ...validateLocalDescendingPath(v.gitRepo?.directory ?? "", at.child("gitRepo").child("directory"))]],
  ["gcePersistentDisk", (v, at) => requiredString(v.gcePersistentDisk?.pdName, at.child("persistentDisk").child("pdName"))],
  ["awsElasticBlockStore", (v, at) => requiredString(v.awsElasticBlockStore?.volumeID, at.child("awsElasticBlockStore").child("volumeID"))],
  ["secret", (v, at) => validateSecretSource(v.secret!, at.child("secret"))],
  ["nfs", (v, at) => validateNFS(v, at.child("nfs"))],
  ["iscsi", (v, at) => [...requiredString(v.iscsi?.targetPortal, at.child("iscsi").child("targetPortal")), ...requiredString(v.iscsi?.iqn, at.child("iscsi").child("iqn"))]],
  ["glusterfs", (v, at) => [...requiredString(v.glusterfs?.endpoints, at.child("glusterfs").child("endpoints")), ...requiredString(v.glusterfs?.path, at.child("glusterfs").child("path"))]],
  ["flocker", () => []],
  ["persistentVolumeClaim", (v, at) => requiredString(v.persistentVolumeClaim?.claimName, at.child("persistentVolumeClaim").child("claimName"))],
  ["rbd", (v, at) => [...requiredList(v.rbd?.monitors, at.child("rbd").child("monitors")), ...requiredString(v.rbd?.image, at.child("rbd").child("image"))]],
  ["cinder", (v, at) => requiredString(v.cinder?.volumeID, at.child("cinder").child("volumeID"))],
  ["cephfs", (v, at) => requiredList(v.cephfs?.monitors, at.child("cephfs").child("monitors"))],
  ["quobyte", (v, at) => requiredString(v.quobyte?.volume, at.child("quobyte").child("volume"))],
  ["downwardAPI", (v, at) => validateDownwardAPISource(v, at.child("downwardAPI"))],
  ["fc", () => []],
  ["flexVolume", (v, at) => requiredString(v.flexVolume?.driver, at.child("flexVolume").child("driver"))],
  ["configMap", (v, at) => validateConfigMapSource(v.configMap!, at.child("configMap"))],
  ["azureFile", (v, at) => [...requiredString(v.azureFile?.secretName, at.child("azureFile").child("secretName")), ...requiredString(v.azureFile?.shareName, at.child("azureFile").child("shareName"))]],
  ["vsphereVolume", (v, at) => requiredString(v.vsphereVolume?.volumePath, at.child("vsphereVolume").child("volumePath"))],
  ["photonPersistentDisk", (v, at) => requiredString(v.photonPersistentDisk?.pdID, at.child("photonPersistentDisk").child("pdID"))],
  ["portworxVolume", (v, at) => requiredString(v.portworxVolume?.volumeID, at.child("portworxVolume").child("volumeID"))],
  ["azureDisk", (v, at) => [...requiredString(v.azureDisk?.diskName, at.child("azureDisk").child("diskName")), ...requiredString(v.azureDisk?.diskURI, at.child("azureDisk").child("diskURI"))]],
  ["storageos", () => []],
  ["projected", (v, at) => validateProjected(v.projected!, at.child("projected"))],
  ["scaleIO", () => []],
  ["csi", (v, at) => requiredString(v.csi?.driver, at.child("csi").child("driver"))],
  ["ephemeral", (v, at) => (v.ephemeral?.volumeClaimTemplate ? [] : [fieldErrors.required(at.child("ephemeral").child("volumeClaimTemplate"))])],
];

/** Upstream spells a few paths of the "more than 1 volume type" error its own way; clients see them as written. */
const forbiddenPathName: Partial<Record<keyof Volume, string>> = { downwardAPI: "downwarAPI", cephfs: "cephFS" };

function validateVolumeSource(v: Volume, at: FieldPath, podMeta: ObjectMeta | undefined): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  const rec = v as unknown as Record<string, unknown>;
  for (const [key, check] of sourceChecks) {
    if (rec[key] === undefined || rec[key] === null) continue;
    if (count > 0) {
      errs.push(fieldErrors.forbidden(at.child(forbiddenPathName[key] ?? key), "may not specify more than 1 volume type"));
      continue;
    }
    count++;
    errs.push(...check(v, at));
  }
  if (count === 0) errs.push(fieldErrors.required(at, "must specify a volume type"));
  if (v.ephemeral && podMeta?.name && v.name) {
    const claim = `${podMeta.name}-${v.name}`;
    for (const msg of nameIsDNSSubdomain(claim, false)) errs.push(fieldErrors.invalid(at.child("name"), v.name, `PVC name "${claim}": ${msg}`));
  }
  return errs;
}

function requiredString(value: string | undefined, p: FieldPath): FieldError[] {
  return value ? [] : [fieldErrors.required(p)];
}

function requiredList(value: readonly unknown[] | undefined, p: FieldPath): FieldError[] {
  return value && value.length > 0 ? [] : [fieldErrors.required(p)];
}

function validateEmptyDir(v: Volume, at: FieldPath): FieldError[] {
  const size = tryParseQuantity(v.emptyDir?.sizeLimit);
  if (size && compareQuantity(size, { mantissa: 0n, exponent: 0, format: "DecimalSI" }) < 0) {
    return [fieldErrors.forbidden(at.child("emptyDir").child("sizeLimit"), "SizeLimit field must be a valid resource quantity")];
  }
  return [];
}

const hostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

function validateHostPath(v: Volume, p: FieldPath): FieldError[] {
  const hp = v.hostPath!;
  if (!hp.path) return [fieldErrors.required(p.child("path"))];
  const errs = validatePathNoBacksteps(hp.path, p.child("path"));
  if (hp.type !== undefined && hp.type !== null && !hostPathTypes.includes(hp.type)) {
    errs.push(fieldErrors.notSupported(p.child("type"), hp.type, hostPathTypes));
  }
  return errs;
}

function validateNFS(v: Volume, p: FieldPath): FieldError[] {
  const nfs = v.nfs!;
  const errs = [...requiredString(nfs.server, p.child("server")), ...requiredString(nfs.path, p.child("path"))];
  if (!(nfs.path ?? "").startsWith("/")) errs.push(fieldErrors.invalid(p.child("path"), nfs.path ?? "", "must be an absolute path"));
  return errs;
}

const fileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive";

function validateMode(mode: number | undefined, p: FieldPath): FieldError[] {
  return typeof mode === "number" && (mode > 0o777 || mode < 0) ? [fieldErrors.invalid(p, mode, fileModeErrorMsg)] : [];
}

function validateSecretSource(s: SecretVolumeSource, p: FieldPath): FieldError[] {
  const errs = [...requiredString(s.secretName, p.child("secretName")), ...validateMode(s.defaultMode, p.child("defaultMode"))];
  (s.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child("items").index(i))));
  return errs;
}

function validateConfigMapSource(s: ConfigMapVolumeSource, p: FieldPath): FieldError[] {
  const errs = [...requiredString(s.name, p.child("name")), ...validateMode(s.defaultMode, p.child("defaultMode"))];
  (s.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child("items").index(i))));
  return errs;
}

function validateKeyToPath(kp: KeyToPath, p: FieldPath): FieldError[] {
  return [
    ...requiredString(kp.key, p.child("key")),
    ...requiredString(kp.path, p.child("path")),
    ...validateLocalNonReservedPath(kp.path ?? "", p.child("path")),
    ...validateMode(kp.mode, p.child("mode")),
  ];
}

function validateDownwardAPISource(v: Volume, p: FieldPath): FieldError[] {
  const d = v.downwardAPI!;
  const errs = validateMode(d.defaultMode, p.child("defaultMode"));
  for (const file of d.items ?? []) errs.push(...validateDownwardAPIFile(file, p));
  return errs;
}

function validateDownwardAPIFile(file: DownwardAPIVolumeFile, p: FieldPath): FieldError[] {
  const errs = [...requiredString(file.path, p.child("path")), ...validateLocalNonReservedPath(file.path ?? "", p.child("path"))];
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, volumeDownwardAPIFieldPaths, p.child("fieldRef")));
    if (file.resourceFieldRef) errs.push(fieldErrors.invalid(p, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
  } else if (file.resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, p.child("resourceFieldRef"), { volume: true }));
  } else {
    errs.push(fieldErrors.required(p, "one of fieldRef and resourceFieldRef is required"));
  }
  errs.push(...validateMode(file.mode, p.child("mode")));
  return errs;
}

function validateProjected(proj: ProjectedVolumeSource, p: FieldPath): FieldError[] {
  const errs = validateMode(proj.defaultMode, p.child("defaultMode"));
  const paths = new Set<string>();
  const claimPath = (path: string | undefined, bad: unknown): void => {
    if (!path) return;
    if (paths.has(path)) errs.push(fieldErrors.invalid(p, bad, "conflicting duplicate paths"));
    paths.add(path);
  };
  (proj.sources ?? []).forEach((src, i) => {
    const at = p.child("sources").index(i);
    let count = 0;
    for (const key of ["secret", "configMap"] as const) {
      const s = src[key];
      if (!s) continue;
      count++;
      if (!s.name) errs.push(fieldErrors.required(at.child(key).child("name")));
      (s.items ?? []).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, at.child(key).child("items").index(j)));
        claimPath(kp.path, s.name ?? "");
      });
    }
    if (src.downwardAPI) {
      count++;
      for (const file of src.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIFile(file, at.child("downwardAPI")));
        claimPath(file.path, file.path);
      }
    }
    if (src.serviceAccountToken) {
      count++;
      errs.push(...validateTokenProjection(src.serviceAccountToken, at.child("serviceAccountToken"), p));
    }
    if (count > 1) errs.push(fieldErrors.forbidden(at, "may not specify more than 1 volume type per source"));
  });
  return errs;
}

function validateTokenProjection(t: { expirationSeconds?: number; path: string }, at: FieldPath, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seconds = t.expirationSeconds ?? 0;
  if (seconds < 600) errs.push(fieldErrors.invalid(at.child("expirationSeconds"), seconds, "may not specify a duration less than 10 minutes"));
  if (seconds > 2 ** 32) errs.push(fieldErrors.invalid(at.child("expirationSeconds"), seconds, "may not specify a duration larger than 2^32 seconds"));
  if (!t.path) errs.push(fieldErrors.required(p.child("path")));
  else errs.push(...validateLocalNonReservedPath(t.path, p.child("path")));
  return errs;
}

/** No ".." element (upstream's validatePathNoBacksteps). */
export function validatePathNoBacksteps(target: string, p: FieldPath): FieldError[] {
  return target.split("/").includes("..") ? [fieldErrors.invalid(p, target, "must not contain '..'")] : [];
}

/** Relative and without "..": a path under a volume. */
export function validateLocalDescendingPath(target: string, p: FieldPath): FieldError[] {
  const errs = target.startsWith("/") ? [fieldErrors.invalid(p, target, "must be a relative path")] : [];
  return [...errs, ...validatePathNoBacksteps(target, p)];
}

/** As validateLocalDescendingPath, and not starting with ".." (reserved for the atomic writer). */
export function validateLocalNonReservedPath(target: string, p: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, p);
  if (target.startsWith("..") && !target.startsWith("../")) errs.push(fieldErrors.invalid(p, target, "must not start with '..'"));
  return errs;
}
