import { clone, isPlainObject } from "../../api/object.js";
import { fieldOf, goTypeName, resolveRef, type TypeSchema, type ValueType } from "../../api/schema/index.js";
import { pointerScalars, valueStructs } from "./go-field-rules.js";

/**
 * The value Go would write after decoding `value` into its typed struct: fields tagged omitempty
 * dropped when zero (unless pointers), value structs written even when absent. Upstream hashes
 * what Go writes, so a revision's name depends on exactly these fields.
 */
export function goNormalize(value: unknown, type: ValueType): unknown {
  switch (type.kind) {
    case "scalar":
      return value;
    case "array":
      return Array.isArray(value) ? value.map((v) => (v === null ? null : goNormalize(v, type.items))) : value;
    case "map":
      return isPlainObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? null : goNormalize(v, type.values)])) : value;
    case "ref": {
      const named = resolveRef(type);
      return named?.kind === "object" && isPlainObject(value) ? normalizeObject(value, named) : value;
    }
  }
}

function normalizeObject(obj: Record<string, unknown>, t: TypeSchema): Record<string, unknown> {
  const goType = goTypeName(t.name);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(obj)) {
    const field = fieldOf(t, name);
    if (!field) {
      out[name] = value;
      continue;
    }
    if (value === null || value === undefined) continue;
    const normalized = goNormalize(value, field.type);
    const key = `${goType}.${name}`;
    if (t.required.includes(name) || !omitted(normalized, field.type, key)) out[name] = normalized;
  }
  for (const [name, field] of Object.entries(t.fields)) {
    if (Object.hasOwn(out, name)) continue;
    const key = `${goType}.${name}`;
    if (valueStructs.has(key)) {
      const zero = valueStructs.get(key);
      out[name] = zero === null ? null : goNormalize(clone(zero), field.type);
    } else if (t.required.includes(name)) {
      out[name] = zeroOf(field.type);
    }
  }
  return out;
}

/** Whether omitempty drops the value: zero scalars (not pointers), empty lists and maps. */
function omitted(value: unknown, type: ValueType, key: string): boolean {
  switch (type.kind) {
    case "scalar":
      return !pointerScalars.has(key) && (value === "" || value === 0 || value === false);
    case "array":
      return Array.isArray(value) && value.length === 0;
    case "map":
      return isPlainObject(value) && Object.keys(value).length === 0;
    case "ref":
      return false;
  }
}

/** What Go writes for a required field the object leaves out. */
function zeroOf(type: ValueType): unknown {
  if (type.kind !== "scalar") return null;
  return type.type === "string" ? "" : type.type === "boolean" ? false : 0;
}

const hex = "0123456789abcdef";

/** A string as Go's json.Marshal writes it: HTML-safe, \b \f \n \r \t, other controls as \u00XX. */
function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else if (c < 0x20) out += controlEscape(c);
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

function controlEscape(c: number): string {
  switch (c) {
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    default:
      return `\\u00${hex[c >> 4]}${hex[c & 15]}`;
  }
}

/**
 * JSON as Go's json.Marshal writes a map[string]interface{}: compact, keys sorted at every level,
 * strings escaped Go's way. Upstream builds revision data this way before hashing it.
 */
export function goStringify(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(goStringify).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${goString(k)}:${goStringify(value[k])}`).join(",")}}`;
  }
  return "null";
}
