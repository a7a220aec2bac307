import type { Lease, LeaseSpec } from "kubernetes-types/coordination/v1.js";
import { type FieldError, fieldErrors } from "../field-errors.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";

export const leaseInfo: ResourceInfo = {
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  resource: "leases",
  singular: "lease",
  listKind: "LeaseList",
  namespaced: true,
  shortNames: [],
  categories: [],
  subresources: [],
  verbs: allVerbs,
  storage: { group: "coordination.k8s.io", resource: "leases", version: "v1", kind: "Lease" },
};

/**
 * The coordinated leader election fields (strategy, preferredHolder) belong to an alpha feature
 * that is off in v1.32: dropped unless the stored lease already uses them, as upstream's
 * dropDisabledFields does.
 */
function dropDisabledFields(lease: Lease, old: Lease | undefined): void {
  const spec = lease.spec;
  if (!spec) return;
  const oldSpec: LeaseSpec & { strategy?: string; preferredHolder?: string } = old?.spec ?? {};
  const fields = spec as LeaseSpec & { strategy?: string; preferredHolder?: string };
  if (oldSpec.strategy === undefined) delete fields.strategy;
  if (oldSpec.preferredHolder === undefined) delete fields.preferredHolder;
}

/** ValidateLeaseSpec: durations positive, transitions non-negative. */
function validateLeaseSpec(spec: LeaseSpec | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const duration = spec?.leaseDurationSeconds;
  if (duration !== undefined && duration <= 0) errs.push(fieldErrors.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
  const transitions = spec?.leaseTransitions;
  if (transitions !== undefined && transitions < 0) {
    errs.push(fieldErrors.invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
  }
  return errs;
}

const leaseTable: TablePrinter<Lease> = {
  columns: [nameColumn, stringColumn("Holder", "holderIdentity contains the identity of the holder of a current lease."), ageColumn],
  cells: (l, now) => [l.metadata?.name ?? "", l.spec?.holderIdentity ?? "", ageCell(l.metadata?.creationTimestamp, now)],
};

export const leaseStrategy: Strategy<Lease> = {
  applyDefaults() {},
  prepareForCreate: (lease) => dropDisabledFields(lease, undefined),
  prepareForUpdate: dropDisabledFields,
  validate: (lease) => [...validateObjectMeta(lease.metadata, { namespaced: true }), ...validateLeaseSpec(lease.spec)],
  validateUpdate: (lease, old) => validateObjectMetaUpdate(lease.metadata, old.metadata),
  table: leaseTable,
};

export const leaseDefinition: ResourceDefinition<Lease> = { info: leaseInfo, strategy: leaseStrategy };
