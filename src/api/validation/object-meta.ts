import type { ManagedFieldsEntry, ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { isQualifiedName, nameIsDNSLabel, nameIsDNSSubdomain } from "../../util/names.js";
import { fromMessages, validateImmutable, validateLabels, validateNonnegative } from "./generic.js";

export {
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateDNS1035Label,
  validateImmutable,
  validateLabelName,
  validateLabels,
  validateNonnegative,
  validatePositive,
  validateQualifiedName,
  fieldImmutableErrorMsg,
  isNegativeErrorMsg,
} from "./generic.js";
export { validateLabelSelector } from "./label-selector.js";

/** A kind's name rule: problems with name (prefix: it is a generateName that gets a suffix). */
export type NameValidator = (name: string, prefix: boolean) => string[];

export interface ObjectMetaOptions {
  namespaced: boolean;
  /** Default: a DNS-1123 subdomain, as most kinds. */
  nameValidator?: NameValidator;
}

/** 256 KiB: the total size of all annotation keys and values. */
export const totalAnnotationSizeLimit = 256 * 1024;

const metadataPath = FieldPath.root("metadata");

/**
 * ValidateObjectMeta as the built-in kinds run it (pkg/apis/core/validation): name or
 * generateName, namespace iff namespaced, labels, annotations, ownerReferences, finalizers
 * (unqualified ones must be standard), managedFields.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: ObjectMetaOptions, p: FieldPath = metadataPath): FieldError[] {
  const m = meta ?? {};
  const nameFn = opts.nameValidator ?? nameIsDNSSubdomain;
  const errs: FieldError[] = [];
  if (m.generateName) errs.push(...fromMessages(p.child("generateName"), m.generateName, nameFn(m.generateName, true)));
  if (!m.name) errs.push(fieldErrors.required(p.child("name"), "name or generateName is required"));
  else errs.push(...fromMessages(p.child("name"), m.name, nameFn(m.name, false)));
  errs.push(...validateNamespaceField(m.namespace, opts.namespaced, p.child("namespace")));
  errs.push(...validateNonnegative(m.generation, p.child("generation")));
  errs.push(...validateMetaCommon(m, p));
  return errs;
}

/**
 * ValidateObjectMetaUpdate: identity fields are immutable, resourceVersion is required,
 * generation never goes down, no finalizer may be added once deletion began.
 */
export function validateObjectMetaUpdate(meta: ObjectMeta | undefined, old: ObjectMeta | undefined, p: FieldPath = metadataPath): FieldError[] {
  const m = meta ?? {};
  const o = old ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) errs.push(...validateNoNewFinalizers(m.finalizers, o.finalizers, p.child("finalizers")));
  if (!m.resourceVersion) errs.push(fieldErrors.invalid(p.child("resourceVersion"), m.resourceVersion ?? "", "must be specified for an update"));
  if ((m.generation ?? 0) < (o.generation ?? 0)) {
    errs.push(fieldErrors.invalid(p.child("generation"), m.generation ?? 0, "must not be decremented"));
  }
  for (const f of ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"] as const) {
    errs.push(...validateImmutable(m[f], o[f], p.child(f)));
  }
  errs.push(...validateMetaCommon(m, p));
  return errs;
}

function validateMetaCommon(m: ObjectMeta, p: FieldPath): FieldError[] {
  return [
    ...validateLabels(m.labels, p.child("labels")),
    ...validateAnnotations(m.annotations, p.child("annotations")),
    ...validateOwnerReferences(m.ownerReferences, p.child("ownerReferences")),
    ...validateFinalizers(m.finalizers, p.child("finalizers")),
    ...validateManagedFields(m.managedFields, p.child("managedFields")),
  ];
}

function validateNamespaceField(namespace: string | undefined, namespaced: boolean, p: FieldPath): FieldError[] {
  if (!namespaced) return namespace ? [fieldErrors.forbidden(p, "not allowed on this type")] : [];
  if (!namespace) return [fieldErrors.required(p)];
  return fromMessages(p, namespace, nameIsDNSLabel(namespace, false));
}

/** Keys are qualified names (case-insensitive); keys and values together at most 256 KiB. */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, p: FieldPath | string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    errs.push(...fromMessages(p, k, isQualifiedName(k.toLowerCase())));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > totalAnnotationSizeLimit) errs.push(fieldErrors.tooLong(p, "", totalAnnotationSizeLimit));
  return errs;
}

/** Events may not own anything (upstream's BannedOwners). */
const bannedOwners = new Set(["v1/Event"]);

export function validateOwnerReferences(refs: readonly OwnerReference[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, p));
    if (ref.controller !== true) continue;
    const current = `${ref.kind}/${ref.name}`;
    if (firstController) {
      const detail = `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`;
      errs.push(fieldErrors.invalid(p, refs, detail));
    } else {
      firstController = current;
    }
  }
  return errs;
}

function validateOwnerReference(ref: OwnerReference, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = ref.apiVersion ?? "";
  // the version: what follows the first "/", or the whole apiVersion of the core group
  const version = apiVersion.slice(apiVersion.indexOf("/") + 1);
  if (!version) errs.push(fieldErrors.invalid(p.child("apiVersion"), apiVersion, "version must not be empty"));
  if (!ref.kind) errs.push(fieldErrors.invalid(p.child("kind"), ref.kind ?? "", "must not be empty"));
  if (!ref.name) errs.push(fieldErrors.invalid(p.child("name"), ref.name ?? "", "must not be empty"));
  if (!ref.uid) errs.push(fieldErrors.invalid(p.child("uid"), ref.uid ?? "", "must not be empty"));
  if (bannedOwners.has(`${apiVersion}/${ref.kind}`)) {
    errs.push(fieldErrors.invalid(p, ref, `/${version}, Kind=${ref.kind} is disallowed from being an owner`));
  }
  return errs;
}

const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/**
 * Finalizer names are qualified names; orphan and foregroundDeletion exclude each other; on
 * built-in kinds a name without a '/' must be a standard one.
 */
export function validateFinalizers(finalizers: readonly string[] | undefined, p: FieldPath): FieldError[] {
  const list = finalizers ?? [];
  const errs: FieldError[] = [];
  for (const f of list) errs.push(...fromMessages(p, f, isQualifiedName(f)));
  if (list.includes("orphan") && list.includes("foregroundDeletion")) {
    errs.push(fieldErrors.invalid(p, list, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  list.forEach((f, i) => {
    if (!f.includes("/") && !standardFinalizers.has(f)) {
      errs.push(fieldErrors.invalid(p.index(i), f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
  });
  return errs;
}

function validateNoNewFinalizers(now: readonly string[] | undefined, before: readonly string[] | undefined, p: FieldPath): FieldError[] {
  const old = new Set(before ?? []);
  const extra = [...new Set(now ?? [])].filter((f) => !old.has(f)).sort();
  if (extra.length === 0) return [];
  const list = `[]string{${extra.map((f) => JSON.stringify(f)).join(", ")}}`;
  return [fieldErrors.forbidden(p, `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`)];
}

function validateManagedFields(entries: readonly ManagedFieldsEntry[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const at = p.index(i);
    if (e.operation !== "Apply" && e.operation !== "Update") {
      errs.push(fieldErrors.invalid(at.child("operation"), e.operation ?? "", "must be `Apply` or `Update`"));
    }
    if (e.fieldsType && e.fieldsType !== "FieldsV1") {
      errs.push(fieldErrors.invalid(at.child("fieldsType"), e.fieldsType, "must be `FieldsV1`"));
    }
  });
  return errs;
}
