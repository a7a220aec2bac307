import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from "../../util/names.js";
import { semanticEqual } from "./semantic-equal.js";

/** Small field checks every kind reuses, with upstream's messages. */

export const isNegativeErrorMsg = "must be greater than or equal to 0";
export const fieldImmutableErrorMsg = "field is immutable";

type At = FieldPath | string;

/** ValidateNonnegativeField: "must be greater than or equal to 0". Absent values pass. */
export function validateNonnegative(value: number | undefined | null, p: At): FieldError[] {
  return typeof value === "number" && value < 0 ? [fieldErrors.invalid(p, value, isNegativeErrorMsg)] : [];
}

/** "must be greater than 0", as upstream's ValidatePositiveField... callers. */
export function validatePositive(value: number | undefined | null, p: At): FieldError[] {
  return typeof value === "number" && value <= 0 ? [fieldErrors.invalid(p, value, "must be greater than 0")] : [];
}

/** ValidateImmutableField: the new value must equal the old one (semantically). */
export function validateImmutable(newValue: unknown, oldValue: unknown, p: At): FieldError[] {
  return semanticEqual(newValue, oldValue) ? [] : [fieldErrors.invalid(p, newValue, fieldImmutableErrorMsg)];
}

/** One Invalid error per message of a name checker. */
export function fromMessages(p: At, value: unknown, messages: readonly string[]): FieldError[] {
  return messages.map((m) => fieldErrors.invalid(p, value, m));
}

export function validateDNS1123Label(value: string, p: At): FieldError[] {
  return fromMessages(p, value, isDNS1123Label(value));
}

export function validateDNS1123Subdomain(value: string, p: At): FieldError[] {
  return fromMessages(p, value, isDNS1123Subdomain(value));
}

export function validateDNS1035Label(value: string, p: At): FieldError[] {
  return fromMessages(p, value, isDNS1035Label(value));
}

export function validateQualifiedName(value: string, p: At): FieldError[] {
  return fromMessages(p, value, isQualifiedName(value));
}

/** ValidateLabelName: a label key. */
export function validateLabelName(key: string, p: At): FieldError[] {
  return fromMessages(p, key, isQualifiedName(key));
}

export function validateLabelValue(value: string, p: At): FieldError[] {
  return fromMessages(p, value, isValidLabelValue(value));
}

export function validateConfigMapKey(value: string, p: At): FieldError[] {
  return fromMessages(p, value, isConfigMapKey(value));
}

/** metav1 ValidateLabels: every key a qualified name, every value a label value; errors at the map's path. */
export function validateLabels(labels: Readonly<Record<string, string>> | undefined, p: At): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, p), ...validateLabelValue(v, p));
  }
  return errs;
}
