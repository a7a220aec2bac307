import { parseDocument } from "yaml";
import { decodeJson } from "./json-decode.js";
import { anySchema, type FieldSchema } from "./field-schema.js";

/**
 * YAML request bodies as upstream reads them (sigs.k8s.io/yaml): converted to JSON first, so
 * duplicate keys are reported by line as go-yaml does, all together as one error, and
 * unknown fields after them in sorted order (the JSON conversion sorts map keys).
 */

export interface YamlDecodeResult {
  readonly value: unknown;
  readonly strictErrors: string[];
}

export class YamlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "YamlSyntaxError";
  }
}

export function decodeYaml(text: string, schema: FieldSchema = anySchema): YamlDecodeResult {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const duplicates: string[] = [];
  for (const e of doc.errors) {
    const line = e.linePos?.[0]?.line ?? 0;
    if (e.code !== "DUPLICATE_KEY") throw new YamlSyntaxError(`yaml: line ${line}: ${e.message.split(/ at line \d+|\n/)[0]}`);
    duplicates.push(`line ${line}: key ${JSON.stringify(duplicateKeyName(text, e.pos[0]))} already set in map`);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const { value, strictErrors: unknown } = decodeJson(JSON.stringify(sortKeys(raw ?? null)), schema);
  const strictErrors = duplicates.length > 0 ? [`yaml: unmarshal errors:\n  ${duplicates.join("\n  ")}`] : [];
  return { value, strictErrors: [...strictErrors, ...unknown.sort()] };
}

/** The key text at a duplicate-key error's offset. */
function duplicateKeyName(text: string, offset: number): string {
  const m = /^\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:#\n]*?))\s*:/.exec(text.slice(offset));
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? "").trim();
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
