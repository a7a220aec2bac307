import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { PrintedValue } from "../field-errors.js";

/**
 * Bad values printed as upstream's messages print them: Go's %#v of the internal types
 * (`map[string]string{"app":"web"}`, `v1.LabelSelector{...}`) and fmt.Stringer values bare.
 */

const quote = (s: string): string => JSON.stringify(s);

function stringMap(m: Readonly<Record<string, string>> | undefined): string {
  if (m === undefined) return "map[string]string(nil)";
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${quote(k)}:${quote(m[k]!)}`);
  return `map[string]string{${entries.join(", ")}}`;
}

function stringSlice(values: readonly string[] | undefined): string {
  return values === undefined ? "[]string(nil)" : `[]string{${values.map(quote).join(", ")}}`;
}

/** A label map as Go prints a map[string]string with %#v (keys sorted). */
export function goStringMap(m: Readonly<Record<string, string>> | undefined): PrintedValue {
  return new PrintedValue(stringMap(m), m ?? null);
}

/** A metav1.LabelSelector as Go prints the dereferenced struct with %#v. */
export function goLabelSelector(selector: LabelSelector | undefined): PrintedValue {
  const s = selector ?? {};
  const exprs = s.matchExpressions;
  const items = exprs?.map(
    (e) => `v1.LabelSelectorRequirement{Key:${quote(e.key ?? "")}, Operator:${quote(e.operator ?? "")}, Values:${stringSlice(e.values)}}`,
  );
  const matchExpressions = items === undefined ? "[]v1.LabelSelectorRequirement(nil)" : `[]v1.LabelSelectorRequirement{${items.join(", ")}}`;
  return new PrintedValue(`v1.LabelSelector{MatchLabels:${stringMap(s.matchLabels)}, MatchExpressions:${matchExpressions}}`, s);
}

/** An intstr.IntOrString, a fmt.Stringer: "150%" and 3 both print bare. */
export function goIntOrString(v: number | string): PrintedValue {
  return new PrintedValue(String(v), v);
}
