import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { clone } from "../object.js";
import { fromMessages, validateImmutable } from "../validation/generic.js";
import { validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { compareQuantity, type Quantity, tryParseQuantity } from "../../util/quantity.js";
import { isQualifiedName } from "../../util/names.js";
import { parseQuantityAt, validateBasicResource, validateNonnegativeQuantity } from "./persistent-volume-resources.js";

/** ValidatePersistentVolumeClaimUpdate and ValidatePersistentVolumeClaimStatusUpdate, v1.32. */

export const betaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

const immutableSpecMessage = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

/**
 * What an update may change besides metadata: volumeName once, storageClassName from nil (or
 * from the beta annotation), and for bound claims the storage request (never below the
 * capacity) and volumeAttributesClassName.
 */
export function validatePersistentVolumeClaimUpdate(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const errs = validateObjectMetaUpdate(pvc.metadata, old.metadata);
  const newSpec: PersistentVolumeClaimSpec = clone(pvc.spec ?? {});
  const oldSpec: PersistentVolumeClaimSpec = clone(old.spec ?? {});
  // The PV controller binds a claim by setting volumeName once.
  if (!old.spec?.volumeName) setOrDelete(oldSpec, "volumeName", newSpec.volumeName);
  errs.push(...allowStorageClassChange(pvc, old, newSpec, oldSpec));
  if (pvc.status?.phase === "Bound") {
    if (newSpec.resources?.requests) setOrDelete(newSpec.resources.requests, "storage", old.spec?.resources?.requests?.["storage"]);
    if (newSpec.volumeAttributesClassName !== undefined) setOrDelete(newSpec, "volumeAttributesClassName", oldSpec.volumeAttributesClassName);
  }
  if (!semanticEqual(newSpec, oldSpec)) errs.push(fieldErrors.forbidden("spec", `${immutableSpecMessage}\n${specDiff(oldSpec, newSpec)}`));
  errs.push(...validateShrink(pvc, old));
  errs.push(...validateImmutable(pvc.spec?.volumeMode, old.spec?.volumeMode, "volumeMode"));
  errs.push(...validateVolumeAttributesClassChange(pvc.spec?.volumeAttributesClassName, old.spec?.volumeAttributesClassName));
  return errs;
}

function setOrDelete<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}

/**
 * Upstream's upgrade paths for storageClassName: from the beta annotation to the field, or from
 * nil to a class (retroactive default class assignment); the annotation itself never changes.
 */
function allowStorageClassChange(
  pvc: PersistentVolumeClaim,
  old: PersistentVolumeClaim,
  newSpec: PersistentVolumeClaimSpec,
  oldSpec: PersistentVolumeClaimSpec,
): FieldError[] {
  const oldAnnotations = old.metadata?.annotations ?? {};
  const newAnnotations = pvc.metadata?.annotations ?? {};
  const oldClass = old.spec?.storageClassName;
  const newClass = pvc.spec?.storageClassName;
  const oldInAnnotation = oldAnnotations[betaStorageClassAnnotation];
  const fromAnnotation =
    oldInAnnotation !== undefined &&
    oldClass === undefined &&
    newClass === oldInAnnotation &&
    (newAnnotations[betaStorageClassAnnotation] === undefined || newAnnotations[betaStorageClassAnnotation] === oldInAnnotation);
  if (fromAnnotation) {
    delete newSpec.storageClassName;
    return [];
  }
  const errs: FieldError[] = [];
  const newValue = newAnnotations[betaStorageClassAnnotation] ?? "";
  if (newValue !== (oldInAnnotation ?? "")) {
    const at = FieldPath.root("metadata").child("annotations", betaStorageClassAnnotation);
    errs.push(fieldErrors.invalid(at, newValue, "field is immutable"));
  }
  const fromNil = newClass !== undefined && oldClass === undefined && (oldInAnnotation === undefined || newClass === oldInAnnotation);
  if (fromNil) setOrDelete(newSpec, "storageClassName", oldSpec.storageClassName);
  return errs;
}

/**
 * With RecoverVolumeExpansionFailure (beta, on in v1.32) a request may shrink, but never to
 * the capacity already recorded in status or below.
 */
