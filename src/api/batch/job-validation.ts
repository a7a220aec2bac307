import type { Job, JobSpec } from "kubernetes-types/batch/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { type FieldError, fieldErrors, path } from "../field-errors.js";
import { clone } from "../object.js";
import { validateImmutable, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { isDNS1123Label, isValidLabelValue } from "../../util/names.js";
import { jobLabels, validateGeneratedSelector } from "./job-selector.js";
import { validateJobSpec } from "./job-spec-validation.js";

/** What changes Job validation, as upstream's JobValidationOptions in v1.32. */
export interface JobValidationOptions {
  /** Check the batch.kubernetes.io/ generated labels too (always on create; on update if the old job had them). */
  readonly requirePrefixedLabels: boolean;
  /** The old selector had values that are no longer valid label values. */
  readonly allowInvalidLabelValueInSelector: boolean;
  /** A suspended Job that never started may change its pod template's scheduling directives. */
  readonly allowMutableSchedulingDirectives: boolean;
}

/** upstream's validationOptionsForJob: on create (no old job) and on update. */
export function jobValidationOptions(old?: Job): JobValidationOptions {
  if (!old) return { requirePrefixedLabels: true, allowInvalidLabelValueInSelector: false, allowMutableSchedulingDirectives: false };
  const oldLabels = old.spec?.template?.metadata?.labels ?? {};
  const expressions = old.spec?.selector?.matchExpressions ?? [];
  return {
    requirePrefixedLabels: Object.hasOwn(oldLabels, jobLabels.jobName) && Object.hasOwn(oldLabels, jobLabels.controllerUid),
    allowInvalidLabelValueInSelector: expressions.some((e) => (e.values ?? []).some((v) => isValidLabelValue(v).length > 0)),
    allowMutableSchedulingDirectives: old.spec?.suspend === true && !old.status?.startTime,
  };
}

/** ValidateJob: DNS-subdomain name, generated selector, spec, and room in the hostname for the last index. */
export function validateJob(job: Job, opts: JobValidationOptions): FieldError[] {
  const errs = [
    ...validateObjectMeta(job.metadata, { namespaced: true }),
    ...validateGeneratedSelector(job, opts),
    ...validateJobSpec(job.spec, path("spec"), { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector }),
  ];
  const spec = job.spec;
  if (spec?.completionMode === "Indexed" && (spec.completions ?? 0) > 0) {
    const name = job.metadata?.name ?? "";
    const hostname = `${name}-${spec.completions! - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(fieldErrors.invalid(path("metadata", "name"), name, `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

/**
 * ValidateJobUpdate's own part (validateJob runs as well): selector, completion mode, failure and
 * success policies, backoffLimitPerIndex and managedBy are immutable; completions too unless an
 * Indexed job scales it together with parallelism; the template too except a suspended, never
 * started job's scheduling directives.
 */
export function validateJobUpdate(job: Job, old: Job, opts: JobValidationOptions): FieldError[] {
  const spec: Partial<JobSpec> = job.spec ?? {};
  const before: Partial<JobSpec> = old.spec ?? {};
  const errs = [...validateObjectMetaUpdate(job.metadata, old.metadata), ...validateCompletionsUpdate(spec, before)];
  errs.push(...validateImmutable(spec.selector, before.selector, path("spec", "selector")));
  errs.push(...validateTemplateUpdate(spec.template, before.template, opts));
  for (const key of ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"] as const) {
    errs.push(...validateImmutable(spec[key], before[key], path("spec", key)));
  }
  return errs;
}

/** validateCompletions with ElasticIndexedJob (GA). */
function validateCompletionsUpdate(spec: Partial<JobSpec>, before: Partial<JobSpec>): FieldError[] {
  const at = path("spec", "completions");
  if (spec.completionMode !== "Indexed") return validateImmutable(spec.completions, before.completions, at);
  if (spec.completions === before.completions || spec.completions == null) return [];
  if (spec.completions !== spec.parallelism) return [fieldErrors.invalid(at, spec.completions, "can only be modified in tandem with spec.parallelism")];
  return [];
}

function validateTemplateUpdate(template: PodTemplateSpec | undefined, old: PodTemplateSpec | undefined, opts: JobValidationOptions): FieldError[] {
  const at = path("spec", "template");
  if (!opts.allowMutableSchedulingDirectives) return validateImmutable(template, old, at);
  const allowed = schedulingDirectivesFrom(template, old);
  return semanticEqual(template, allowed) ? [] : validateImmutable(template, allowed, at);
}

/** The old template with the new scheduling directives, labels and annotations: what a suspended job may become. */
function schedulingDirectivesFrom(template: PodTemplateSpec | undefined, old: PodTemplateSpec | undefined): PodTemplateSpec {
  const merged = clone(old ?? {});
  const spec = (merged.spec ??= { containers: [] });
  const next = template?.spec;
  const oldAffinity = spec.affinity;
  if (!next?.affinity && oldAffinity) {
    // Clearing affinity is allowed when node affinity was all it had.
    const rest = { ...oldAffinity, nodeAffinity: undefined };
    spec.affinity = Object.values(rest).every((v) => v === undefined) ? undefined : rest;
  } else if (next?.affinity) {
    spec.affinity = { ...oldAffinity, nodeAffinity: next.affinity.nodeAffinity };
  }
  spec.nodeSelector = next?.nodeSelector;
  spec.tolerations = next?.tolerations;
  spec.schedulingGates = next?.schedulingGates;
  const meta = (merged.metadata ??= {});
  meta.annotations = template?.metadata?.annotations;
  meta.labels = template?.metadata?.labels;
  return merged;
}
