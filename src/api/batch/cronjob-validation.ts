import type { CronJob, CronJobSpec } from "kubernetes-types/batch/v1.js";
import { type FieldError, type FieldPath, fieldErrors, path } from "../field-errors.js";
import { validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { scheduleError, timeZoneError } from "../../util/cron.js";
import { validateJobTemplateSpec } from "./job-spec-validation.js";

/** The cronjob controller appends an 11-character "-<timestamp>" to name Jobs, whose names stop at 63. */
const maxNameLength = 63 - 11;

/** ValidateCronJobCreate: metadata, the spec, and a name short enough for the Jobs it will create. */
export function validateCronJob(cj: CronJob): FieldError[] {
  const errs = [...validateObjectMeta(cj.metadata, { namespaced: true }), ...validateCronJobSpec(cj.spec, path("spec"))];
  const name = cj.metadata?.name ?? "";
  if (name.length > maxNameLength) errs.push(fieldErrors.invalid(path("metadata", "name"), name, `must be no more than ${maxNameLength} characters`));
  return errs;
}

/**
 * ValidateCronJobUpdate's own part: metadata. validateCronJob runs on updates as well, so the
 * leniency upstream grants old objects (a TZ= kept from before, an unchanged time zone, a long
 * name) is not needed: tinykube never stored such objects.
 */
export function validateCronJobUpdate(cj: CronJob, old: CronJob): FieldError[] {
  return validateObjectMetaUpdate(cj.metadata, old.metadata);
}

/** validateCronJobSpec as on create. */
function validateCronJobSpec(spec: CronJobSpec | undefined, p: FieldPath): FieldError[] {
  const s: Partial<CronJobSpec> = spec ?? {};
  const errs: FieldError[] = [];
  if (!s.schedule) {
    errs.push(fieldErrors.required(p.child("schedule")));
  } else {
    errs.push(...validateScheduleFormat(s.schedule, p.child("schedule")));
  }
  errs.push(...validateNonnegative(s.startingDeadlineSeconds, p.child("startingDeadlineSeconds")));
  errs.push(...validateTimeZone(s.timeZone, p.child("timeZone")));
  errs.push(...validateConcurrencyPolicy(s.concurrencyPolicy ?? "", p.child("concurrencyPolicy")));
  errs.push(...validateJobTemplateSpec(s.jobTemplate?.spec, p.child("jobTemplate", "spec"), {}));
  errs.push(...validateNonnegative(s.successfulJobsHistoryLimit, p.child("successfulJobsHistoryLimit")));
  errs.push(...validateNonnegative(s.failedJobsHistoryLimit, p.child("failedJobsHistoryLimit")));
  return errs;
}

/** robfig's parse error, and TZ= / CRON_TZ= rejected in favour of spec.timeZone. */
function validateScheduleFormat(schedule: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  // Upstream parses with the server's local zone; only the syntax matters here.
  const parseError = scheduleError(schedule, { timeZone: "UTC" });
  if (parseError) errs.push(fieldErrors.invalid(p, schedule, parseError));
  if (schedule.includes("TZ")) errs.push(fieldErrors.invalid(p, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  return errs;
}

/** IANA naming rules: components of letters, digits, '.', '-', '_', '+', at most 14 characters, not starting with '-'. */
const validTimeZoneCharacters = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateTimeZone: absent, or an explicit IANA name the server can load. */
function validateTimeZone(timeZone: string | undefined | null, p: FieldPath): FieldError[] {
  if (timeZone == null) return [];
  if (timeZone.length === 0) return [fieldErrors.invalid(p, timeZone, "timeZone must be nil or non-empty string")];
  for (const part of timeZone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !validTimeZoneCharacters.test(part)) {
      return [fieldErrors.invalid(p, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === "local") {
    errs.push(fieldErrors.invalid(p, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  }
  const loadError = timeZoneError(timeZone);
  if (loadError) errs.push(fieldErrors.invalid(p, timeZone, loadError));
  return errs;
}

function validateConcurrencyPolicy(policy: string, p: FieldPath): FieldError[] {
  if (policy === "Allow" || policy === "Forbid" || policy === "Replace") return [];
  if (policy === "") return [fieldErrors.required(p)];
  return [fieldErrors.notSupported(p, policy, ["Allow", "Forbid", "Replace"])];
}
