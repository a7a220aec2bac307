import type { TopologySelectorTerm } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { validateImmutable, validateLabelName, validateQualifiedName } from "../validation/generic.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { ageColumn, nameColumn, stringColumn } from "./metadata-columns.js";

export const storageClassInfo: ResourceInfo = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "StorageClass",
  resource: "storageclasses",
  singular: "storageclass",
  listKind: "StorageClassList",
  namespaced: false,
  shortNames: ["sc"],
  categories: [],
  subresources: [],
  verbs: allVerbs,
  storage: { group: "storage.k8s.io", resource: "storageclasses", version: "v1", kind: "StorageClass" },
};

/** The annotations that make a class the default for claims naming none (GA, then the old beta one). */
export const defaultClassAnnotations = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

export function isDefaultStorageClass(sc: StorageClass): boolean {
  return defaultClassAnnotations.some((a) => sc.metadata?.annotations?.[a] === "true");
}

/** storage/v1 SetDefaults_StorageClass. */
function defaultStorageClass(sc: StorageClass): void {
  sc.reclaimPolicy ??= "Delete";
  sc.volumeBindingMode ??= "Immediate";
}

const maxParameterCount = 512;
const maxParameterSize = 256 * 1024;

/** ValidateStorageClass. */
function validateStorageClass(sc: StorageClass): FieldError[] {
  const errs = validateObjectMeta(sc.metadata, { namespaced: false });
  const provisioner = sc.provisioner ?? "";
  if (provisioner === "") errs.push(fieldErrors.required("provisioner"));
  else errs.push(...validateQualifiedName(provisioner.toLowerCase(), "provisioner").map((e) => ({ ...e, badValue: provisioner })));
  errs.push(...validateParameters(sc.parameters));
  if (sc.reclaimPolicy && !["Delete", "Retain"].includes(sc.reclaimPolicy)) {
    errs.push(fieldErrors.notSupported("reclaimPolicy", sc.reclaimPolicy, ["Delete", "Retain"]));
  }
  if (sc.volumeBindingMode === undefined) errs.push(fieldErrors.required("volumeBindingMode"));
  else if (!["Immediate", "WaitForFirstConsumer"].includes(sc.volumeBindingMode)) {
    errs.push(fieldErrors.notSupported("volumeBindingMode", sc.volumeBindingMode, ["Immediate", "WaitForFirstConsumer"]));
  }
  errs.push(...validateAllowedTopologies(sc.allowedTopologies ?? [], FieldPath.root("allowedTopologies")));
  return errs;
}

function validateParameters(params: Readonly<Record<string, string>> | undefined): FieldError[] {
  const entries = Object.entries(params ?? {});
  if (entries.length > maxParameterCount) return [fieldErrors.tooLong("parameters", "Provisioner Parameters exceeded max allowed", maxParameterCount)];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entries) {
    if (k.length < 1) errs.push(fieldErrors.invalid("parameters", k, "field can not be empty."));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > maxParameterSize) errs.push(fieldErrors.tooLong("parameters", "", maxParameterSize));
  return errs;
}

/** validateAllowedTopologies: each term's expressions are sets keyed by label name, no two terms alike. */
function validateAllowedTopologies(terms: readonly TopologySelectorTerm[], p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  // Upstream starts its list with one empty entry per term, so a term without expressions
  // always counts as a duplicate; kept for identical answers.
  const seen: Array<Record<string, string[]>> = terms.map(() => ({}));
  terms.forEach((term, i) => {
    const exprPath = p.index(i).child("matchLabelExpressions");
    const byKey: Record<string, string[]> = {};
    (term.matchLabelExpressions ?? []).forEach((req, j) => {
      const at = exprPath.index(j);
      const values = req.values ?? [];
      if (values.length === 0) errs.push(fieldErrors.required(at.child("values")));
      values.forEach((v, k) => {
        if (values.indexOf(v) < k) errs.push(fieldErrors.duplicate(at.child("values").index(k), v));
      });
      errs.push(...validateLabelName(req.key, at.child("key")));
      if (req.key in byKey) errs.push(fieldErrors.duplicate(at.child("key"), req.key));
      byKey[req.key] = [...new Set(values)].sort();
    });
    if (seen.some((other) => sameTerm(other, byKey))) errs.push(fieldErrors.duplicate(exprPath, ""));
    seen.push(byKey);
  });
  return errs;
}

/** Two terms as Go compares their maps of sets: same keys, same values (a key with no values still counts). */
function sameTerm(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  const canonical = (t: Record<string, string[]>): string => JSON.stringify(Object.entries(t).sort(([x], [y]) => (x < y ? -1 : 1)));
  return canonical(a) === canonical(b);
}

/** ValidateStorageClassUpdate: everything that shapes provisioned volumes is fixed. */
function validateStorageClassUpdate(sc: StorageClass, old: StorageClass): FieldError[] {
  const errs = validateObjectMetaUpdate(sc.metadata, old.metadata);
  if (!semanticEqual(sc.parameters, old.parameters)) errs.push(fieldErrors.forbidden("parameters", "updates to parameters are forbidden."));
  if (sc.provisioner !== old.provisioner) errs.push(fieldErrors.forbidden("provisioner", "updates to provisioner are forbidden."));
  if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push(fieldErrors.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  errs.push(...validateImmutable(sc.volumeBindingMode, old.volumeBindingMode, "volumeBindingMode"));
  return errs;
}

const storageClassTable: TablePrinter<StorageClass> = {
  columns: [
    nameColumn,
    stringColumn("Provisioner", "provisioner indicates the type of the provisioner."),
    stringColumn("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
    stringColumn(
      "VolumeBindingMode",
      "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.",
    ),
    stringColumn("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."),
    ageColumn,
  ],
  cells: (sc, now) => [
    isDefaultStorageClass(sc) ? `${sc.metadata?.name ?? ""} (default)` : (sc.metadata?.name ?? ""),
    sc.provisioner ?? "",
    sc.reclaimPolicy ?? "Delete",
    sc.volumeBindingMode ?? "Immediate",
    sc.allowVolumeExpansion ?? false,
    ageCell(sc.metadata?.creationTimestamp, now),
  ],
};

export const storageClassStrategy: Strategy<StorageClass> = {
  applyDefaults: defaultStorageClass,
  prepareForCreate() {},
  prepareForUpdate() {},
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
  table: storageClassTable,
};

export const storageClassDefinition: ResourceDefinition<StorageClass> = { info: storageClassInfo, strategy: storageClassStrategy };
