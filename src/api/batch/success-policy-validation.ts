import type { JobSpec, SuccessPolicyRule } from "kubernetes-types/batch/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { validateNonnegative } from "../validation/object-meta.js";
import { countIndexes } from "./job-indexes.js";

const maxRules = 20;
const maxSucceededIndexesLength = 64 * 1024;

/** validateSuccessPolicy (Indexed Jobs only): 1 to 20 rules, each with a count or indexes within completions. */
export function validateSuccessPolicy(spec: JobSpec, p: FieldPath): FieldError[] {
  const rules = spec.successPolicy?.rules ?? [];
  const rulesPath = p.child("rules");
  const errs: FieldError[] = [];
  if (rules.length === 0) errs.push(fieldErrors.required(rulesPath, "at least one rules must be specified when the successPolicy is specified"));
  if (rules.length > maxRules) errs.push(fieldErrors.tooMany(rulesPath, rules.length, maxRules));
  rules.forEach((rule, i) => errs.push(...validateRule(spec, rule, rulesPath.index(i))));
  return errs;
}

function validateRule(spec: JobSpec, rule: SuccessPolicyRule, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const completions = spec.completions ?? 0;
  if (rule.succeededCount == null && rule.succeededIndexes == null) {
    errs.push(fieldErrors.required(p, "at least one of succeededCount or succeededIndexes must be specified"));
  }
  let total = 0;
  if (rule.succeededIndexes != null) {
    const at = p.child("succeededIndexes");
    if (rule.succeededIndexes.length > maxSucceededIndexesLength) errs.push(fieldErrors.tooLong(at, rule.succeededIndexes, maxSucceededIndexesLength));
    const counted = countIndexes(rule.succeededIndexes, completions);
    if (typeof counted === "string") errs.push(fieldErrors.invalid(at, rule.succeededIndexes, `error parsing succeededIndexes: ${counted}`));
    else total = counted;
  }
  if (rule.succeededCount != null) {
    const at = p.child("succeededCount");
    const count = rule.succeededCount;
    errs.push(...validateNonnegative(count, at));
    if (count > completions) {
      errs.push(fieldErrors.invalid(at, count, `must be less than or equal to ${completions} (the number of specified completions)`));
    }
    if (rule.succeededIndexes != null && count > total) {
      errs.push(fieldErrors.invalid(at, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  }
  return errs;
}
