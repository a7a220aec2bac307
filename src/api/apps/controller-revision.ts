import type { ControllerRevision } from "kubernetes-types/apps/v1.js";
import { type FieldError, fieldErrors, path } from "../field-errors.js";
import { controllerRef } from "../object.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { validateImmutable, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";

export const controllerRevisionInfo: ResourceInfo = {
  group: "apps",
  version: "v1",
  kind: "ControllerRevision",
  resource: "controllerrevisions",
  singular: "controllerrevision",
  listKind: "ControllerRevisionList",
  namespaced: true,
  shortNames: [],
  categories: [],
  subresources: [],
  verbs: allVerbs,
  storage: { group: "apps", resource: "controllerrevisions", version: "v1", kind: "ControllerRevision" },
};

/** ValidateControllerRevision: metadata, data present, revision not negative. */
export function validateControllerRevision(cr: ControllerRevision): FieldError[] {
  const errs = validateObjectMeta(cr.metadata, { namespaced: true });
  if (cr.data === undefined || cr.data === null) errs.push(fieldErrors.required(path("data"), "data is mandatory"));
  errs.push(...validateNonnegative(cr.revision, path("revision")));
  return errs;
}

/** ValidateControllerRevisionUpdate's own part: data is immutable. */
export function validateControllerRevisionUpdate(cr: ControllerRevision, old: ControllerRevision): FieldError[] {
  return [...validateObjectMetaUpdate(cr.metadata, old.metadata), ...validateImmutable(cr.data, old.data, path("data"))];
}

/** "statefulset.apps/web": the owning controller as upstream's printers.FormatResourceName with its kind. */
function controllerName(cr: ControllerRevision): string {
  const ref = controllerRef(cr);
  if (!ref) return "<none>";
  const apiVersion = ref.apiVersion ?? "";
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  const kind = group ? `${ref.kind}.${group}` : ref.kind;
  return kind ? `${kind.toLowerCase()}/${ref.name}` : ref.name;
}

export const controllerRevisionTable: TablePrinter<ControllerRevision> = {
  columns: [
    nameColumn,
    stringColumn("Controller", "Controller of the object"),
    stringColumn("Revision", "Revision indicates the revision of the state represented by Data."),
    ageColumn,
  ],
  cells: (cr, now) => [cr.metadata?.name ?? "", controllerName(cr), cr.revision ?? 0, ageCell(cr.metadata?.creationTimestamp, now)],
};

/** pkg/registry/apps/controllerrevision's strategy: nothing to prepare, revision always written. */
export const controllerRevisionStrategy: Strategy<ControllerRevision> = {
  applyDefaults(cr) {
    // Go writes the non-pointer revision even when 0.
    cr.revision ??= 0;
  },
  prepareForCreate() {},
  prepareForUpdate() {},
  validate: validateControllerRevision,
  validateUpdate: validateControllerRevisionUpdate,
  table: controllerRevisionTable,
};

export const controllerRevisionDefinition: ResourceDefinition<ControllerRevision> = {
  info: controllerRevisionInfo,
  strategy: controllerRevisionStrategy,
};
