import type { JobSpec } from "kubernetes-types/batch/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { goLabelSelector, goStringMap } from "../apps/go-syntax.js";
import { validatePodTemplateSpec } from "../core/pod-template.js";
import type { PodValidationOptions } from "../core/pod-validation-options.js";
import { validateLabelSelector, validateNonnegative } from "../validation/object-meta.js";
import { labelSelectorFromSpec } from "../../util/labels.js";
import { isDNS1123Subdomain } from "../../util/names.js";
import { validatePodFailurePolicy } from "./pod-failure-policy-validation.js";
import { validateSuccessPolicy } from "./success-policy-validation.js";

const maxParallelismForIndexedJob = 100_000;
const maxFailedIndexesForIndexedJob = 100_000;
const completionsSoftLimit = 100_000;
const parallelismLimitForHighCompletions = 10_000;
const maxFailedIndexesLimitForHighCompletions = 10_000;
const maxManagedByLength = 63;

/** ValidateJobSpec: the common rules, then a selector that is present, valid and matches the template. */
export function validateJobSpec(spec: JobSpec | undefined, p: FieldPath, opts: PodValidationOptions): FieldError[] {
  const s: Partial<JobSpec> = spec ?? {};
  const errs = validateJobSpecCommon(s, p, opts);
  if (!s.selector) {
    errs.push(fieldErrors.required(p.child("selector")));
  } else {
    const allow = opts.allowInvalidLabelValueInSelector;
    errs.push(...validateLabelSelector(s.selector, p.child("selector"), allow ? { allowInvalidLabelValueInSelector: true } : {}));
  }
  try {
    const labels = s.template?.metadata?.labels;
    if (!labelSelectorFromSpec(s.selector).matches(labels)) {
      errs.push(fieldErrors.invalid(p.child("template", "metadata", "labels"), goStringMap(labels), "`selector` does not match template `labels`"));
    }
  } catch {
    // An unparsable selector was reported above.
  }
  return errs;
}

/** ValidateJobTemplateSpec (a CronJob's jobTemplate): the common rules; the selector is always generated. */
export function validateJobTemplateSpec(spec: JobSpec | undefined, p: FieldPath, opts: PodValidationOptions): FieldError[] {
  const s: Partial<JobSpec> = spec ?? {};
  const errs = validateJobSpecCommon(s, p, opts);
  if (s.selector) errs.push(fieldErrors.invalid(p.child("selector"), goLabelSelector(s.selector), "`selector` will be auto-generated"));
  if (s.manualSelector === true) errs.push(fieldErrors.notSupported(p.child("manualSelector"), true, ["nil", "false"]));
  return errs;
}

