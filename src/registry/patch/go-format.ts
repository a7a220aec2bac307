/**
 * Decoded JSON printed the way Go's fmt prints the map[string]interface{} values upstream's
 * patch code holds, because upstream's patch errors embed them (`map: map[image:x] does not
 * contain declared merge key: name`).
 */

/** Go's %v: maps with sorted keys as map[k:v], slices as [a b], strings bare, nil as <nil>. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, x]) => `${k}:${goValue(x)}`).join(" ")}]`;
  }
  if (typeof v === "number") return goNumber(v);
  return String(v);
}

/** JSON integers decode to int64 upstream (printed plainly), other numbers to float64 (shortest %g: exponent below 1e-4 and from 1e6). */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const exp = n.toExponential();
  const [mantissa, e] = exp.split("e") as [string, string];
  const power = Number(e);
  if (power < -4 || power >= 6) return `${mantissa}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
  return String(n);
}

/** The Go type a decoded JSON value has upstream, as reflect prints it. */
export function goTypeOf(v: unknown): string {
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (Array.isArray(v)) return "[]interface {}";
  switch (typeof v) {
    case "object":
      return "map[string]interface {}";
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int64" : "float64";
    default:
      return typeof v;
  }
}

/** Whether two decoded values have the same Go type (int64 and float64 differ). */
export function sameGoType(a: unknown, b: unknown): boolean {
  return goTypeOf(a) === goTypeOf(b);
}
