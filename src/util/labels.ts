// One file because it mirrors one upstream package (labels): model, matching, lexer and parser.
import { isQualifiedName, isValidLabelValue } from "./names.js";

/**
 * Label selectors as upstream's k8s.io/apimachinery/pkg/labels: the string syntax
 * (`a=b,c!=d,e in (f,g),!h,i>3`), matching, the string form, and conversion from
 * metav1.LabelSelector. Parse errors carry upstream's exact wording; the registry
 * turns them into 400 BadRequest.
 */

export type Operator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Values as given; the string form sorts them. */
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | undefined;

/** A selector parse or build error; the message is upstream's. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}

export class LabelSelector {
  /** matchesNothing: upstream's labels.Nothing() (a nil metav1.LabelSelector). */
  private constructor(
    readonly requirements: readonly Requirement[],
    private readonly matchesNothing: boolean,
  ) {}

  static everything(): LabelSelector {
    return new LabelSelector([], false);
  }

  static nothing(): LabelSelector {
    return new LabelSelector([], true);
  }

  /** Requirements sorted by key (stable), as upstream's selector.Add. */
  static of(requirements: readonly Requirement[]): LabelSelector {
    const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return new LabelSelector(sorted, false);
  }

  isEmpty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    if (this.matchesNothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels ?? {}));
  }

  toString(): string {
    return this.requirements.map(requirementString).join(",");
  }
}

function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return value !== undefined && r.values.includes(value);
    case "notin":
    case "!=":
      return value === undefined || !r.values.includes(value);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt":
      return compareInteger(r, value);
  }
}

function compareInteger(r: Requirement, value: string | undefined): boolean {
  if (value === undefined || r.values.length !== 1) return false;
  const actual = parseInt64(value);
  const wanted = parseInt64(r.values[0]!);
  if (actual === undefined || wanted === undefined) return false;
  return r.operator === "gt" ? actual > wanted : actual < wanted;
}

/** Go's strconv.ParseInt(s, 10, 64) as a bigint, or undefined. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

const operatorText: Record<Operator, string> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  in: " in ",
  notin: " notin ",
  gt: ">",
  lt: "<",
  exists: "",
  "!": "",
};

function requirementString(r: Requirement): string {
  const prefix = r.operator === "!" ? "!" : "";
  if (r.operator === "exists" || r.operator === "!") return `${prefix}${r.key}`;
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(",");
  const set = r.operator === "in" || r.operator === "notin";
  return `${r.key}${operatorText[r.operator]}${set ? `(${values})` : values}`;
}

// ---- building requirements (labels.NewRequirement) ----

/** Go's %#v-ish rendering of a bad value inside a field error. */
function goValue(v: string | readonly string[]): string {
  if (typeof v === "string") return JSON.stringify(v);
  return `[]string{${v.map((s) => JSON.stringify(s)).join(", ")}}`;
}

function invalid(field: string, value: string | readonly string[], detail: string): string {
  return `${field}: Invalid value: ${goValue(value)}: ${detail}`;
}

/** Joins field error messages as upstream's ErrorList.ToAggregate. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0]! : `[${errs.join(", ")}]`;
}

/** upstream's NewRequirement: validates key, operator arity and values; throws SelectorError. */
export function newRequirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(invalid("key", key, keyErrs.join("; ")));
  errs.push(...arityErrors(operator, values));
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(invalid(`values[${i}][${key}]`, v, valueErrs.join("; ")));
  });
  if (errs.length > 0) throw new SelectorError(aggregate(errs));
  return { key, operator, values: [...values] };
}

function arityErrors(operator: Operator, values: readonly string[]): string[] {
  switch (operator) {
    case "in":
    case "notin":
      return values.length === 0 ? [invalid("values", values, "for 'in', 'notin' operators, values set can't be empty")] : [];
    case "=":
    case "==":
    case "!=":
      return values.length !== 1 ? [invalid("values", values, "exact-match compatibility requires one single value")] : [];
    case "exists":
    case "!":
      return values.length !== 0 ? [invalid("values", values, "values set must be empty for exists and does not exist")] : [];
    case "gt":
    case "lt": {
      const errs = values.length !== 1 ? [invalid("values", values, "for 'Gt', 'Lt' operators, exactly one value is required")] : [];
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      return errs;
    }
  }
}

// ---- metav1.LabelSelector ----

export interface LabelSelectorRequirementSpec {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirementSpec[];
}

const metaOperators: Record<string, Operator> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/** upstream's metav1.LabelSelectorAsSelector: undefined matches nothing, {} everything. */
export function labelSelectorFromSpec(spec: LabelSelectorSpec | undefined | null): LabelSelector {
  if (spec === undefined || spec === null) return LabelSelector.nothing();
  const matchLabels = Object.entries(spec.matchLabels ?? {});
  const expressions = spec.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return LabelSelector.everything();
  const reqs = matchLabels.map(([k, v]) => newRequirement(k, "=", [v]));
  for (const e of expressions) {
    const op = Object.hasOwn(metaOperators, e.operator) ? metaOperators[e.operator] : undefined;
    if (op === undefined) throw new SelectorError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, e.values ?? []));
  }
  return LabelSelector.of(reqs);
}

/** upstream's metav1.FormatLabelSelector: "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(spec: LabelSelectorSpec | undefined | null): string {
  let text: string;
  try {
    text = labelSelectorFromSpec(spec).toString();
  } catch {
    return "<error>";
  }
  return text.length === 0 ? "<none>" : text;
}

/** The selector matching exactly the given labels (upstream's SelectorFromSet). */
export function selectorFromSet(set: Readonly<Record<string, string>>): LabelSelector {
  return LabelSelector.of(Object.entries(set).map(([key, v]) => ({ key, operator: "=" as const, values: [v] })));
}

