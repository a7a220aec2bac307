import type { Job, JobCondition, JobStatus, UncountedTerminatedPods } from "kubernetes-types/batch/v1.js";
import { type FieldError, type FieldPath, fieldErrors, omitValue, path, PrintedValue } from "../field-errors.js";
import { validateNonnegative, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { countIndexes, indexesOverlap } from "./job-indexes.js";

const isTrue = (conditions: readonly JobCondition[] | undefined, type: string): boolean =>
  (conditions ?? []).some((c) => c.type === type && c.status === "True");

const isConditionFalse = (conditions: readonly JobCondition[] | undefined, type: string): boolean =>
  (conditions ?? []).some((c) => c.type === type && c.status === "False");

const complete = (j: Job): boolean => isTrue(j.status?.conditions, "Complete");
const failed = (j: Job): boolean => isTrue(j.status?.conditions, "Failed");
const finished = (j: Job): boolean => complete(j) || failed(j);
const failureTarget = (j: Job): boolean => isTrue(j.status?.conditions, "FailureTarget");
const successCriteriaMet = (j: Job): boolean => isTrue(j.status?.conditions, "SuccessCriteriaMet");

/**
 * Which status rules apply, as v1.32's getStatusValidationOptions with JobManagedBy on (beta):
 * most rules run only when the fields they look at change, so a controller may repair a status
 * a user's spec change made inconsistent.
 */
function statusRules(job: Job, old: Job): Record<string, boolean> {
  const s: JobStatus = job.status ?? {};
  const o: JobStatus = old.status ?? {};
  const finishedChanged = finished(old) !== finished(job);
  const completeChanged = complete(old) !== complete(job);
  const failedChanged = failed(old) !== failed(job);
  const failureTargetChanged = failureTarget(old) !== failureTarget(job);
  const completedChanged = (o.completedIndexes ?? "") !== (s.completedIndexes ?? "");
  const failedIndexesChanged = o.failedIndexes !== s.failedIndexes;
  const activeChanged = (o.active ?? 0) !== (s.active ?? 0);
  const startChanged = o.startTime !== s.startTime;
  const completionChanged = o.completionTime !== s.completionTime;
  const readyChanged = o.ready !== s.ready;
  const terminatingChanged = o.terminating !== s.terminating;
  const indexed = job.spec?.completionMode === "Indexed";
  return {
    decreasingSucceeded: !indexed || job.spec?.completions !== job.spec?.parallelism,
    invalidCompletedIndexes: completedChanged,
    invalidFailedIndexes: failedIndexesChanged,
    completedIndexesForNonIndexed: completedChanged,
    failedIndexesWithoutBackoffLimitPerIndex: failedIndexesChanged,
    failedIndexesOverlappingCompleted: failedIndexesChanged || completedChanged,
    failedWithoutFailureTarget: failedChanged || failedIndexesChanged,
    completeWithoutSuccessCriteriaMet: completeChanged,
    finishedWithActive: finishedChanged || activeChanged,
    finishedWithoutStartTime: finishedChanged || startChanged,
    finishedWithUncounted: finishedChanged || !semanticEqual(o.uncountedTerminatedPods, s.uncountedTerminatedPods),
    startTimeUpdateUnsuspended: startChanged,
    completionBeforeStart: startChanged || completionChanged,
    notCompleteWithCompletionTime: completeChanged || completionChanged,
    completeWithoutCompletionTime: completeChanged || completionChanged,
    completeWithFailed: completeChanged || failedChanged,
    completeWithFailureTarget: completeChanged || failureTargetChanged,
    moreReadyThanActive: readyChanged || activeChanged,
    finishedWithTerminating: finishedChanged || terminatingChanged,
  };
}

/** One status update under check: the job, the stored one, the rules that apply, status's path. */
interface StatusCheck {
  readonly job: Job;
  readonly old: Job;
  readonly rules: Record<string, boolean>;
  readonly at: FieldPath;
}

/** ValidateJobUpdateStatus: metadata, then the status and its transitions. */
export function validateJobStatusUpdate(job: Job, old: Job): FieldError[] {
  const c: StatusCheck = { job, old, rules: statusRules(job, old), at: path("status") };
  return [
    ...validateObjectMetaUpdate(job.metadata, old.metadata),
    ...validateCounts(job.status ?? {}, c.at),
    ...validateLifecycle(c),
    ...validateIndexes(c),
    ...validateTail(c),
    ...validateTransitions(c),
  ];
}

function validateCounts(s: JobStatus, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ["active", "succeeded", "failed", "ready", "terminating"] as const) errs.push(...validateNonnegative(s[key], at.child(key)));
  const uncounted = s.uncountedTerminatedPods;
  if (!uncounted) return errs;
  const seen = new Set<string>();
  for (const kind of ["succeeded", "failed"] as const) {
    (uncounted[kind] ?? []).forEach((uid, i) => {
      const p = at.child("uncountedTerminatedPods", kind).index(i);
      if (uid === "") errs.push(fieldErrors.invalid(p, uid, "must not be empty"));
      else if (seen.has(uid)) errs.push(fieldErrors.duplicate(p, uid));
      else seen.add(uid);
    });
  }
  return errs;
}

