import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { validateConfigMapKey } from "../validation/generic.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";

export const configMapInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  resource: "configmaps",
  singular: "configmap",
  listKind: "ConfigMapList",
  namespaced: true,
  shortNames: ["cm"],
  categories: [],
  subresources: [],
  verbs: allVerbs,
  storage: { group: "", resource: "configmaps", version: "v1", kind: "ConfigMap" },
};

/** core.MaxSecretSize: the cap on a ConfigMap's or Secret's data, 1 MiB. */
export const maxDataSize = 1024 * 1024;

const dataPath = FieldPath.root("data");
const binaryDataPath = FieldPath.root("binaryData");

/** ValidateConfigMap: keys are config keys, data and binaryData keys do not overlap, at most 1 MiB in all. */
function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, { namespaced: true });
  let totalSize = 0;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    errs.push(...validateConfigMapKey(key, dataPath.key(key)));
    if (cm.binaryData && key in cm.binaryData) {
      errs.push(fieldErrors.invalid(dataPath.key(key), key, "duplicate of key present in binaryData"));
    }
    totalSize += Buffer.byteLength(value);
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    errs.push(...validateConfigMapKey(key, binaryDataPath.key(key)));
    totalSize += Buffer.from(value, "base64").length;
  }
  // Upstream reports the size at the empty path: it concerns the whole object.
  if (totalSize > maxDataSize) errs.push(fieldErrors.tooLong(FieldPath.root(""), "", maxDataSize));
  return errs;
}

/** ValidateConfigMapUpdate: once immutable, a ConfigMap's data and immutability are frozen. */
function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    const frozen = "field is immutable when `immutable` is set";
    if (cm.immutable !== true) errs.push(fieldErrors.forbidden("immutable", frozen));
    if (!semanticEqual(cm.data, old.data)) errs.push(fieldErrors.forbidden("data", frozen));
    if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(fieldErrors.forbidden("binaryData", frozen));
  }
  return errs;
}

const configMapTable: TablePrinter<ConfigMap> = {
  columns: [
    nameColumn,
    stringColumn(
      "Data",
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    ageColumn,
  ],
  cells: (cm, now) => [
    cm.metadata?.name ?? "",
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    ageCell(cm.metadata?.creationTimestamp, now),
  ],
};

export const configMapStrategy: Strategy<ConfigMap> = {
  applyDefaults() {},
  prepareForCreate() {},
  prepareForUpdate() {},
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
  table: configMapTable,
};

export const configMapDefinition: ResourceDefinition<ConfigMap> = { info: configMapInfo, strategy: configMapStrategy };
