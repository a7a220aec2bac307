import type { PersistentVolumeClaim, PersistentVolumeClaimSpec, TypedLocalObjectReference, TypedObjectReference } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors, PrintedValue } from "../field-errors.js";
import { fromMessages } from "../validation/generic.js";
import { validateLabelSelector } from "../validation/label-selector.js";
import { validateObjectMeta } from "../validation/object-meta.js";
import { isDNS1123Subdomain, nameIsDNSLabel, nameIsDNSSubdomain } from "../../util/names.js";
import { validateAccessModeValues } from "./persistent-volume-access-modes.js";
import { parseQuantityAt, validatePositiveQuantity } from "./persistent-volume-resources.js";

/** ValidatePersistentVolumeClaim and ValidatePersistentVolumeClaimSpec (pkg/apis/core/validation). */

export interface ClaimSpecValidationOptions {
  /** Keep checking volumeAttributesClassName (its feature is off in v1.32 unless the stored claim used it). */
  enableVolumeAttributesClass?: boolean;
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim, opts: ClaimSpecValidationOptions = {}): FieldError[] {
  const errs = validateObjectMeta(pvc.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  errs.push(...validatePersistentVolumeClaimSpec(pvc.spec ?? {}, FieldPath.root("spec"), opts));
  return errs;
}

/** Shared with the claim templates of StatefulSets. */
export function validatePersistentVolumeClaimSpec(spec: PersistentVolumeClaimSpec, p: FieldPath, opts: ClaimSpecValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const modes = spec.accessModes ?? [];
  if (modes.length === 0) errs.push(fieldErrors.required(p.child("accessModes"), "at least 1 access mode is required"));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
  errs.push(...validateAccessModeValues(modes, p.child("accessModes")));
  errs.push(...validateStorageRequest(spec, p));
  if (spec.storageClassName) {
    errs.push(...fromMessages(p.child("storageClassName"), spec.storageClassName, isDNS1123Subdomain(spec.storageClassName)));
  }
  if (spec.volumeMode !== undefined && !["Block", "Filesystem"].includes(spec.volumeMode)) {
    errs.push(fieldErrors.notSupported(p.child("volumeMode"), spec.volumeMode, ["Block", "Filesystem"]));
  }
  errs.push(...validateDataSources(spec, p));
  const vac = spec.volumeAttributesClassName;
  if (vac && opts.enableVolumeAttributesClass) errs.push(...fromMessages(p.child("volumeAttributesClassName"), vac, isDNS1123Subdomain(vac)));
  return errs;
}

/** The storage request is required and positive; upstream reports it at spec.resources[storage]. */
function validateStorageRequest(spec: PersistentVolumeClaimSpec, p: FieldPath): FieldError[] {
  const at = p.child("resources").key("storage");
  const raw = spec.resources?.requests?.["storage"];
  if (raw === undefined) return [fieldErrors.required(at)];
  const parsed = parseQuantityAt(raw, at);
  return parsed.ok ? validatePositiveQuantity(parsed.q, at) : parsed.errs;
}

function validateDataSources(spec: PersistentVolumeClaimSpec, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ds = spec.dataSource;
  const ref = spec.dataSourceRef;
  if (ds) errs.push(...validateDataSourceRef(ds, p.child("dataSource")));
  if (ref) errs.push(...validateDataSourceRef(ref, p.child("dataSourceRef")));
  // Upstream passes the field path itself as the value; Go prints it bare.
  const dsPath = p.child("dataSource").toString();
  const dsValue = new PrintedValue(dsPath, dsPath);
  if (ref?.namespace) {
    if (ds) errs.push(fieldErrors.invalid(p, dsValue, "may not be specified when dataSourceRef.namespace is specified"));
  } else if (ds && ref && !(ds.apiGroup === ref.apiGroup && ds.kind === ref.kind && ds.name === ref.name)) {
    errs.push(fieldErrors.invalid(p, dsValue, "must match dataSourceRef"));
  }
  return errs;
}

/** validateDataSource / validateDataSourceRef: name and kind required, core sources are PVCs. */
function validateDataSourceRef(ref: TypedLocalObjectReference | TypedObjectReference, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!ref.name) errs.push(fieldErrors.required(p.child("name")));
  if (!ref.kind) errs.push(fieldErrors.required(p.child("kind")));
  const apiGroup = ref.apiGroup ?? "";
  if (apiGroup === "" && ref.kind !== "PersistentVolumeClaim") {
    errs.push(fieldErrors.invalid(p, ref.kind ?? "", "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup !== "") errs.push(...fromMessages(p.child("apiGroup"), apiGroup, isDNS1123Subdomain(apiGroup)));
  const namespace = "namespace" in ref ? ref.namespace : undefined;
  if (namespace) errs.push(...fromMessages(p.child("namespace"), namespace, nameIsDNSLabel(namespace, false)));
  return errs;
}