/** upstream's validateJobSpec (lower case): the rules a Job and a CronJob's job template share. */
function validateJobSpecCommon(s: Partial<JobSpec>, p: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex"] as const) {
    errs.push(...validateNonnegative(s[key], p.child(key)));
  }
  if (s.maxFailedIndexes != null) {
    errs.push(...validateNonnegative(s.maxFailedIndexes, p.child("maxFailedIndexes")));
    if (s.backoffLimitPerIndex == null) errs.push(fieldErrors.required(p.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
  }
  if (s.managedBy != null) errs.push(...validateManagedBy(s.managedBy, p.child("managedBy")));
  errs.push(...validateCompletionMode(s, p));
  if (s.podFailurePolicy) errs.push(...validatePodFailurePolicy(s as JobSpec, p.child("podFailurePolicy")));
  if (s.successPolicy) {
    if (s.completionMode !== "Indexed") errs.push(fieldErrors.invalid(p.child("successPolicy"), s.successPolicy, "requires indexed completion mode"));
    else errs.push(...validateSuccessPolicy(s as JobSpec, p.child("successPolicy")));
  }
  errs.push(...validatePodReplacementPolicy(s, p.child("podReplacementPolicy")));
  errs.push(...validatePodTemplateSpec(s.template, p.child("template"), opts));
  errs.push(...validateRestartPolicy(s, p.child("template", "spec", "restartPolicy")));
  return errs;
}

function validateCompletionMode(s: Partial<JobSpec>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mode = s.completionMode;
  if (mode != null && mode !== "NonIndexed" && mode !== "Indexed") {
    errs.push(fieldErrors.notSupported(p.child("completionMode"), mode, ["NonIndexed", "Indexed"]));
  }
  if (mode === "Indexed") errs.push(...validateIndexedLimits(s, p));
  if (mode == null || mode === "NonIndexed") {
    for (const key of ["backoffLimitPerIndex", "maxFailedIndexes"] as const) {
      if (s[key] != null) errs.push(fieldErrors.invalid(p.child(key), s[key], "requires indexed completion mode"));
    }
  }
  return errs;
}

function validateIndexedLimits(s: Partial<JobSpec>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const { completions, parallelism, maxFailedIndexes } = s;
  if (completions == null) errs.push(fieldErrors.required(p.child("completions"), "when completion mode is Indexed"));
  if (parallelism != null && parallelism > maxParallelismForIndexedJob) {
    const detail = `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`;
    errs.push(fieldErrors.invalid(p.child("parallelism"), parallelism, detail));
  }
  if (completions != null && maxFailedIndexes != null && maxFailedIndexes > completions) {
    errs.push(fieldErrors.invalid(p.child("maxFailedIndexes"), maxFailedIndexes, "must be less than or equal to completions"));
  }
  if (maxFailedIndexes != null && maxFailedIndexes > maxFailedIndexesForIndexedJob) {
    errs.push(fieldErrors.invalid(p.child("maxFailedIndexes"), maxFailedIndexes, `must be less than or equal to ${maxFailedIndexesForIndexedJob}`));
  }
  if (completions != null && completions > completionsSoftLimit && s.backoffLimitPerIndex != null) {
    const high = `when completions are above ${completionsSoftLimit} and used with backoff limit per index`;
    if (maxFailedIndexes == null) {
      errs.push(fieldErrors.required(p.child("maxFailedIndexes"), `must be specified when completions is above ${completionsSoftLimit}`));
    }
    if (parallelism != null && parallelism > parallelismLimitForHighCompletions) {
      errs.push(fieldErrors.invalid(p.child("parallelism"), parallelism, `must be less than or equal to ${parallelismLimitForHighCompletions} ${high}`));
    }
    if (maxFailedIndexes != null && maxFailedIndexes > maxFailedIndexesLimitForHighCompletions) {
      const detail = `must be less than or equal to ${maxFailedIndexesLimitForHighCompletions} ${high}`;
      errs.push(fieldErrors.invalid(p.child("maxFailedIndexes"), maxFailedIndexes, detail));
    }
  }
  return errs;
}

/** IsDomainPrefixedPath and at most 63 characters: "kueue.x-k8s.io/multikueue". */
function validateManagedBy(value: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const slash = value.indexOf("/");
  if (value.length === 0) {
    errs.push(fieldErrors.required(p));
  } else if (slash <= 0 || slash === value.length - 1) {
    errs.push(fieldErrors.invalid(p, value, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  } else {
    const host = value.slice(0, slash);
    const rest = value.slice(slash + 1);
    errs.push(...isDNS1123Subdomain(host).map((m) => fieldErrors.invalid(p, host, m)));
    const pathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
    if (!new RegExp(`^${pathFmt}$`).test(rest)) {
      errs.push(fieldErrors.invalid(p, rest, `Invalid path (regex used for validation is '${pathFmt}')`));
    }
  }
  if (value.length > maxManagedByLength) errs.push(fieldErrors.tooLongMax(p, value, maxManagedByLength));
  return errs;
}

function validatePodReplacementPolicy(s: Partial<JobSpec>, p: FieldPath): FieldError[] {
  const policy = s.podReplacementPolicy;
  if (policy == null) return [];
  if (s.podFailurePolicy) return policy === "Failed" ? [] : [fieldErrors.notSupported(p, policy, ["Failed"])];
  const supported = ["Failed", "TerminatingOrFailed"];
  return supported.includes(policy) ? [] : [fieldErrors.notSupported(p, policy, supported)];
}

/** A Job's pods end: OnFailure or Never (Always, the pod default, reads as not chosen), Never with a failure policy. */
function validateRestartPolicy(s: Partial<JobSpec>, p: FieldPath): FieldError[] {
  const policy = s.template?.spec?.restartPolicy ?? "";
  if (policy === "Always" || policy === "") return [fieldErrors.required(p, 'valid values: "OnFailure", "Never"')];
  if (policy !== "OnFailure" && policy !== "Never") return [fieldErrors.notSupported(p, policy, ["OnFailure", "Never"])];
  if (s.podFailurePolicy && policy !== "Never") return [fieldErrors.invalid(p, policy, 'only "Never" is supported when podFailurePolicy is specified')];
  return [];
}