/** Go prints a metav1.Time bad value with time.Time's String(). */
function goTime(rfc3339: string): PrintedValue {
  const d = new Date(rfc3339);
  const text = Number.isNaN(d.getTime()) ? rfc3339 : `${d.toISOString().slice(0, 19).replace("T", " ")} +0000 UTC`;
  return new PrintedValue(text, rfc3339);
}

function goUncounted(u: UncountedTerminatedPods): PrintedValue {
  const uids = (list: readonly string[] | undefined): string =>
    list === undefined ? "[]types.UID(nil)" : `[]types.UID{${list.map((x) => JSON.stringify(x)).join(", ")}}`;
  return new PrintedValue(`batch.UncountedTerminatedPods{Succeeded:${uids(u.succeeded)}, Failed:${uids(u.failed)}}`, u);
}

/** The condition and lifecycle rules validateJobStatus checks before the index lists. */
function validateLifecycle({ job, rules, at }: StatusCheck): FieldError[] {
  const errs: FieldError[] = [];
  const s: JobStatus = job.status ?? {};
  const bad = (detail: string): FieldError => fieldErrors.invalid(at.child("conditions"), omitValue, detail);
  if (rules.completeWithFailed && complete(job) && failed(job)) errs.push(bad("cannot set Complete=True and Failed=true conditions"));
  if (rules.completeWithFailureTarget && complete(job) && failureTarget(job)) errs.push(bad("cannot set Complete=True and FailureTarget=true conditions"));
  if (rules.notCompleteWithCompletionTime && s.completionTime && !complete(job)) {
    const detail = "cannot set completionTime when there is no Complete=True condition";
    errs.push(fieldErrors.invalid(at.child("completionTime"), goTime(s.completionTime), detail));
  }
  if (rules.completeWithoutCompletionTime && !s.completionTime && complete(job)) {
    errs.push(fieldErrors.required(at.child("completionTime"), "completionTime is required for Complete jobs"));
  }
  if (rules.completionBeforeStart && s.startTime && s.completionTime && Date.parse(s.completionTime) < Date.parse(s.startTime)) {
    errs.push(fieldErrors.invalid(at.child("completionTime"), goTime(s.completionTime), "completionTime cannot be set before startTime"));
  }
  if (rules.failedWithoutFailureTarget && failed(job) && !failureTarget(job)) errs.push(bad("cannot set Failed=True condition without the FailureTarget=true condition"));
  if (rules.completeWithoutSuccessCriteriaMet && complete(job) && !successCriteriaMet(job)) {
    errs.push(bad("cannot set Complete=True condition without the SuccessCriteriaMet=true condition"));
  }
  if (rules.finishedWithActive && (s.active ?? 0) > 0 && finished(job)) {
    errs.push(fieldErrors.invalid(at.child("active"), s.active, "active>0 is invalid for finished job"));
  }
  if (rules.finishedWithoutStartTime && !s.startTime && finished(job)) errs.push(fieldErrors.required(at.child("startTime"), "startTime is required for finished job"));
  const u = s.uncountedTerminatedPods;
  if (rules.finishedWithUncounted && finished(job) && u && (u.failed ?? []).length + (u.succeeded ?? []).length > 0) {
    errs.push(fieldErrors.invalid(at.child("uncountedTerminatedPods"), goUncounted(u), "uncountedTerminatedPods needs to be empty for finished job"));
  }
  return errs;
}

/** The rules validateJobStatus checks after the index lists. */
function validateTail({ job, rules, at }: StatusCheck): FieldError[] {
  const errs: FieldError[] = [];
  const s: JobStatus = job.status ?? {};
  const bad = (detail: string): FieldError => fieldErrors.invalid(at.child("conditions"), omitValue, detail);
  if (rules.finishedWithTerminating && (s.terminating ?? 0) > 0 && finished(job)) {
    errs.push(fieldErrors.invalid(at.child("terminating"), s.terminating, "terminating>0 is invalid for finished job"));
  }
  if (rules.moreReadyThanActive && s.ready != null && s.ready > (s.active ?? 0)) {
    errs.push(fieldErrors.invalid(at.child("ready"), s.ready, "cannot set more ready pods than active"));
  }
  if (successCriteriaMet(job) && failed(job)) errs.push(bad("cannot set SuccessCriteriaMet=True and Failed=true conditions"));
  if (successCriteriaMet(job) && failureTarget(job)) errs.push(bad("cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"));
  if (job.spec?.successPolicy && !successCriteriaMet(job) && complete(job)) {
    errs.push(bad("cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True"));
  }
  return errs;
}

