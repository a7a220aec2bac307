import type { TypeSchema, ValueType } from "../../../api/schema/type-schema.js";
import type { TypeLookup } from "../../type-lookup.js";
import { fieldTables, type MessageTable, tableKeyOf } from "./field-table.js";
import { ProtobufDecodeError } from "./protobuf-decode-error.js";
import { readFields, readPackedVarints, type WireField, wireType } from "./wire-reader.js";

export { ProtobufDecodeError };

/** Every Kubernetes protobuf body starts with these four bytes, then a runtime.Unknown. */
const magic = [0x6b, 0x38, 0x73, 0x00];

const utf8 = new TextDecoder("utf-8");

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

/** Splits `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw} into its parts. */
export function readEnvelope(body: Uint8Array): Envelope {
  if (body.length < 4 || magic.some((b, i) => body[i] !== b)) {
    throw new ProtobufDecodeError("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
  }
  const env: Envelope = { apiVersion: "", kind: "", raw: new Uint8Array(0) };
  for (const f of readFields(body.subarray(4))) {
    if (f.number === 1 && f.wireType === wireType.bytes) {
      for (const t of readFields(f.bytes)) {
        if (t.number === 1) env.apiVersion = utf8.decode(t.bytes);
        if (t.number === 2) env.kind = utf8.decode(t.bytes);
      }
    } else if (f.number === 2 && f.wireType === wireType.bytes) {
      env.raw = f.bytes;
    }
  }
  return env;
}

/**
 * Decodes a protobuf request body into the JSON form of its object, driven by the type
 * schema (names, types) and the field-number table (numbers, Go pointer-ness).
 */
export function decodeProtobufObject(body: Uint8Array, types: TypeLookup): Record<string, unknown> {
  const env = readEnvelope(body);
  const [group, version] = env.apiVersion.includes("/") ? env.apiVersion.split("/", 2) : ["", env.apiVersion];
  const type = types.byKind({ group: group!, version: version!, kind: env.kind });
  const table = type ? tables().get(tableKeyOf(type.name) ?? "") : undefined;
  if (!type || !table) {
    throw new ProtobufDecodeError(`no kind "${env.kind}" is registered for version "${env.apiVersion}" in scheme "pkg/runtime/scheme.go:100"`);
  }
  const decoder = new MessageDecoder(types);
  return { apiVersion: env.apiVersion, kind: env.kind, ...decoder.message(env.raw, type, table) };
}

let cachedTables: ReadonlyMap<string, MessageTable> | undefined;
function tables(): ReadonlyMap<string, MessageTable> {
  cachedTables ??= fieldTables();
  return cachedTables;
}

class MessageDecoder {
  constructor(private readonly types: TypeLookup) {}

  message(buf: Uint8Array, type: TypeSchema, table: MessageTable): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const pkg = tableKeyOf(type.name)?.split(".")[0] ?? "";
    for (const f of readFields(buf)) {
      const spec = table.get(f.number);
      if (!spec) continue;
      if (spec.inline) {
        const inlineTable = tables().get(`${pkg}.${spec.inline}`);
        if (inlineTable) Object.assign(out, this.message(f.bytes, type, inlineTable));
        continue;
      }
      const field = type.fields[spec.name];
      if (!field) continue;
      this.assign(out, spec.name, { field: f, type: field.type, pointer: spec.pointer, bytes: spec.bytes });
    }
    return out;
  }

  private assign(out: Record<string, unknown>, name: string, v: { field: WireField; type: ValueType; pointer: boolean; bytes: boolean }): void {
    const { field, type } = v;
    if (type.kind === "array") {
      const list = (out[name] ??= []) as unknown[];
      list.push(...this.repeated(field, type.items, v.bytes));
      return;
    }
    if (type.kind === "map") {
      const map = (out[name] ??= {}) as Record<string, unknown>;
      let key = "";
      let value: unknown = v.bytes ? "" : this.zero(type.values);
      for (const e of readFields(field.bytes)) {
        if (e.number === 1) key = utf8.decode(e.bytes);
        if (e.number === 2) value = this.value(e, type.values, v.bytes);
      }
      map[key] = value;
      return;
    }
    const value = this.value(field, type, v.bytes);
    if (value === undefined) return;
    if (!v.pointer && type.kind === "scalar" && (value === "" || value === 0 || value === false)) return;
    out[name] = value;
  }

  private repeated(field: WireField, items: ValueType, bytes: boolean): unknown[] {
    const packed = field.wireType === wireType.bytes && items.kind === "scalar" && items.type !== "string";
    if (packed) return readPackedVarints(field.bytes).map((n) => (items.type === "boolean" ? n !== 0n : Number(BigInt.asIntN(64, n))));
    return [this.value(field, items, bytes)];
  }

  private zero(t: ValueType): unknown {
    return t.kind === "scalar" ? (t.type === "string" ? "" : t.type === "boolean" ? false : 0) : {};
  }

  private value(field: WireField, type: ValueType, bytes: boolean): unknown {
    switch (type.kind) {
      case "scalar":
        return scalar(field, type.type, bytes);
      case "ref":
        return this.ref(field.bytes, type.name);
      default:
        throw new ProtobufDecodeError(`proto: nested collection in field ${field.number}`);
    }
  }

  private ref(buf: Uint8Array, name: string): unknown {
    const t = this.types.byName(name);
    if (!t) return undefined;
    switch (t.kind) {
      case "object": {
        const table = tables().get(tableKeyOf(name) ?? "");
        return table ? this.message(buf, t, table) : undefined;
      }
      case "int-or-string":
        return intOrString(buf);
      case "quantity":
        return stringField(buf, 1);
      case "time":
      case "micro-time":
        return timestamp(buf, t.kind === "micro-time");
      case "raw-extension":
      case "fields-v1":
        return rawJson(buf);
    }
  }
}

