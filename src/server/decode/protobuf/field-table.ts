import { fieldNumberText } from "./field-numbers.js";

/** One protobuf field of a message: the JSON field it fills, or an inlined struct. */
export interface ProtoField {
  readonly name: string;
  /** A Go pointer: its zero value is kept (a non-pointer zero is omitted, as JSON omitempty). */
  readonly pointer: boolean;
  /** A bytes value, written to JSON as base64. */
  readonly bytes: boolean;
  /** For an embedded struct: the message (in the same package) whose fields are inlined. */
  readonly inline?: string;
}

export type MessageTable = ReadonlyMap<number, ProtoField>;

/** Messages by "package.Type" ("core.PodSpec", "meta.ObjectMeta"). */
export function fieldTables(): ReadonlyMap<string, MessageTable> {
  const out = new Map<string, MessageTable>();
  for (const [pkg, text] of Object.entries(fieldNumberText)) {
    for (const line of text.split("\n")) {
      const m = /^\s*(\w+):\s*(.*)$/.exec(line);
      if (m) out.set(`${pkg}.${m[1]}`, parseFields(m[2]!));
    }
  }
  return out;
}

function parseFields(spec: string): MessageTable {
  const table = new Map<number, ProtoField>();
  for (const token of spec.split(/\s+/).filter((t) => t !== "")) {
    const m = /^(~?)(\w+)=(\d+)([*#]?)$/.exec(token);
    if (!m) throw new Error(`bad protobuf field spec: ${token}`);
    const [, inline, name, num, mark] = m;
    const field: ProtoField = inline
      ? { name: name!, pointer: false, bytes: false, inline: name! }
      : { name: name!, pointer: mark === "*", bytes: mark === "#" };
    table.set(Number(num), field);
  }
  return table;
}

/** The table key of an OpenAPI type name ("io.k8s.api.core.v1.Pod" → "core.Pod"). */
export function tableKeyOf(typeName: string): string | undefined {
  const m = /^io\.k8s\.(?:api\.(\w+)\.v\w+|apimachinery\.pkg\.apis\.(meta)\.v1)\.(\w+)$/.exec(typeName);
  if (!m) return undefined;
  return `${m[1] ?? m[2]}.${m[3]}`;
}
