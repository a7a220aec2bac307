import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from "kubernetes-types/core/v1.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { accessModesAsString } from "./persistent-volume-access-modes.js";
import {
  betaStorageClassAnnotation,
  validatePersistentVolumeClaimStatusUpdate,
  validatePersistentVolumeClaimUpdate,
} from "./persistent-volume-claim-update.js";
import { validatePersistentVolumeClaim } from "./persistent-volume-claim-validation.js";
import { defaultResourceList, quantityString } from "./persistent-volume-resources.js";

/** The claim with its status writable: kubernetes-types marks status read-only, the strategy owns it. */
type Claim = { -readonly [K in keyof PersistentVolumeClaim]: PersistentVolumeClaim[K] };

export const persistentVolumeClaimInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "PersistentVolumeClaim",
  resource: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  listKind: "PersistentVolumeClaimList",
  namespaced: true,
  shortNames: ["pvc"],
  categories: [],
  subresources: ["status"],
  verbs: allVerbs,
  storage: { group: "", resource: "persistentvolumeclaims", version: "v1", kind: "PersistentVolumeClaim" },
};

/** SetDefaults_PersistentVolumeClaimSpec (also for claim templates): volumeMode Filesystem, canonical quantities. */
export function defaultPersistentVolumeClaimSpec(spec: PersistentVolumeClaimSpec): void {
  spec.volumeMode ??= "Filesystem";
  defaultResourceList(spec.resources?.requests);
  defaultResourceList(spec.resources?.limits);
}

function defaultPersistentVolumeClaim(pvc: Claim): void {
  pvc.spec ??= {};
  defaultPersistentVolumeClaimSpec(pvc.spec);
  pvc.status ??= {};
  pvc.status.phase ||= "Pending";
  defaultResourceList(pvc.status.capacity);
  defaultResourceList(pvc.status.allocatedResources);
}

/**
 * Drops the fields of features off in v1.32 (volumeAttributesClassName, cross-namespace data
 * sources) unless the stored claim already uses them, then mirrors dataSource and
 * dataSourceRef into each other as NormalizeDataSources does.
 */
function dropDisabledFields(spec: PersistentVolumeClaimSpec, old: PersistentVolumeClaimSpec | undefined): void {
  if (old?.volumeAttributesClassName === undefined) delete spec.volumeAttributesClassName;
  if (spec.dataSourceRef?.namespace !== undefined && old?.dataSourceRef?.namespace === undefined) {
    spec.dataSourceRef = { ...spec.dataSourceRef };
    delete spec.dataSourceRef.namespace;
  }
  if (spec.dataSource && !spec.dataSourceRef) spec.dataSourceRef = { ...spec.dataSource };
  else if (spec.dataSourceRef && !spec.dataSource && !spec.dataSourceRef.namespace) {
    const { namespace: _namespace, ...local } = spec.dataSourceRef;
    spec.dataSource = local;
  }
}

const persistentVolumeClaimTable: TablePrinter<Claim> = {
  columns: [
    nameColumn,
    stringColumn("Status", "phase represents the current phase of PersistentVolumeClaim."),
    stringColumn("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
    stringColumn("Capacity", "capacity represents the actual resources of the underlying volume."),
    stringColumn(
      "Access Modes",
      "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1",
    ),
    stringColumn("StorageClass", "StorageClass of the pvc"),
    stringColumn("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
    ageColumn,
    stringColumn("VolumeMode", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.", 1),
  ],
  cells(pvc, now) {
    const bound = Boolean(pvc.spec?.volumeName);
    return [
      pvc.metadata?.name ?? "",
      pvc.metadata?.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? ""),
      pvc.spec?.volumeName ?? "",
      bound ? quantityString(pvc.status?.capacity, "storage") : "",
      bound ? accessModesAsString(pvc.status?.accessModes) : "",
      claimClass(pvc),
      pvc.spec?.volumeAttributesClassName ?? "<unset>",
      ageCell(pvc.metadata?.creationTimestamp, now),
      pvc.spec?.volumeMode ?? "<unset>",
    ];
  },
};

/** helper.GetPersistentVolumeClaimClass: the beta annotation wins over the field. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.[betaStorageClassAnnotation] ?? pvc.spec?.storageClassName ?? "";
}

export const persistentVolumeClaimStrategy: Strategy<Claim> = {
  applyDefaults: defaultPersistentVolumeClaim,
  // Status is the controllers' to write; a new claim is Pending.
  prepareForCreate(pvc) {
    pvc.status = { phase: "Pending" };
    pvc.spec ??= {};
    dropDisabledFields(pvc.spec, undefined);
  },
  prepareForUpdate(pvc, old) {
    pvc.status = old.status ?? {};
    pvc.spec ??= {};
    dropDisabledFields(pvc.spec, old.spec);
  },
  validate: (pvc) => validatePersistentVolumeClaim(pvc, { enableVolumeAttributesClass: pvc.spec?.volumeAttributesClassName !== undefined }),
  validateUpdate: validatePersistentVolumeClaimUpdate,
  status: {
    prepareForUpdate(pvc, old) {
      pvc.spec = old.spec ?? {};
    },
    validateUpdate: validatePersistentVolumeClaimStatusUpdate,
  },
  // No field label conversion upstream: only the metadata fields select claims.
  table: persistentVolumeClaimTable,
};

export const persistentVolumeClaimDefinition: ResourceDefinition<Claim> = {
  info: persistentVolumeClaimInfo,
  strategy: persistentVolumeClaimStrategy,
};
