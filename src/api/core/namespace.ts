import type { Namespace } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { ageCell } from "../printers/time.js";
import { type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { fromMessages } from "../validation/generic.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { isQualifiedName, nameIsDNSLabel } from "../../util/names.js";

export const namespaceInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "Namespace",
  resource: "namespaces",
  singular: "namespace",
  listKind: "NamespaceList",
  namespaced: false,
  shortNames: ["ns"],
  categories: [],
  subresources: ["status", "finalize"],
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  storage: { group: "", resource: "namespaces", version: "v1", kind: "Namespace" },
};

/** The finalizer the namespace controller removes once the namespace's content is gone. */
export const kubernetesFinalizer = "kubernetes";

/** Label every namespace carries with its own name (so namespace selectors can pick one by name). */
export const metadataNameLabel = "kubernetes.io/metadata.name";

/** SetDefaults_Namespace + SetDefaults_NamespaceStatus; the label needs the final name, so it runs again in prepare. */
function defaultNamespace(ns: Namespace): void {
  const name = ns.metadata?.name;
  if (name) {
    ns.metadata ??= {};
    ns.metadata.labels = { ...ns.metadata.labels, [metadataNameLabel]: name };
  }
  ns.status ??= {};
  ns.status.phase ||= "Active";
}

/** On create a namespace is Active and always carries the "kubernetes" finalizer. */
function prepareNamespaceForCreate(ns: Namespace): void {
  ns.status = { phase: "Active" };
  ns.spec ??= {};
  const finalizers = ns.spec.finalizers ?? [];
  if (!finalizers.includes(kubernetesFinalizer)) ns.spec.finalizers = [...finalizers, kubernetesFinalizer];
  defaultNamespace(ns);
}

/** Finalizers and status change only through the finalize and status subresources. */
function prepareNamespaceForUpdate(ns: Namespace, old: Namespace): void {
  ns.spec = { ...ns.spec };
  if (old.spec?.finalizers) ns.spec.finalizers = old.spec.finalizers;
  else delete ns.spec.finalizers;
  ns.status = old.status ?? {};
  defaultNamespace(ns);
}

/** ValidateNamespace: a DNS-1123 label name, finalizer names checked at spec.finalizers (no index, as upstream). */
function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameValidator: nameIsDNSLabel });
  for (const f of ns.spec?.finalizers ?? []) errs.push(...validateFinalizerName(f, "spec.finalizers"));
  return errs;
}

function validateFinalizerName(name: string, p: FieldPath | string): FieldError[] {
  const errs = fromMessages(p, name, isQualifiedName(name));
  const standard = ["kubernetes", "orphan", "foregroundDeletion"];
  if (!name.includes("/") && !standard.includes(name)) {
    errs.push(fieldErrors.invalid(p, name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

/** ValidateNamespaceStatusUpdate: the phase follows deletionTimestamp. */
function validateNamespaceStatusUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = ns.status?.phase ?? "";
  if (!ns.metadata?.deletionTimestamp) {
    if (phase !== "Active") errs.push(fieldErrors.invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== "Terminating") {
    errs.push(fieldErrors.invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

const namespaceTable: TablePrinter<Namespace> = {
  columns: [nameColumn, stringColumn("Status", "The status of the namespace"), ageColumn],
  cells: (ns, now) => [ns.metadata?.name ?? "", ns.status?.phase ?? "", ageCell(ns.metadata?.creationTimestamp, now)],
};

export const namespaceStrategy: Strategy<Namespace> = {
  applyDefaults: defaultNamespace,
  prepareForCreate: prepareNamespaceForCreate,
  prepareForUpdate: prepareNamespaceForUpdate,
  validate: validateNamespace,
  validateUpdate: (ns, old) => validateObjectMetaUpdate(ns.metadata, old.metadata),
  status: {
    prepareForUpdate(ns, old) {
      ns.spec = old.spec ?? {};
    },
    validateUpdate: validateNamespaceStatusUpdate,
  },
  finalize: {
    prepareForUpdate(ns, old) {
      ns.status = old.status ?? {};
    },
  },
  // Upstream's namespace REST marks the phase as it records the deletion.
  prepareForDelete(ns) {
    ns.status = { ...ns.status, phase: "Terminating" };
  },
  specFinalizers: (ns) => ns.spec?.finalizers ?? [],
  table: namespaceTable,
  // AddFieldLabelConversionsForNamespace admits status.phase besides the metadata fields.
  selectableFields: (ns) => ({ "status.phase": ns.status?.phase ?? "" }),
};

export const namespaceDefinition: ResourceDefinition<Namespace> = { info: namespaceInfo, strategy: namespaceStrategy };
