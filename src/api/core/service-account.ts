import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import { ageCell } from "../printers/time.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy, type TablePrinter } from "../resource.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";

export const serviceAccountInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "ServiceAccount",
  resource: "serviceaccounts",
  singular: "serviceaccount",
  listKind: "ServiceAccountList",
  namespaced: true,
  shortNames: ["sa"],
  categories: [],
  subresources: [],
  verbs: allVerbs,
  storage: { group: "", resource: "serviceaccounts", version: "v1", kind: "ServiceAccount" },
};

/** Upstream's cleanSecretReferences: a secret reference keeps only its name. */
function cleanSecretReferences(sa: ServiceAccount): void {
  if (sa.secrets) sa.secrets = sa.secrets.map((s) => (s.name === undefined ? {} : { name: s.name }));
}

const enforceMountableSecrets = "kubernetes.io/enforce-mountable-secrets";

/** v1.32 deprecates the annotation: warn when a request newly sets it. */
function serviceAccountWarnings(sa: ServiceAccount, old: ServiceAccount | undefined): string[] {
  if (old?.metadata?.annotations && enforceMountableSecrets in old.metadata.annotations) return [];
  if (!sa.metadata?.annotations || !(enforceMountableSecrets in sa.metadata.annotations)) return [];
  return [`metadata.annotations[${enforceMountableSecrets}]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets`];
}

const serviceAccountTable: TablePrinter<ServiceAccount> = {
  columns: [
    nameColumn,
    stringColumn(
      "Secrets",
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
    ),
    ageColumn,
  ],
  cells: (sa, now) => [sa.metadata?.name ?? "", sa.secrets?.length ?? 0, ageCell(sa.metadata?.creationTimestamp, now)],
};

export const serviceAccountStrategy: Strategy<ServiceAccount> = {
  applyDefaults() {},
  prepareForCreate: cleanSecretReferences,
  prepareForUpdate: cleanSecretReferences,
  validate: (sa) => validateObjectMeta(sa.metadata, { namespaced: true }),
  validateUpdate: (sa, old) => validateObjectMetaUpdate(sa.metadata, old.metadata),
  warnings: serviceAccountWarnings,
  table: serviceAccountTable,
};

export const serviceAccountDefinition: ResourceDefinition<ServiceAccount> = { info: serviceAccountInfo, strategy: serviceAccountStrategy };
