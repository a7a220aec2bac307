import type { Secret } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { validateConfigMapKey, validateImmutable } from "../validation/generic.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { maxDataSize } from "./config-map.js";
import { decodeBase64Strict } from "./secret-base64.js";

export const secretInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "Secret",
  resource: "secrets",
  singular: "secret",
  listKind: "SecretList",
  namespaced: true,
  shortNames: [],
  categories: [],
  subresources: [],
  verbs: allVerbs,
  storage: { group: "", resource: "secrets", version: "v1", kind: "Secret" },
};

/**
 * SetDefaults_Secret (type Opaque) plus what upstream's v1 → internal conversion does with the
 * write-only stringData: each entry overwrites data[key] (base64 of its UTF-8), and it is dropped.
 */
function defaultSecret(secret: Secret): void {
  secret.type ||= "Opaque";
  if (secret.stringData && Object.keys(secret.stringData).length > 0) {
    secret.data = { ...secret.data };
    for (const [k, v] of Object.entries(secret.stringData)) secret.data[k] = Buffer.from(v, "utf8").toString("base64");
  }
  delete secret.stringData;
}

const dataPath = FieldPath.root("data");

/** ValidateSecret: config keys, at most 1 MiB of data, and the keys each well-known type requires. */
function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, { namespaced: true });
  const decoded = new Map<string, Buffer>();
  let totalSize = 0;
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    errs.push(...validateConfigMapKey(key, dataPath.key(key)));
    const bytes = decodeBase64Strict(value);
    // Upstream cannot even decode such a body; we refuse it here rather than store it.
    if (typeof bytes === "string") errs.push(fieldErrors.invalid(dataPath.key(key), redacted, bytes));
    else decoded.set(key, bytes);
    totalSize += typeof bytes === "string" ? 0 : bytes.length;
  }
  if (totalSize > maxDataSize) errs.push(fieldErrors.tooLong(dataPath, "", maxDataSize));
  errs.push(...validateSecretType(secret, decoded));
  return errs;
}

const redacted = "<secret contents redacted>";

function validateSecretType(secret: Secret, data: Map<string, Buffer>): FieldError[] {
  const required = (key: string): FieldError => fieldErrors.required(dataPath.key(key));
  switch (secret.type) {
    case "kubernetes.io/service-account-token": {
      const key = "kubernetes.io/service-account.name";
      if (!secret.metadata?.annotations?.[key]) return [fieldErrors.required(FieldPath.root("metadata").child("annotations").key(key))];
      return [];
    }
    case "kubernetes.io/dockercfg":
      return validateJSONKey(data, ".dockercfg");
    case "kubernetes.io/dockerconfigjson":
      return validateJSONKey(data, ".dockerconfigjson");
    case "kubernetes.io/basic-auth":
      // Either may be empty, but one of them must be there.
      return data.has("username") || data.has("password") ? [] : [required("username"), required("password")];
    case "kubernetes.io/ssh-auth":
      return (data.get("ssh-privatekey")?.length ?? 0) > 0 ? [] : [required("ssh-privatekey")];
    case "kubernetes.io/tls":
      return ["tls.crt", "tls.key"].filter((k) => !data.has(k)).map(required);
    default:
      return [];
  }
}

function validateJSONKey(data: Map<string, Buffer>, key: string): FieldError[] {
  const value = data.get(key);
  if (value === undefined) return [fieldErrors.required(dataPath.key(key))];
  try {
    const parsed: unknown = JSON.parse(value.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return [];
    return [fieldErrors.invalid(dataPath.key(key), redacted, "json: cannot unmarshal value into Go value of type map[string]interface {}")];
  } catch (err) {
    return [fieldErrors.invalid(dataPath.key(key), redacted, err instanceof Error ? err.message : String(err))];
  }
}

/** ValidateSecretUpdate: the type never changes; an immutable secret's data is frozen. */
function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  errs.push(...validateImmutable(secret.type ?? "", old.type ?? "", "type"));
  if (old.immutable === true) {
    const frozen = "field is immutable when `immutable` is set";
    if (secret.immutable !== true) errs.push(fieldErrors.forbidden("immutable", frozen));
    if (!semanticEqual(secret.data, old.data)) errs.push(fieldErrors.forbidden("data", frozen));
  }
  return errs;
}

const secretTable: TablePrinter<Secret> = {
  columns: [
    nameColumn,
    stringColumn("Type", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
    stringColumn(
      "Data",
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    ),
    ageColumn,
  ],
  cells: (s, now) => [s.metadata?.name ?? "", s.type ?? "", Object.keys(s.data ?? {}).length, ageCell(s.metadata?.creationTimestamp, now)],
};

export const secretStrategy: Strategy<Secret> = {
  applyDefaults: defaultSecret,
  prepareForCreate() {},
  prepareForUpdate() {},
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
  table: secretTable,
  selectableFields: (s) => ({ type: s.type ?? "" }),
};

export const secretDefinition: ResourceDefinition<Secret> = { info: secretInfo, strategy: secretStrategy };
