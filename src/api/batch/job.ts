import type { Job, JobSpec, PodFailurePolicy } from "kubernetes-types/batch/v1.js";
import { clone } from "../object.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy } from "../resource.js";
import { defaultPodTemplateSpec } from "../core/pod-template.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { isDNS1123Label } from "../../util/names.js";
import { generateSelector } from "./job-selector.js";
import { validateJobStatusUpdate } from "./job-status-validation.js";
import { jobTable } from "./job-table.js";
import { jobValidationOptions, validateJob, validateJobUpdate } from "./job-validation.js";

export const jobInfo: ResourceInfo = {
  group: "batch",
  version: "v1",
  kind: "Job",
  resource: "jobs",
  singular: "job",
  listKind: "JobList",
  namespaced: true,
  shortNames: [],
  categories: ["all"],
  subresources: ["status"],
  verbs: allVerbs,
  storage: { group: "batch", resource: "jobs", version: "v1", kind: "Job" },
};

const maxInt32 = 2 ** 31 - 1;

/** SetDefaults_PodFailurePolicyOnPodConditionsPattern: a pattern without status means True. */
export function defaultPodFailurePolicy(policy: PodFailurePolicy | undefined): void {
  for (const rule of policy?.rules ?? []) for (const pattern of rule.onPodConditions ?? []) pattern.status ||= "True";
}

/**
 * SetObjectDefaults_Job (v1.32). A Job without labels takes its template's labels as the very
 * same map, as Go shares it: selector generation at create then shows on the Job's labels too.
 */
export function defaultJob(job: Job): void {
  const spec = (job.spec ??= {} as JobSpec);
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? maxInt32 : 6;
  spec.template ??= {};
  const templateLabels = spec.template.metadata?.labels;
  const meta = (job.metadata ??= {});
  if (templateLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = templateLabels;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  defaultPodFailurePolicy(spec.podFailurePolicy);
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  spec.manualSelector ??= false;
  defaultPodTemplateSpec(spec.template);
}

/** The labels an unlabeled Job shares with its template, once selector generation added to them. */
function shareTemplateLabels(job: Job): void {
  const templateLabels = job.spec?.template?.metadata?.labels;
  const meta = (job.metadata ??= {});
  if (templateLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = templateLabels;
}

/** "metadata.name: ... a DNS label is recommended: [...]", as Jobs' and CronJobs' WarningsOnCreate. */
export function nameWarnings(name: string | undefined): string[] {
  const msgs = isDNS1123Label(name ?? "");
  if (msgs.length === 0) return [];
  return [`metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(" ")}]`];
}

/** pkg/registry/batch/job's strategy and status strategy. */
export const jobStrategy: Strategy<Job> = {
  applyDefaults: defaultJob,
  prepareForCreate(job) {
    // The registry set metadata.uid before this runs; the generated selector is made of it.
    if (job.spec?.manualSelector !== true) generateSelector(job);
    shareTemplateLabels(job);
    Object.assign(job, { status: {} });
    Object.assign((job.metadata ??= {}), { generation: 1 });
  },
  prepareForUpdate(job, old) {
    Object.assign(job, { status: clone(old.status) ?? {} });
    if (!semanticEqual(job.spec, old.spec)) Object.assign((job.metadata ??= {}), { generation: (old.metadata?.generation ?? 0) + 1 });
  },
  validate: (job) => validateJob(job, jobValidationOptions()),
  validateUpdate: (job, old) => validateJobUpdate(job, old, jobValidationOptions(old)),
  warnings: (job, old) => (old ? [] : nameWarnings(job.metadata?.name)),
  status: {
    prepareForUpdate(job, old) {
      job.spec = clone(old.spec);
    },
    validateUpdate: validateJobStatusUpdate,
  },
  table: jobTable,
  selectableFields: (job) => ({ "status.successful": String(job.status?.succeeded ?? 0) }),
};

export const jobDefinition: ResourceDefinition<Job> = { info: jobInfo, strategy: jobStrategy };
