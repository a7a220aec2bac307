/**
 * Field selectors as upstream's k8s.io/apimachinery/pkg/fields: `a=b,c==d,e!=f`, values
 * escaped with backslashes (`\,`, `\=`, `\\`). Which fields a kind supports is the
 * registry's business; parse errors carry upstream's wording (400 BadRequest).
 */
import { SelectorError } from "./labels.js";

export interface FieldRequirement {
  readonly field: string;
  readonly operator: "=" | "!=";
  readonly value: string;
}

export type Fields = Readonly<Record<string, string>>;

export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  static everything(): FieldSelector {
    return new FieldSelector([]);
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** A field absent from fields reads as "" (as upstream's fields.Set.Get). */
  matches(fields: Fields): boolean {
    return this.requirements.every((r) => ((fields[r.field] ?? "") === r.value) === (r.operator === "="));
  }

  /** The value the selector requires of field with "=", if it does (RequiresExactMatch). */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === "=")?.value;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(",");
  }
}

/** Escapes a literal for use as a field selector value. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** upstream's UnescapeValue; throws SelectorError on a bad escape or a bare ',' or '='. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== "\\" && c !== "," && c !== "=") throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === "\\") {
      inSlash = true;
    } else if (c === "," || c === "=") {
      // Go prints the rune with %v: its code point
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new SelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** Splits on commas not escaped by a backslash, keeping the escapes. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators = ["!=", "==", "="] as const;

function splitTerm(term: string): { lhs: string; op: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = termOperators.find((o) => term.startsWith(o, i));
    if (op) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
  }
  return undefined;
}

/** Parses a field selector as upstream's fields.ParseSelector (terms sorted). */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const term = splitTerm(part);
    if (!term) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    reqs.push({ field: term.lhs, operator: term.op === "!=" ? "!=" : "=", value: unescapeFieldValue(term.rhs) });
  }
  return new FieldSelector(reqs);
}
