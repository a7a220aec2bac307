import { anySchema, type FieldSchema } from "./field-schema.js";

/**
 * A JSON parser that also reports what upstream's strict decoding (sigs.k8s.io/json)
 * reports, in document order: duplicate fields and, given a schema, unknown fields, both as
 * full paths ("spec.template.spec.containers[0].image"). Syntax errors carry Go's
 * encoding/json messages, since clients show them verbatim.
 */

export interface JsonDecodeResult {
  readonly value: unknown;
  /** `duplicate field "…"` and `unknown field "…"` messages, in document order. */
  readonly strictErrors: string[];
}

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

export function decodeJson(text: string, schema: FieldSchema = anySchema): JsonDecodeResult {
  const p = new Parser(text);
  p.skipSpace();
  if (p.atEnd()) throw new JsonSyntaxError("unexpected end of JSON input");
  const value = p.value(schema);
  p.skipSpace();
  if (!p.atEnd()) throw p.invalid("after top-level value");
  return { value, strictErrors: p.strictErrors };
}

/** Go's quoteChar: how encoding/json names an unexpected character. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, "0")}'`;
  return `'${c}'`;
}

type Segment = string | number;

class Parser {
  pos = 0;
  readonly strictErrors: string[] = [];
  private readonly path: Segment[] = [];

  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  skipSpace(): void {
    const s = this.s;
    let i = this.pos;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.pos = i;
  }

  invalid(context: string): JsonSyntaxError {
    if (this.atEnd()) return new JsonSyntaxError("unexpected end of JSON input");
    const c = String.fromCodePoint(this.s.codePointAt(this.pos) ?? 0);
    return new JsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  value(schema: FieldSchema): unknown {
    this.skipSpace();
    const c = this.s[this.pos];
    switch (c) {
      case "{":
        return this.object(schema);
      case "[":
        return this.array(schema);
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      default:
        if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
        throw this.invalid("looking for beginning of value");
    }
  }

  private object(schema: FieldSchema): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.skipSpace();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] !== '"') throw this.invalid("looking for beginning of object key string");
      const key = this.string();
      this.skipSpace();
      if (this.s[this.pos] !== ":") throw this.invalid("after object key");
      this.pos++;
      const child = schema.property(key);
      this.path.push(key);
      if (child === undefined) {
        if (!seen.has(key)) this.strictErrors.push(`unknown field "${this.pathText()}"`);
      } else if (seen.has(key)) {
        this.strictErrors.push(`duplicate field "${this.pathText()}"`);
      }
      seen.add(key);
      const v = this.value(child ?? anySchema);
      this.path.pop();
      if (child !== undefined) defineField(out, key, v);
      this.skipSpace();
      const sep = this.s[this.pos];
      this.pos++;
      if (sep === "}") return out;
      if (sep !== ",") {
        this.pos--;
        throw this.invalid("after object key:value pair");
      }
    }
  }

  private array(schema: FieldSchema): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipSpace();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return out;
    }
    const items = schema.items();
    for (;;) {
      this.path.push(out.length);
      out.push(this.value(items));
      this.path.pop();
      this.skipSpace();
      const sep = this.s[this.pos];
      this.pos++;
      if (sep === "]") return out;
      if (sep !== ",") {
        this.pos--;
        throw this.invalid("after array element");
      }
    }
  }

  private string(): string {
    const s = this.s;
    const start = ++this.pos;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) return this.escapedString(start);
      if (c < 0x20) {
        this.pos = i;
        throw this.invalid("in string literal");
      }
      i++;
    }
    if (i >= s.length) {
      this.pos = i;
      throw new JsonSyntaxError("unexpected end of JSON input");
    }
    this.pos = i + 1;
    return s.slice(start, i);
  }

  /**
   * A string with escapes: its end is the first quote after an even run of backslashes, and
   * JSON.parse unescapes it natively. Whatever JSON.parse refuses (a bad escape, a control
   * character, no end) is scanned again by escapeError for Go's message at the right place.
   */
  private escapedString(start: number): string {
    const s = this.s;
    let end = s.indexOf('"', start);
    while (end !== -1 && backslashesBefore(s, end) % 2 === 1) end = s.indexOf('"', end + 1);
    if (end !== -1) {
      try {
        const value = JSON.parse(s.slice(start - 1, end + 1)) as string;
        this.pos = end + 1;
        return value;
      } catch {
        // fall through to the scan that names the fault
      }
    }
    return this.escapeError(start);
  }

  /** The character-by-character scan of a string with escapes, which throws Go's syntax errors. */
  private escapeError(start: number): string {
    const s = this.s;
    let i = start;
    while (i < s.length && s.charCodeAt(i) !== 0x22) {
      const c = s.charCodeAt(i);
      if (c < 0x20) {
        this.pos = i;
        throw this.invalid("in string literal");
      }
      if (c === 0x5c) {
        const e = s[i + 1];
        if (e === undefined) break;
        if (!'"\\/bfnrtu'.includes(e)) {
          this.pos = i + 1;
          throw this.invalid("in string escape code");
        }
        if (e === "u") this.checkHex(i + 2);
        i += e === "u" ? 6 : 2;
        continue;
      }
      i++;
    }
    if (i >= s.length) {
      this.pos = i;
      throw new JsonSyntaxError("unexpected end of JSON input");
    }
    this.pos = i + 1;
    return JSON.parse(s.slice(start - 1, i + 1)) as string;
  }

  /** The four digits of a \\u escape, as Go's scanner checks them one by one. */
  private checkHex(from: number): void {
    for (let k = from; k < from + 4; k++) {
      const c = this.s[k];
      if (c === undefined) return; // the string's end check reports it
      if (!/[0-9a-fA-F]/.test(c)) {
        this.pos = k;
        throw this.invalid("in \\u hexadecimal character escape");
      }
    }
  }

  private literal(word: string, value: boolean | null): boolean | null {
    for (let k = 0; k < word.length; k++) {
      if (this.s[this.pos + k] !== word[k]) {
        this.pos += k;
        throw this.invalid(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
      }
    }
    this.pos += word.length;
    return value;
  }

  private number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m || m[0] === "-") {
      this.pos += m ? m[0].length : 0;
      throw this.invalid("in numeric literal");
    }
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private pathText(): string {
    let out = "";
    for (const seg of this.path) {
      if (typeof seg === "number") out += `[${seg}]`;
      else out += out === "" ? seg : `.${seg}`;
    }
    return out;
  }
}

/** How many backslashes stand right before position i. */
function backslashesBefore(s: string, i: number): number {
  let j = i - 1;
  while (s.charCodeAt(j) === 0x5c) j--;
  return i - 1 - j;
}

/** Sets a field without invoking the __proto__ setter, so decoded keys stay plain data. */
function defineField(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
