import type { DeleteOptions, FieldValidation, ListOptions, PropagationPolicy, WatchOptions, WriteOptions } from "../api/options.js";
import { apiErrors, StatusError, type StatusCause } from "../api/status.js";

/**
 * Request options from the query string, checked as upstream's ParameterCodec and
 * options validation do: a bad value is a 400 naming the parameter, a bad enumeration a
 * 422 on the options kind (CreateOptions.meta.k8s.io "" is invalid: ...).
 */

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw apiErrors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (/^(1|t|T|TRUE|true|True)$/.test(v)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(v)) return false;
  throw apiErrors.badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function listOptions(q: URLSearchParams): ListOptions {
  const out: ListOptions = {};
  setIf(out, "labelSelector", q.get("labelSelector") ?? undefined);
  setIf(out, "fieldSelector", q.get("fieldSelector") ?? undefined);
  setIf(out, "limit", intParam(q, "limit"));
  setIf(out, "continue", q.get("continue") || undefined);
  setIf(out, "resourceVersion", q.get("resourceVersion") ?? undefined);
  const match = q.get("resourceVersionMatch");
  if (match) {
    if (match !== "Exact" && match !== "NotOlderThan") {
      throw invalidOptions("ListOptions", [
        { reason: "FieldValueNotSupported", field: "resourceVersionMatch", message: `Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"` },
      ]);
    }
    out.resourceVersionMatch = match;
  }
  return out;
}

export function watchOptions(q: URLSearchParams, name: string | undefined): WatchOptions {
  const out: WatchOptions = {};
  setIf(out, "labelSelector", q.get("labelSelector") ?? undefined);
  const fs = q.get("fieldSelector") ?? undefined;
  // A watch on a named URL is a watch of that one object, as upstream turns it into a field selector.
  const nameSel = name === undefined ? undefined : `metadata.name=${name}`;
  setIf(out, "fieldSelector", [fs, nameSel].filter((s) => s).join(",") || undefined);
  setIf(out, "resourceVersion", q.get("resourceVersion") ?? undefined);
  setIf(out, "allowWatchBookmarks", boolParam(q, "allowWatchBookmarks"));
  setIf(out, "timeoutSeconds", intParam(q, "timeoutSeconds"));
  setIf(out, "sendInitialEvents", boolParam(q, "sendInitialEvents"));
  return out;
}

function invalidOptions(kind: string, causes: StatusCause[]): StatusError {
  const text = causes.map((c) => `${c.field}: ${c.message}`);
  const message = `${kind}.meta.k8s.io "" is invalid: ${text.length === 1 ? text[0] : `[${text.join(", ")}]`}`;
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: "Invalid",
    details: { group: "meta.k8s.io", kind, causes },
    code: 422,
  });
}

function dryRun(q: URLSearchParams, kind: string): boolean | undefined {
  const values = q.getAll("dryRun");
  if (values.length === 0) return undefined;
  const bad = values.filter((v) => v !== "All");
  if (bad.length > 0 || values.length > 1) {
    const shown = `[]string{${values.map((v) => JSON.stringify(v)).join(", ")}}`;
    throw invalidOptions(kind, [{ reason: "FieldValueNotSupported", field: "dryRun", message: `Unsupported value: ${shown}: supported values: "All"` }]);
  }
  return true;
}

const fieldValidations: readonly FieldValidation[] = ["Ignore", "Strict", "Warn"];

/** metav1.CreateOptions / UpdateOptions / PatchOptions common to all writes. */
export function writeOptions(q: URLSearchParams, kind: "CreateOptions" | "UpdateOptions" | "PatchOptions"): WriteOptions & { fieldValidation: FieldValidation } {
  const fv = q.get("fieldValidation") || "Warn";
  if (!fieldValidations.includes(fv as FieldValidation)) {
    throw invalidOptions(kind, [
      { reason: "FieldValueNotSupported", field: "fieldValidation", message: `Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"` },
    ]);
  }
  const out: WriteOptions & { fieldValidation: FieldValidation } = { fieldValidation: fv as FieldValidation };
  setIf(out, "dryRun", dryRun(q, kind));
  setIf(out, "fieldManager", q.get("fieldManager") ?? undefined);
  return out;
}

const policies: readonly PropagationPolicy[] = ["Orphan", "Background", "Foreground"];

/** DeleteOptions from the query, overridden by a body when one was sent. */
export function deleteOptions(q: URLSearchParams, body: unknown): DeleteOptions {
  const out: DeleteOptions = {};
  setIf(out, "gracePeriodSeconds", intParam(q, "gracePeriodSeconds"));
  setIf(out, "orphanDependents", boolParam(q, "orphanDependents"));
  const pp = q.get("propagationPolicy");
  if (pp) out.propagationPolicy = pp as PropagationPolicy;
  setIf(out, "dryRun", dryRun(q, "DeleteOptions"));
  if (typeof body === "object" && body !== null && !Array.isArray(body)) Object.assign(out, deleteOptionsBody(body as Record<string, unknown>));
  if (out.propagationPolicy !== undefined && !policies.includes(out.propagationPolicy)) {
    throw invalidOptions("DeleteOptions", [
      {
        reason: "FieldValueNotSupported",
        field: "propagationPolicy",
        message: `Unsupported value: "${out.propagationPolicy}": supported values: "Foreground", "Background", "Orphan", "nil"`,
      },
    ]);
  }
  return out;
}

function deleteOptionsBody(b: Record<string, unknown>): DeleteOptions {
  const out: DeleteOptions = {};
  if (typeof b.gracePeriodSeconds === "number") out.gracePeriodSeconds = b.gracePeriodSeconds;
  if (typeof b.orphanDependents === "boolean") out.orphanDependents = b.orphanDependents;
  if (typeof b.propagationPolicy === "string") out.propagationPolicy = b.propagationPolicy as PropagationPolicy;
  if (Array.isArray(b.dryRun) && b.dryRun.length > 0) {
    if (b.dryRun.some((v) => v !== "All")) {
      const shown = `[]string{${b.dryRun.map((v) => JSON.stringify(v)).join(", ")}}`;
      throw invalidOptions("DeleteOptions", [{ reason: "FieldValueNotSupported", field: "dryRun", message: `Unsupported value: ${shown}: supported values: "All"` }]);
    }
    out.dryRun = true;
  }
  const pre = b.preconditions;
  if (typeof pre === "object" && pre !== null) {
    const p = pre as Record<string, unknown>;
    out.preconditions = {};
    if (typeof p.uid === "string") out.preconditions.uid = p.uid;
    if (typeof p.resourceVersion === "string") out.preconditions.resourceVersion = p.resourceVersion;
  }
  return out;
}
