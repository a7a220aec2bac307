import { posix } from "node:path";
import type { PersistentVolume, PersistentVolumeSpec } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { fromMessages, validateImmutable } from "../validation/generic.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { isDNS1123Subdomain } from "../../util/names.js";
import { validateAccessModeValues } from "./persistent-volume-access-modes.js";
import { parseQuantityAt, validateBasicResource, validatePositiveQuantity } from "./persistent-volume-resources.js";
import { validatePersistentVolumeSource, volumeSourceKeys } from "./persistent-volume-source.js";
import { validateNodeSelector } from "./pod-scheduling-validation.js";

/** ValidatePersistentVolume(Spec), ValidatePersistentVolumeUpdate and ...StatusUpdate, v1.32. */

const specPath = FieldPath.root("spec");
const reclaimPolicies = ["Delete", "Recycle", "Retain"];

export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const errs = validateObjectMeta(pv.metadata, { namespaced: false });
  errs.push(...validatePersistentVolumeSpec(pv.spec ?? {}, specPath));
  return errs;
}

function validatePersistentVolumeSpec(spec: PersistentVolumeSpec, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const modes = spec.accessModes ?? [];
  if (modes.length === 0) errs.push(fieldErrors.required(p.child("accessModes")));
  errs.push(...validateAccessModeValues(modes, p.child("accessModes")));
  errs.push(...validateCapacity(spec.capacity, p.child("capacity")));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !reclaimPolicies.includes(policy)) errs.push(fieldErrors.notSupported(p.child("persistentVolumeReclaimPolicy"), policy, reclaimPolicies));
  if (spec.nodeAffinity) {
    const at = p.child("nodeAffinity", "required");
    const nodeSelector = spec.nodeAffinity.required;
    errs.push(...(nodeSelector ? validateNodeSelector(nodeSelector, at) : [fieldErrors.required(at, "must specify required node constraints")]));
  }
  const source = validatePersistentVolumeSource(spec, p);
  errs.push(...source.errs);
  if (source.source === "local" && !spec.nodeAffinity) errs.push(fieldErrors.required(p.child("nodeAffinity"), "Local volume requires node affinity"));
  if (spec.hostPath && isRoot(spec.hostPath.path) && policy === "Recycle") {
    errs.push(fieldErrors.forbidden(p.child("persistentVolumeReclaimPolicy"), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  if (spec.storageClassName) errs.push(...fromMessages(p.child("storageClassName"), spec.storageClassName, isDNS1123Subdomain(spec.storageClassName)));
  if (spec.volumeMode !== undefined && !["Block", "Filesystem"].includes(spec.volumeMode)) {
    errs.push(fieldErrors.notSupported(p.child("volumeMode"), spec.volumeMode, ["Block", "Filesystem"]));
  }
  errs.push(...validateVolumeAttributesClass(spec, p));
  return errs;
}

/** Exactly the storage capacity, integral and positive. */
function validateCapacity(capacity: Record<string, string> | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const entries = Object.entries(capacity ?? {});
  if (entries.length === 0) errs.push(fieldErrors.required(p));
  if (!capacity || !("storage" in capacity) || entries.length > 1) errs.push(fieldErrors.notSupported(p, capacity ?? {}, ["storage"]));
  for (const [name, value] of entries) {
    const parsed = parseQuantityAt(value, p.key(name));
    if (!parsed.ok) errs.push(...parsed.errs);
    else errs.push(...validateBasicResource(parsed.q, p.key(name)), ...validatePositiveQuantity(parsed.q, p.key(name)));
  }
  return errs;
}

/** path.Clean(p) == "/". */
function isRoot(path: string | undefined): boolean {
  return path !== undefined && path.startsWith("/") && posix.normalize(path) === "/";
}

/** Only a PV stored with a volumeAttributesClassName keeps one (its feature is off in v1.32). */
function validateVolumeAttributesClass(spec: PersistentVolumeSpec, p: FieldPath): FieldError[] {
  const vac = spec.volumeAttributesClassName;
  if (vac === undefined) return [];
  const errs: FieldError[] = [];
  if (vac === "") errs.push(fieldErrors.required(p.child("volumeAttributesClassName"), "an empty string is disallowed"));
  else errs.push(...fromMessages(p.child("volumeAttributesClassName"), vac, isDNS1123Subdomain(vac)));
  if (!spec.csi) errs.push(fieldErrors.required(p.child("csi"), "has to be specified when using volumeAttributesClassName"));
  return errs;
}

/** What may not change once a PV exists: its source (a CSI expand secret may be added), volume mode, node affinity. */
export function validatePersistentVolumeUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = validateObjectMetaUpdate(pv.metadata, old.metadata);
  const newSource = sourceOf(pv.spec);
  const oldSource = sourceOf(old.spec);
  const csi = newSource["csi"] as Record<string, unknown> | undefined;
  if (csi?.["controllerExpandSecretRef"] && !(oldSource["csi"] as Record<string, unknown> | undefined)?.["controllerExpandSecretRef"]) {
    newSource["csi"] = { ...csi };
    delete (newSource["csi"] as Record<string, unknown>)["controllerExpandSecretRef"];
  }
  if (!semanticEqual(newSource, oldSource)) {
    const diff = `  core.PersistentVolumeSource{\n- \t${JSON.stringify(oldSource)}\n+ \t${JSON.stringify(newSource)}\n  }`;
    errs.push(fieldErrors.forbidden("spec.persistentvolumesource", `spec.persistentvolumesource is immutable after creation\n${diff}`));
  }
  errs.push(...validateImmutable(pv.spec?.volumeMode, old.spec?.volumeMode, "volumeMode"));
  if (old.spec?.nodeAffinity && !semanticEqual(pv.spec?.nodeAffinity, old.spec.nodeAffinity)) {
    errs.push(fieldErrors.invalid("nodeAffinity", pv.spec?.nodeAffinity ?? null, "field is immutable, except for updating from beta label to GA"));
  }
  if (pv.spec?.volumeAttributesClassName !== old.spec?.volumeAttributesClassName) {
    errs.push(fieldErrors.forbidden("spec.volumeAttributesClassName", "update is forbidden when the VolumeAttributesClass feature gate is disabled"));
    if (old.spec?.volumeAttributesClassName !== undefined && pv.spec?.volumeAttributesClassName === undefined) {
      errs.push(fieldErrors.forbidden("spec.volumeAttributesClassName", "update from non-nil value to nil is forbidden"));
    }
  }
  return errs;
}

function sourceOf(spec: PersistentVolumeSpec | undefined): Record<string, unknown> {
  const all = (spec ?? {}) as Record<string, unknown>;
  return Object.fromEntries(volumeSourceKeys.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
}

/** ValidatePersistentVolumeStatusUpdate: metadata, and a resourceVersion. */
export function validatePersistentVolumeStatusUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = validateObjectMetaUpdate(pv.metadata, old.metadata);
  if (!pv.metadata?.resourceVersion) errs.push(fieldErrors.required("resourceVersion"));
  return errs;
}