function scalar(f: WireField, type: string, bytes: boolean): unknown {
  if (type === "string") return bytes ? Buffer.from(f.bytes).toString("base64") : utf8.decode(f.bytes);
  if (type === "boolean") return f.varint !== 0n;
  if (type === "number") return f.bytes.length === 8 ? Buffer.from(f.bytes).readDoubleLE(0) : Number(f.varint);
  return Number(BigInt.asIntN(64, f.varint));
}

function stringField(buf: Uint8Array, number: number): string {
  let out = "";
  for (const f of readFields(buf)) if (f.number === number) out = utf8.decode(f.bytes);
  return out;
}

function intOrString(buf: Uint8Array): number | string {
  let type = 0n;
  let intVal = 0;
  let strVal = "";
  for (const f of readFields(buf)) {
    if (f.number === 1) type = f.varint;
    if (f.number === 2) intVal = Number(BigInt.asIntN(32, f.varint));
    if (f.number === 3) strVal = utf8.decode(f.bytes);
  }
  return type === 1n ? strVal : intVal;
}

/** metav1.Time / MicroTime (seconds, nanos); the zero time is omitted, as JSON writes it null. */
function timestamp(buf: Uint8Array, micro: boolean): string | undefined {
  let seconds = 0n;
  let nanos = 0;
  for (const f of readFields(buf)) {
    if (f.number === 1) seconds = BigInt.asIntN(64, f.varint);
    if (f.number === 2) nanos = Number(f.varint);
  }
  if (seconds === 0n && nanos === 0) return undefined;
  const iso = new Date(Number(seconds) * 1000).toISOString();
  if (!micro) return iso.replace(/\.\d{3}Z$/, "Z");
  return iso.replace(/\.\d{3}Z$/, `.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z`);
}

function rawJson(buf: Uint8Array): unknown {
  const raw = stringField(buf, 1);
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ProtobufDecodeError("proto: embedded raw value is not JSON");
  }
}
