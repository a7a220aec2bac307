import type { Job } from "kubernetes-types/batch/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { type FieldError, fieldErrors, path } from "../field-errors.js";
import { goLabelSelector, goStringMap } from "../apps/go-syntax.js";
import { labelSelectorFromSpec } from "../../util/labels.js";

/** The labels a generated Job selector rests on (batch.ControllerUidLabel and friends). */
export const jobLabels = {
  controllerUid: "batch.kubernetes.io/controller-uid",
  jobName: "batch.kubernetes.io/job-name",
  legacyControllerUid: "controller-uid",
  legacyJobName: "job-name",
} as const;

/**
 * upstream's generateSelector: the template gets the job-name and controller-uid labels (both
 * spellings) unless already there, and the selector matches the controller uid. Conflicting
 * values a user set are left for validation to reject.
 */
export function generateSelector(job: Job): void {
  const meta = job.metadata ?? {};
  const template = (job.spec!.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  for (const key of [jobLabels.legacyJobName, jobLabels.jobName]) labels[key] ??= meta.name ?? "";
  for (const key of [jobLabels.legacyControllerUid, jobLabels.controllerUid]) labels[key] ??= meta.uid ?? "";
  const matchLabels = ((job.spec!.selector ??= {}).matchLabels ??= {});
  matchLabels[jobLabels.controllerUid] ??= meta.uid ?? "";
}

/**
 * validateGeneratedSelector: unless the selector is manual, the template carries the generated
 * labels with this job's uid and name, and the selector selects them.
 */
export function validateGeneratedSelector(job: Job, opts: { requirePrefixedLabels: boolean }): FieldError[] {
  const spec = job.spec;
  if (!spec || spec.manualSelector === true || !spec.selector) return [];
  const meta = job.metadata ?? {};
  const uid = meta.uid ?? "";
  const name = meta.name ?? "";
  const errs: FieldError[] = [];
  if (uid === "") errs.push(fieldErrors.required(path("metadata", "uid")));
  const templateMeta = spec.template?.metadata;
  errs.push(...validateHasLabel(templateMeta, { key: jobLabels.legacyControllerUid, expected: uid }));
  errs.push(...validateHasLabel(templateMeta, { key: jobLabels.legacyJobName, expected: name }));
  const expected: Record<string, string> = {};
  if (opts.requirePrefixedLabels) {
    errs.push(...validateHasLabel(templateMeta, { key: jobLabels.controllerUid, expected: uid }));
    errs.push(...validateHasLabel(templateMeta, { key: jobLabels.jobName, expected: name }));
    expected[jobLabels.controllerUid] = uid;
    expected[jobLabels.jobName] = name;
  }
  expected[jobLabels.legacyControllerUid] = uid;
  expected[jobLabels.legacyJobName] = name;
  let matches: boolean;
  try {
    matches = labelSelectorFromSpec(spec.selector).matches(expected);
  } catch {
    return errs;
  }
  if (!matches) errs.push(fieldErrors.invalid(path("spec", "selector"), goLabelSelector(spec.selector), "`selector` not auto-generated"));
  return errs;
}

/** upstream's ValidateHasLabel, at spec.template.metadata.labels[key]. */
function validateHasLabel(meta: ObjectMeta | undefined, { key, expected }: { key: string; expected: string }): FieldError[] {
  const at = path("spec", "template", "metadata").child("labels").key(key);
  const labels = meta?.labels;
  if (!labels || !Object.hasOwn(labels, key)) return [fieldErrors.required(at, expected)];
  if (labels[key] !== expected) return [fieldErrors.invalid(at, goStringMap(labels), `must be '${expected}'`)];
  return [];
}
