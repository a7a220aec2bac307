import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { validateLabelName, validateLabels, validateLabelValue } from "./generic.js";

export interface LabelSelectorValidationOptions {
  /** Skip checking matchExpressions values as label values (kept for old objects that had bad ones). */
  allowInvalidLabelValueInSelector?: boolean;
}

/** metav1 validation.ValidateLabelSelector: matchLabels as labels, each expression's operator, key and values. */
export function validateLabelSelector(
  selector: LabelSelector | undefined | null,
  p: FieldPath | string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (!selector) return [];
  const at = typeof p === "string" ? FieldPath.root(p) : p;
  const errs = validateLabels(selector.matchLabels, at.child("matchLabels"));
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, at.child("matchExpressions").index(i), opts));
  });
  return errs;
}

export function validateLabelSelectorRequirement(
  req: LabelSelectorRequirement,
  at: FieldPath,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) {
        errs.push(fieldErrors.required(at.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(fieldErrors.forbidden(at.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(fieldErrors.invalid(at.child("operator"), req.operator, "not a valid selector operator"));
  }
  errs.push(...validateLabelName(req.key, at.child("key")));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => errs.push(...validateLabelValue(v, at.child("values").index(i))));
  }
  return errs;
}