function validateShrink(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const zero: Quantity = { mantissa: 0n, exponent: 0, format: "DecimalSI" };
  const newSize = tryParseQuantity(pvc.spec?.resources?.requests?.["storage"]) ?? zero;
  const oldSize = tryParseQuantity(old.spec?.resources?.requests?.["storage"]) ?? zero;
  const statusSize = tryParseQuantity(old.status?.capacity?.["storage"]) ?? zero;
  if (compareQuantity(newSize, oldSize) < 0 && compareQuantity(newSize, statusSize) <= 0) {
    return [fieldErrors.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity")];
  }
  return [];
}

/** The VolumeAttributesClass gate is off in v1.32: the class may not change. */
function validateVolumeAttributesClassChange(now: string | undefined, before: string | undefined): FieldError[] {
  if (now === before) return [];
  const errs = [fieldErrors.forbidden("spec.volumeAttributesClassName", "update is forbidden when the VolumeAttributesClass feature gate is disabled")];
  if (before !== undefined && now === undefined) {
    errs.push(fieldErrors.forbidden("spec.volumeAttributesClassName", "update from non-nil value to nil is forbidden"));
  } else if (before !== undefined && now === "") {
    errs.push(fieldErrors.forbidden("spec.volumeAttributesClassName", "update from non-nil value to an empty string is forbidden"));
  }
  return errs;
}

/** Go field names of PersistentVolumeClaimSpec, in declaration order, for the diff. */
const specFields: Array<[keyof PersistentVolumeClaimSpec, string]> = [
  ["accessModes", "AccessModes"],
  ["selector", "Selector"],
  ["resources", "Resources"],
  ["volumeName", "VolumeName"],
  ["storageClassName", "StorageClassName"],
  ["volumeMode", "VolumeMode"],
  ["dataSource", "DataSource"],
  ["dataSourceRef", "DataSourceRef"],
  ["volumeAttributesClassName", "VolumeAttributesClassName"],
];

/** A diff in the layout of Go's cmp.Diff (values in JSON), naming the fields that changed. */
function specDiff(oldSpec: PersistentVolumeClaimSpec, newSpec: PersistentVolumeClaimSpec): string {
  const lines = ["  core.PersistentVolumeClaimSpec{"];
  let same = 0;
  for (const [key, goName] of specFields) {
    if (semanticEqual(oldSpec[key], newSpec[key])) {
      same++;
      continue;
    }
    lines.push(`- \t${goName}: ${JSON.stringify(oldSpec[key] ?? null)},`, `+ \t${goName}: ${JSON.stringify(newSpec[key] ?? null)},`);
  }
  if (same > 0) lines.push(`  \t... // ${same} identical fields`);
  lines.push("  }");
  return lines.join("\n");
}

const resizeStatuses = ["ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress", "NodeResizeInfeasible", "NodeResizePending"];

/** ValidatePersistentVolumeClaimStatusUpdate with RecoverVolumeExpansionFailure on. */
export function validatePersistentVolumeClaimStatusUpdate(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const errs = validateObjectMetaUpdate(pvc.metadata, old.metadata);
  if (!pvc.metadata?.resourceVersion) errs.push(fieldErrors.required("resourceVersion"));
  if ((pvc.spec?.accessModes ?? []).length === 0) errs.push(fieldErrors.required("Spec.accessModes"));
  const capacityPath = FieldPath.root("status").child("capacity");
  for (const [name, value] of Object.entries(pvc.status?.capacity ?? {})) {
    const parsed = parseQuantityAt(value, capacityPath.key(name));
    errs.push(...(parsed.ok ? validateBasicResource(parsed.q, capacityPath.key(name)) : parsed.errs));
  }
  const resizePath = FieldPath.root("status").child("allocatedResourceStatus");
  for (const [name, state] of Object.entries(pvc.status?.allocatedResourceStatuses ?? {})) {
    errs.push(...validateClaimResourceKey(name, resizePath));
    if (!resizeStatuses.includes(state)) errs.push(fieldErrors.notSupported(resizePath, name, resizeStatuses));
  }
  const allocatedPath = FieldPath.root("status").child("allocatedResources");
  for (const [name, value] of Object.entries(pvc.status?.allocatedResources ?? {})) {
    const keyErrs = validateClaimResourceKey(name, allocatedPath);
    if (keyErrs.length > 0) {
      errs.push(...keyErrs);
      continue;
    }
    const at = allocatedPath.key(name);
    const parsed = parseQuantityAt(value, at);
    if (!parsed.ok) errs.push(...parsed.errs);
    else errs.push(...(validateBasicResource(parsed.q, at).length > 0 ? validateBasicResource(parsed.q, at) : validateNonnegativeQuantity(parsed.q, at)));
  }
  return errs;
}

/** validatePersistentVolumeClaimResourceKey: a qualified name; of the native resources only storage. */
function validateClaimResourceKey(name: string, p: FieldPath): FieldError[] {
  const errs = fromMessages(p, name, isQualifiedName(name));
  if (errs.length > 0) return errs;
  const native = !name.includes("/") || name.includes("kubernetes.io/");
  return native && name !== "storage" ? [fieldErrors.notSupported(p, name, ["storage"])] : [];
}