// ---- the string syntax (labels.Parse) ----

type Token = "error" | "end" | ")" | "," | "!" | "==" | "=" | ">" | "in" | "<" | "!=" | "notin" | "(" | "identifier";

interface Scanned {
  readonly tok: Token;
  readonly lit: string;
}

const literalTokens: Record<string, Token> = {
  ")": ")", ",": ",", "!": "!", "==": "==", "=": "=", ">": ">", in: "in", "<": "<", "!=": "!=", notin: "notin", "(": "(",
};
const binaryOperators = "in, notin, =, ==, !=, gt, lt";
const isWhitespace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecial = (ch: string): boolean => "=!(),><".includes(ch) && ch !== "";

/** Splits the input into tokens exactly as upstream's Lexer. */
function scan(s: string): Scanned[] {
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: "end", lit: "" });
      return out;
    }
    const start = pos;
    if (isSpecial(s[pos]!)) {
      let last: Scanned | undefined;
      let buffer = "";
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos];
        const t = Object.hasOwn(literalTokens, buffer) ? literalTokens[buffer] : undefined;
        if (t !== undefined) last = { tok: t, lit: buffer };
        else if (last !== undefined) break;
        pos++;
      }
      out.push(last ?? { tok: "error", lit: `error expected: keyword found '${s.slice(start, pos)}'` });
      if (last !== undefined) pos = start + last.lit.length;
      continue;
    }
    while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
    const word = s.slice(start, pos);
    const t = Object.hasOwn(literalTokens, word) ? literalTokens[word]! : "identifier";
    out.push({ tok: t, lit: word });
  }
}

/** Where "in" and "notin" read as plain identifiers (in value position). */
type Context = "keyAndOperator" | "values";

class Parser {
  private position = 0;
  constructor(private readonly items: Scanned[]) {}

  lookahead(context: Context): Scanned {
    return asContext(this.items[this.position]!, context);
  }

  consume(context: Context): Scanned {
    return asContext(this.items[this.position++]!, context);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead("values");
      if (tok === "end") return reqs;
      if (tok !== "identifier" && tok !== "!") {
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.parseRequirement());
      } catch (err) {
        throw new SelectorError(`unable to parse requirement: ${(err as Error).message}`);
      }
      const next = this.consume("values");
      if (next.tok === "end") return reqs;
      if (next.tok !== ",") throw new SelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead("values");
      if (after.tok !== "identifier" && after.tok !== "!") {
        throw new SelectorError(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    let negated = false;
    let { tok, lit } = this.consume("values");
    if (tok === "!") {
      negated = true;
      ({ tok, lit } = this.consume("values"));
    }
    if (tok !== "identifier") throw new SelectorError(`found '${lit}', expected: identifier`);
    const keyErrs = isQualifiedName(lit);
    // upstream validates the key with a nil field path, which prints as "<nil>"
    if (keyErrs.length > 0) throw new SelectorError(invalid("<nil>", lit, keyErrs.join("; ")));
    const key = lit;
    const ahead = this.lookahead("values").tok;
    if (negated || ahead === "end" || ahead === ",") {
      return newRequirement(key, negated ? "!" : "exists", []);
    }
    const operator = this.parseOperator();
    const values = operator === "in" || operator === "notin" ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...new Set(values)].sort());
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume("keyAndOperator");
    const ops: Partial<Record<Token, Operator>> = { in: "in", "=": "=", "==": "==", ">": "gt", "<": "lt", notin: "notin", "!=": "!=" };
    const op = ops[tok];
    if (op === undefined) throw new SelectorError(`found '${lit}', expected: ${binaryOperators}`);
    return op;
  }

  private parseValues(): string[] {
    const open = this.consume("values");
    if (open.tok !== "(") throw new SelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead("values");
    if (tok === ")") {
      this.consume("values");
      return [""];
    }
    if (tok !== "identifier" && tok !== ",") throw new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (this.consume("values").tok !== ")") throw new SelectorError(`found '${lit}', expected: ')'`);
    return values;
  }

  private parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const { tok, lit } = this.consume("values");
      if (tok === "identifier") {
        values.push(lit);
        const next = this.lookahead("values");
        if (next.tok === ",") continue;
        if (next.tok === ")") return values;
        throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== ",") throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      // "(,", ",)" and ",," stand for empty values
      if (values.length === 0) values.push("");
      const next = this.lookahead("values").tok;
      if (next === ")") {
        values.push("");
        return values;
      }
      if (next === ",") values.push("");
    }
  }

  private parseExactValue(): string[] {
    const ahead = this.lookahead("values").tok;
    if (ahead === "end" || ahead === ",") return [""];
    const { tok, lit } = this.consume("values");
    if (tok === "identifier") return [lit];
    throw new SelectorError(`found '${lit}', expected: identifier`);
  }
}

function asContext(item: Scanned, context: Context): Scanned {
  if (context === "values" && (item.tok === "in" || item.tok === "notin")) return { tok: "identifier", lit: item.lit };
  return item;
}

/** Parses upstream's label selector syntax; throws SelectorError with upstream's message. */
export function parseLabelSelector(text: string): LabelSelector {
  return LabelSelector.of(new Parser(scan(text)).parse());
}
