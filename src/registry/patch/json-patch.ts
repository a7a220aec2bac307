/**
 * JSON patch (RFC 6902) as upstream applies it with evanphx/json-patch v4: all six
 * operations, "-" to append, negative indexes counted from the end, a missing value tested
 * equal to null, and the root not addressable. Any failing operation fails the whole patch
 * with upstream's fixed 422 message.
 */
import { clone, isPlainObject } from "../../api/object.js";
import { apiErrors } from "../../api/status.js";
import { badPatch, unprocessablePatch } from "./patch-errors.js";

type Container = Record<string, unknown> | unknown[];

/** Upstream's maxJSONPatchOperations. */
const maxOperations = 10000;

class OperationError extends Error {}

/** Applies operations (the decoded body) to doc; returns a new object. */
export function jsonPatch(doc: Record<string, unknown>, operations: unknown): Record<string, unknown> {
  if (operations === null) return clone(doc);
  if (!Array.isArray(operations)) throw badPatch(`json: cannot unmarshal ${jsonKind(operations)} into Go value of type jsonpatch.Patch`);
  for (const op of operations) {
    if (op !== null && !isPlainObject(op)) throw badPatch(`json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
  }
  if (operations.length > maxOperations) {
    throw apiErrors.tooLarge(`The allowed maximum operations in a JSON patch is ${maxOperations}, got ${operations.length}`);
  }
  const root: Container = clone(doc);
  for (const op of operations as Array<Record<string, unknown> | null>) {
    try {
      applyOperation(root, op ?? {});
    } catch (err) {
      if (err instanceof OperationError) throw unprocessablePatch(err.message);
      throw err;
    }
  }
  return root as Record<string, unknown>;
}

/** The name Go's encoding/json gives a JSON value's kind in unmarshal errors. */
export function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  switch (typeof v) {
    case "object":
      return "object";
    case "boolean":
      return "bool";
    default:
      return typeof v;
  }
}

function applyOperation(root: Container, op: Record<string, unknown>): void {
  const kind = typeof op["op"] === "string" ? op["op"] : "unknown";
  switch (kind) {
    case "add":
      return add(root, pathOf(op, "path", kind), op["value"] ?? null);
    case "remove": {
      const [con, key] = locate(root, pathOf(op, "path", kind), kind);
      remove(con, key);
      return;
    }
    case "replace": {
      const [con, key] = locate(root, pathOf(op, "path", kind), kind);
      get(con, key, kind);
      set(con, key, op["value"] ?? null, kind);
      return;
    }
    case "move": {
      const [from, fromKey] = locate(root, pathOf(op, "from", kind), kind);
      const value = get(from, fromKey, kind);
      remove(from, fromKey);
      return add(root, pathOf(op, "path", kind), value);
    }
    case "copy": {
      const [from, fromKey] = locate(root, pathOf(op, "from", kind), kind);
      return add(root, pathOf(op, "path", kind), clone(get(from, fromKey, kind)));
    }
    case "test":
      return test(root, pathOf(op, "path", kind), op);
    default:
      throw new OperationError(`Unexpected kind: ${kind}`);
  }
}

function pathOf(op: Record<string, unknown>, field: "path" | "from", kind: string): string {
  const p = op[field];
  if (typeof p !== "string") throw new OperationError(`${kind} operation failed to decode ${field}`);
  return p;
}

function decodeKey(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The container holding the path's last segment, and that segment (findObject). */
function locate(root: Container, path: string, kind: string): [Container, string] {
  const parts = path.split("/");
  if (parts.length < 2 || parts[0] !== "") throw new OperationError(`${kind} operation does not apply: doc is missing path: "${path}"`);
  let con: Container = root;
  for (const raw of parts.slice(1, -1)) {
    const next: unknown = Array.isArray(con) ? con[arrayIndex(decodeKey(raw), con.length - 1)] : con[decodeKey(raw)];
    if (!Array.isArray(next) && !isPlainObject(next)) throw new OperationError(`${kind} operation does not apply: doc is missing path: "${path}"`);
    con = next;
  }
  return [con, decodeKey(parts.at(-1)!)];
}

/** An index at most max (an array's length for add, its last index otherwise); negative counts from the end. */
function arrayIndex(key: string, max: number): number {
  if (!/^[+-]?\d+$/.test(key)) throw new OperationError(`value was not a proper array index: '${key}'`);
  let idx = Number(key);
  if (idx < 0) idx += max + 1;
  if (idx < 0 || idx > max) throw new OperationError(`Unable to access invalid index: ${key}`);
  return idx;
}

function add(root: Container, path: string, value: unknown): void {
  const [con, key] = locate(root, path, "add");
  if (!Array.isArray(con)) {
    con[key] = value;
    return;
  }
  if (key === "-") con.push(value);
  else con.splice(arrayIndex(key, con.length), 0, value);
}

function get(con: Container, key: string, kind: string): unknown {
  if (Array.isArray(con)) return con[arrayIndex(key, con.length - 1)];
  if (!Object.hasOwn(con, key)) throw new OperationError(`${kind} operation does not apply: doc is missing key: ${key}`);
  return con[key];
}

function set(con: Container, key: string, value: unknown, kind: string): void {
  if (Array.isArray(con)) con[arrayIndex(key, con.length - 1)] = value;
  else if (Object.hasOwn(con, key)) con[key] = value;
  else throw new OperationError(`${kind} operation does not apply: doc is missing key: ${key}`);
}

function remove(con: Container, key: string): void {
  if (Array.isArray(con)) {
    con.splice(arrayIndex(key, con.length - 1), 1);
    return;
  }
  if (!Object.hasOwn(con, key)) throw new OperationError(`Unable to remove nonexistent key: ${key}: missing value`);
  delete con[key];
}

function test(root: Container, path: string, op: Record<string, unknown>): void {
  const [con, key] = locate(root, path, "test");
  const present = Array.isArray(con) ? true : Object.hasOwn(con, key);
  const actual = present ? get(con, key, "test") : null;
  const expected = op["value"] ?? null;
  if (!jsonEqual(actual, expected)) throw new OperationError(`testing value ${path} failed: test failed`);
}

/** Deep equality of decoded JSON values, key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
