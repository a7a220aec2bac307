import type { CronJob, CronJobSpec } from "kubernetes-types/batch/v1.js";
import { clone } from "../object.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy } from "../resource.js";
import { defaultPodTemplateSpec } from "../core/pod-template.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { validateObjectMetaUpdate } from "../validation/object-meta.js";
import { cronJobTable } from "./cronjob-table.js";
import { validateCronJob, validateCronJobUpdate } from "./cronjob-validation.js";
import { defaultPodFailurePolicy, nameWarnings } from "./job.js";

export const cronJobInfo: ResourceInfo = {
  group: "batch",
  version: "v1",
  kind: "CronJob",
  resource: "cronjobs",
  singular: "cronjob",
  listKind: "CronJobList",
  namespaced: true,
  shortNames: ["cj"],
  categories: ["all"],
  subresources: ["status"],
  verbs: allVerbs,
  storage: { group: "batch", resource: "cronjobs", version: "v1", kind: "CronJob" },
};

/**
 * SetObjectDefaults_CronJob (v1.32): policy Allow, not suspended, history 3 and 1; the job
 * template gets its pod template's and failure policy's defaults but none of a Job's own.
 */
export function defaultCronJob(cj: CronJob): void {
  const spec = (cj.spec ??= {} as CronJobSpec);
  spec.concurrencyPolicy ||= "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  // Go always writes jobTemplate and its spec's template.
  const jobSpec = ((spec.jobTemplate ??= {}).spec ??= { template: {} });
  jobSpec.template ??= {};
  defaultPodFailurePolicy(jobSpec.podFailurePolicy);
  defaultPodTemplateSpec(jobSpec.template);
}

/** pkg/registry/batch/cronjob's strategy; its status strategy validates nothing but metadata. */
export const cronJobStrategy: Strategy<CronJob> = {
  applyDefaults: defaultCronJob,
  prepareForCreate(cj) {
    Object.assign(cj, { status: {} });
    Object.assign((cj.metadata ??= {}), { generation: 1 });
  },
  prepareForUpdate(cj, old) {
    Object.assign(cj, { status: clone(old.status) ?? {} });
    if (!semanticEqual(cj.spec, old.spec)) Object.assign((cj.metadata ??= {}), { generation: (old.metadata?.generation ?? 0) + 1 });
  },
  validate: validateCronJob,
  validateUpdate: validateCronJobUpdate,
  warnings: (cj, old) => (old ? [] : nameWarnings(cj.metadata?.name)),
  status: {
    prepareForUpdate(cj, old) {
      cj.spec = clone(old.spec);
    },
    validateUpdate: (cj, old) => validateObjectMetaUpdate(cj.metadata, old.metadata),
  },
  table: cronJobTable,
};

export const cronJobDefinition: ResourceDefinition<CronJob> = { info: cronJobInfo, strategy: cronJobStrategy };
