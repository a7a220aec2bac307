import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { compareQuantity, formatQuantity, type Quantity, quantityValue, roundUp, tryParseQuantity } from "../../util/quantity.js";

/** Quantities of the storage kinds' resource lists (capacity, requests), as upstream defaults and checks them. */

type ResourceList = Record<string, string>;

/**
 * SetDefaults_ResourceList: every parsable quantity rounded up to milli precision and written
 * back in canonical form ("1024Mi" → "1Gi"), as the API server stores it. Unparsable values are
 * left for validation to report.
 */
export function defaultResourceList(list: ResourceList | undefined): void {
  if (!list) return;
  for (const [name, value] of Object.entries(list)) {
    const q = tryParseQuantity(value);
    if (q) list[name] = formatQuantity(roundUp(q, -3));
  }
}

/** The canonical text of list[name], "0" when absent (Go's zero Quantity), as printers show it. */
export function quantityString(list: ResourceList | undefined, name: string): string {
  const q = tryParseQuantity(list?.[name]);
  return q ? formatQuantity(q) : "0";
}

export type ParsedQuantity = { ok: true; q: Quantity } | { ok: false; errs: FieldError[] };

/** Parses a quantity field; a malformed one becomes an Invalid error with upstream's parse message. */
export function parseQuantityAt(value: unknown, p: FieldPath): ParsedQuantity {
  const q = tryParseQuantity(value);
  if (q) return { ok: true, q };
  const detail = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  return { ok: false, errs: [fieldErrors.invalid(p, value, detail)] };
}

const zero: Quantity = { mantissa: 0n, exponent: 0, format: "DecimalSI" };

/** ValidatePositiveQuantityValue: "must be greater than zero", the value printed in canonical form. */
export function validatePositiveQuantity(q: Quantity, p: FieldPath): FieldError[] {
  return compareQuantity(q, zero) <= 0 ? [fieldErrors.invalid(p, formatQuantity(q), "must be greater than zero")] : [];
}

/** ValidateNonnegativeQuantity. */
export function validateNonnegativeQuantity(q: Quantity, p: FieldPath): FieldError[] {
  return compareQuantity(q, zero) < 0 ? [fieldErrors.invalid(p, formatQuantity(q), "must be greater than or equal to 0")] : [];
}

/** validateBasicResource: the integer value may not be negative. */
export function validateBasicResource(q: Quantity, p: FieldPath): FieldError[] {
  const value = quantityValue(q);
  return value < 0 ? [fieldErrors.invalid(p, value, "must be a valid resource quantity")] : [];
}