function validateIndexes({ job, rules, at }: StatusCheck): FieldError[] {
  const errs: FieldError[] = [];
  const s: JobStatus = job.status ?? {};
  const completions = job.spec?.completions;
  const completed = s.completedIndexes ?? "";
  if (rules.invalidCompletedIndexes && completions != null) {
    const counted = countIndexes(completed, completions);
    if (typeof counted === "string") errs.push(fieldErrors.invalid(at.child("completedIndexes"), completed, `error parsing completedIndexes: ${counted}`));
  }
  const failedIndexes = s.failedIndexes;
  if (rules.invalidFailedIndexes && completions != null && job.spec?.backoffLimitPerIndex != null && failedIndexes != null) {
    const counted = countIndexes(failedIndexes, completions);
    if (typeof counted === "string") errs.push(fieldErrors.invalid(at.child("failedIndexes"), failedIndexes, `error parsing failedIndexes: ${counted}`));
  }
  if (rules.completedIndexesForNonIndexed && completed.length > 0 && job.spec?.completionMode !== "Indexed") {
    errs.push(fieldErrors.invalid(at.child("completedIndexes"), completed, "cannot set non-empty completedIndexes when non-indexed completion mode"));
  }
  if (rules.failedIndexesWithoutBackoffLimitPerIndex && job.spec?.backoffLimitPerIndex == null && failedIndexes != null) {
    errs.push(fieldErrors.invalid(at.child("failedIndexes"), failedIndexes, "cannot set non-null failedIndexes when backoffLimitPerIndex is null"));
  }
  if (rules.failedIndexesOverlappingCompleted && completions != null && failedIndexes != null) {
    const overlap = indexesOverlap({ completed, failed: failedIndexes }, completions);
    if (overlap) errs.push(fieldErrors.invalid(at.child("failedIndexes"), failedIndexes, overlap));
  }
  return errs;
}

/** ValidateJobStatusUpdate's comparisons with the old status. */
function validateTransitions({ job, old, rules, at }: StatusCheck): FieldError[] {
  const errs: FieldError[] = [];
  const s: JobStatus = job.status ?? {};
  const o: JobStatus = old.status ?? {};
  const conditions = at.child("conditions");
  for (const type of ["Failed", "Complete", "FailureTarget"]) {
    if (isTrue(o.conditions, type) && !isTrue(s.conditions, type)) {
      errs.push(fieldErrors.invalid(conditions, omitValue, `cannot disable the terminal ${type}=True condition`));
    }
  }
  if ((s.failed ?? 0) < (o.failed ?? 0)) errs.push(fieldErrors.invalid(at.child("failed"), s.failed ?? 0, "cannot decrease the failed counter"));
  if (rules.decreasingSucceeded && (s.succeeded ?? 0) < (o.succeeded ?? 0)) {
    errs.push(fieldErrors.invalid(at.child("succeeded"), s.succeeded ?? 0, "cannot decrease the succeeded counter"));
  }
  if (s.completionTime && o.completionTime && s.completionTime !== o.completionTime) {
    errs.push(fieldErrors.invalid(at.child("completionTime"), goTime(s.completionTime), "completionTime cannot be mutated"));
  }
  // v1.32.10 (kubernetes#135128): resuming (Suspended True → False) restarts the clock.
  const resuming = isTrue(o.conditions, "Suspended") && isConditionFalse(s.conditions, "Suspended");
  if (rules.startTimeUpdateUnsuspended && o.startTime && o.startTime !== s.startTime && job.spec?.suspend !== true && !resuming) {
    errs.push(fieldErrors.required(at.child("startTime"), "startTime cannot be removed for unsuspended job"));
  }
  if (successCriteriaMet(old) && !successCriteriaMet(job)) errs.push(fieldErrors.invalid(conditions, omitValue, "cannot disable the SuccessCriteriaMet=True condition"));
  if (complete(old) && !successCriteriaMet(old) && successCriteriaMet(job)) {
    errs.push(fieldErrors.invalid(conditions, omitValue, "cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions"));
  }
  return errs;
}
