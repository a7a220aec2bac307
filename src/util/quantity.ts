/**
 * Kubernetes resource.Quantity: parse, compare, round and print in canonical form, exactly as
 * apimachinery/pkg/api/resource does ("0.5" → "500m", "1024Mi" → "1Gi", "1000" → "1k").
 * Values are exact: mantissa × 10^exponent with a BigInt mantissa.
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

const splitRE = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/** Upstream's parse errors, by message. */
export const quantityErrors = {
  formatWrong: `quantities must match the regular expression '${splitRE}'`,
  numeric: "unable to parse numeric part of quantity",
  suffix: "unable to parse quantity's suffix",
} as const;

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuantityError";
  }
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const nano = -9;
const maxAllowed = (1n << 63n) - 1n;

/** Parses a quantity as a string or a JSON number; throws QuantityError with upstream's message. */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === "number" ? String(input) : input.trim();
  if (str.length === 0) throw new QuantityError(quantityErrors.formatWrong);
  const parts = splitQuantity(str);
  const unit = interpretSuffix(parts.suffix);
  let mantissa = BigInt(parts.num + parts.denom);
  let exponent = -parts.denom.length;
  if (unit.base === 10) exponent += unit.exponent;
  else mantissa *= 1n << BigInt(unit.exponent);
  let q: Quantity = { mantissa: parts.positive ? mantissa : -mantissa, exponent, format: unit.format };
  // Non-zero amounts below a nano round up to one, so a tiny request still asks for something.
  if (q.mantissa !== 0n) q = roundUp(q, nano);
  return capMagnitude(q);
}

/** The parsed quantity, or undefined when v is not a valid quantity. */
export function tryParseQuantity(v: unknown): Quantity | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

interface QuantityParts {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

function splitQuantity(str: string): QuantityParts {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(str);
  if (!m || (m[2] === "" && m[3] === undefined)) throw new QuantityError(quantityErrors.formatWrong);
  const suffix = m[4] ?? "";
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) throw new QuantityError(quantityErrors.formatWrong);
  const num = (m[2] ?? "").replace(/^0+/, "") || "0";
  return { positive: m[1] !== "-", num, denom: m[3] ?? "", suffix };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const dec = decimalSuffixes[suffix];
  if (dec !== undefined) return { base: 10, exponent: dec, format: "DecimalSI" };
  const bin = binarySuffixes[suffix];
  if (bin !== undefined) return { base: 2, exponent: bin, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[-+]?[0-9]+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number.parseInt(suffix.slice(1), 10), format: "DecimalExponent" };
  }
  throw new QuantityError(quantityErrors.suffix);
}

function capMagnitude(q: Quantity): Quantity {
  if (compareAbs(q, { mantissa: maxAllowed, exponent: 0, format: q.format }) <= 0) return q;
  return { mantissa: q.mantissa < 0n ? -maxAllowed : maxAllowed, exponent: 0, format: q.format };
}

function compareAbs(a: Quantity, b: Quantity): number {
  const abs = (q: Quantity): Quantity => ({ ...q, mantissa: q.mantissa < 0n ? -q.mantissa : q.mantissa });
  return compareQuantity(abs(a), abs(b));
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const e = Math.min(a.exponent, b.exponent);
  const x = a.mantissa * 10n ** BigInt(a.exponent - e);
  const y = b.mantissa * 10n ** BigInt(b.exponent - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZeroQuantity(q: Quantity): boolean {
  return q.mantissa === 0n;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.exponent, b.exponent);
  const mantissa = a.mantissa * 10n ** BigInt(a.exponent - e) + b.mantissa * 10n ** BigInt(b.exponent - e);
  return { mantissa, exponent: e, format: a.format };
}

/**
 * Rounds to a multiple of 10^scale away from zero, as Quantity.RoundUp (a request of 0.1m
 * becomes 1m: asking for some of a resource never becomes asking for none).
 */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.exponent >= scale) return q;
  const div = 10n ** BigInt(scale - q.exponent);
  const neg = q.mantissa < 0n;
  const abs = neg ? -q.mantissa : q.mantissa;
  const rounded = (abs + div - 1n) / div;
  return { mantissa: neg ? -rounded : rounded, exponent: scale, format: q.format };
}

/** The value in thousandths, rounded up (Quantity.MilliValue). */
export function milliValue(q: Quantity): bigint {
  return roundUp(q, -3).mantissa * 10n ** BigInt(Math.max(0, q.exponent + 3));
}

/** The value rounded up to an integer, as a number (Quantity.Value). */
export function quantityValue(q: Quantity): number {
  return Number(roundUp(q, 0).mantissa * 10n ** BigInt(Math.max(0, q.exponent)));
}

/** The value as a float, for display and arithmetic where exactness does not matter. */
export function quantityToNumber(q: Quantity): number {
  return Number(q.mantissa) * 10 ** q.exponent;
}

/** The canonical string the API server writes back (Quantity.String). */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return "0";
  if (q.format === "BinarySI") {
    const binary = formatBinary(q);
    if (binary !== undefined) return binary;
  }
  const { mantissa, exponent } = canonicalDecimal(q);
  if (q.format === "DecimalExponent") return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === exponent)?.[0];
  return suffix === undefined ? `${mantissa}e${exponent}` : `${mantissa}${suffix}`;
}

/** Integral values of at least 1024 print with the largest binary suffix that divides them. */
function formatBinary(q: Quantity): string | undefined {
  const one024 = { mantissa: 1024n, exponent: 0, format: q.format };
  if (compareAbs(q, one024) < 0) return undefined;
  // Not an integer: binary suffixes would round, so upstream prints it as DecimalSI.
  if (q.exponent < 0 && q.mantissa % 10n ** BigInt(-q.exponent) !== 0n) return undefined;
  let value = q.exponent < 0 ? q.mantissa / 10n ** BigInt(-q.exponent) : q.mantissa * 10n ** BigInt(q.exponent);
  let power = 0;
  while (power < 6 && value % 1024n === 0n) {
    value /= 1024n;
    power++;
  }
  const suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power]!;
  return `${value}${suffix}`;
}

/** Trailing zeros folded into the exponent, then the exponent lowered to a multiple of 3. */
function canonicalDecimal(q: Quantity): { mantissa: bigint; exponent: number } {
  let m = q.mantissa;
  let e = q.exponent;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  const r = ((e % 3) + 3) % 3;
  return { mantissa: m * 10n ** BigInt(r), exponent: e - r };
}

/** Parses and re-prints: the form an API server stores and returns. */
export function canonicalQuantity(input: string | number): string {
  return formatQuantity(parseQuantity(input));
}
