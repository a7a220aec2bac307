import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { accessModesAsString } from "./persistent-volume-access-modes.js";
import { betaStorageClassAnnotation } from "./persistent-volume-claim-update.js";
import { defaultResourceList, quantityString } from "./persistent-volume-resources.js";
import { validatePersistentVolume, validatePersistentVolumeStatusUpdate, validatePersistentVolumeUpdate } from "./persistent-volume-validation.js";

/** The volume with its status writable: kubernetes-types marks status read-only, the strategy owns it. */
type Volume = { -readonly [K in keyof PersistentVolume]: PersistentVolume[K] };

export const persistentVolumeInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "PersistentVolume",
  resource: "persistentvolumes",
  singular: "persistentvolume",
  listKind: "PersistentVolumeList",
  namespaced: false,
  shortNames: ["pv"],
  categories: [],
  subresources: ["status"],
  verbs: allVerbs,
  storage: { group: "", resource: "persistentvolumes", version: "v1", kind: "PersistentVolume" },
};

/** SetDefaults_PersistentVolume (+ HostPathVolumeSource and ResourceList defaults). */
function defaultPersistentVolume(pv: Volume): void {
  pv.spec ??= {};
  pv.spec.persistentVolumeReclaimPolicy ||= "Retain";
  pv.spec.volumeMode ??= "Filesystem";
  if (pv.spec.hostPath) pv.spec.hostPath.type ??= "";
  defaultResourceList(pv.spec.capacity);
  pv.status ??= {};
  pv.status.phase ||= "Pending";
}

const persistentVolumeTable: TablePrinter<Volume> = {
  columns: [
    nameColumn,
    stringColumn("Capacity", "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
    stringColumn("Access Modes", "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
    stringColumn(
      "Reclaim Policy",
      "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming",
    ),
    stringColumn("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
    stringColumn(
      "Claim",
      "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding",
    ),
    stringColumn("StorageClass", "StorageClass of the pv"),
    stringColumn("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
    stringColumn("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
    ageColumn,
    stringColumn(
      "VolumeMode",
      "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.",
      1,
    ),
  ],
  cells(pv, now) {
    const claim = pv.spec?.claimRef;
    return [
      pv.metadata?.name ?? "",
      quantityString(pv.spec?.capacity, "storage"),
      accessModesAsString(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? "",
      pv.metadata?.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? ""),
      claim ? `${claim.namespace ?? ""}/${claim.name ?? ""}` : "",
      volumeClass(pv),
      pv.spec?.volumeAttributesClassName ?? "<unset>",
      pv.status?.reason ?? "",
      ageCell(pv.metadata?.creationTimestamp, now),
      pv.spec?.volumeMode ?? "<unset>",
    ];
  },
};

/** helper.GetPersistentVolumeClass: the beta annotation wins over the field. */
export function volumeClass(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.[betaStorageClassAnnotation] ?? pv.spec?.storageClassName ?? "";
}

/**
 * Upstream stamps status.lastPhaseTransitionTime with the server's clock on a phase change;
 * strategies here get no clock, so a phase change keeps what the writer (the volume controller)
 * sends, and an unchanged phase keeps the stored time.
 */
function preparePersistentVolumeStatusUpdate(pv: Volume, old: Volume): void {
  pv.spec = old.spec ?? {};
  const status = (pv.status ??= {});
  if (status.phase === old.status?.phase && status.lastPhaseTransitionTime === undefined && old.status?.lastPhaseTransitionTime !== undefined) {
    status.lastPhaseTransitionTime = old.status.lastPhaseTransitionTime;
  }
}

export const persistentVolumeStrategy: Strategy<Volume> = {
  applyDefaults: defaultPersistentVolume,
  // A new volume is Pending since its creation (the registry sets creationTimestamp first).
  prepareForCreate(pv) {
    const created = pv.metadata?.creationTimestamp;
    pv.status = created ? { phase: "Pending", lastPhaseTransitionTime: created } : { phase: "Pending" };
  },
  prepareForUpdate(pv, old) {
    pv.status = old.status ?? {};
  },
  validate: validatePersistentVolume,
  validateUpdate: validatePersistentVolumeUpdate,
  status: { prepareForUpdate: preparePersistentVolumeStatusUpdate, validateUpdate: validatePersistentVolumeStatusUpdate },
  table: persistentVolumeTable,
  // Upstream's conversion for PVs admits metadata.name only, refusing others as "field label not supported".
  selectableFields: () => ({}),
};

export const persistentVolumeDefinition: ResourceDefinition<Volume> = { info: persistentVolumeInfo, strategy: persistentVolumeStrategy };
