import type { FieldError } from "../api/field-errors.js";
import { fieldErrors } from "../api/field-errors.js";
import type { KubeObject } from "../api/object.js";
import { apiVersionOf } from "../api/resource.js";
import { apiErrors } from "../api/status.js";
import { managerFromUserAgent, updateManagedFields } from "./apply/index.js";
import { toStorage } from "./codec.js";
import type { RequestContext } from "./registry.js";
import type { Resolved } from "./resolve.js";
import { applyGenerateName, fillSystemFields, keepSystemFields, resetForCreate, writeTime } from "./system-fields.js";

/**
 * The one admission pipeline, in upstream's order. Decoding (body checks, defaults) comes
 * first, then what rest.BeforeCreate / rest.BeforeUpdate do: prepare, system fields,
 * generated name, validation (one 422 for every field error), warnings; then managedFields.
 * Namespace lifecycle (async: it reads the store) runs between defaulting and prepare, in
 * the registry.
 */

export type WriteSubresource = "status" | "scale" | "finalize" | undefined;

export interface AdmitOptions {
  readonly now: number;
  readonly ctx: RequestContext;
  readonly fieldManager?: string;
  readonly subresource?: WriteSubresource;
  /** "Apply" for server-side apply, whose managedFields applyConfiguration has already recorded. */
  readonly operation?: "Apply";
}

/** Decoded body (request version) → storage version with defaults: the decode step. */
export function defaulted(res: Resolved, obj: KubeObject): KubeObject {
  const out = toStorage(res, obj);
  res.strategy.applyDefaults(out);
  return out;
}

/** BeforeCreate on a defaulted storage-version object; throws the 422. */
export function admitCreate(res: Resolved, obj: KubeObject, options: AdmitOptions): KubeObject {
  resetForCreate(obj);
  // As upstream's create handler: uid and creationTimestamp exist before PrepareForCreate,
  // which may build on them (a Job's generated selector is its uid).
  fillSystemFields(obj, options.now);
  res.strategy.prepareForCreate(obj);
  applyGenerateName(obj);
  throwIfInvalid(res, obj, res.strategy.validate(obj));
  options.ctx.warnings.push(...(res.strategy.warnings?.(obj, undefined) ?? []));
  return withManagedFields(res, undefined, obj, options);
}

/** BeforeUpdate of a defaulted storage-version object against the stored one; throws the 422. */
export function admitUpdate(res: Resolved, obj: KubeObject, old: KubeObject, options: AdmitOptions): KubeObject {
  keepSystemFields(obj, old);
  const errs = prepareAndValidate(res, obj, old, options.subresource);
  throwIfInvalid(res, obj, [...commonUpdateErrors(obj, old), ...errs]);
  options.ctx.warnings.push(...(res.strategy.warnings?.(obj, old) ?? []));
  return withManagedFields(res, old, obj, options);
}

function prepareAndValidate(res: Resolved, obj: KubeObject, old: KubeObject, subresource: WriteSubresource): FieldError[] {
  const s = res.strategy;
  if (subresource === "status") {
    if (!s.status) throw apiErrors.internal(new Error(`${res.gr.resource} has no status subresource`));
    s.status.prepareForUpdate(obj, old);
    return s.status.validateUpdate(obj, old);
  }
  if (subresource === "finalize") {
    if (!s.finalize) throw apiErrors.internal(new Error(`${res.gr.resource} has no finalize subresource`));
    s.finalize.prepareForUpdate(obj, old);
  } else {
    s.prepareForUpdate(obj, old);
  }
  return [...s.validate(obj), ...s.validateUpdate(obj, old)];
}

/** What upstream's validateCommonFields adds for every kind: the uid never changes. */
function commonUpdateErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const uid = obj.metadata?.uid;
  if (uid !== undefined && uid !== old.metadata?.uid) return [fieldErrors.invalid("metadata.uid", uid, "field is immutable")];
  return [];
}

function throwIfInvalid(res: Resolved, obj: KubeObject, errs: FieldError[]): void {
  if (errs.length === 0) return;
  throw apiErrors.invalid(res.gk, obj.metadata?.name ?? "", dedupe(errs));
}

function dedupe(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const k = `${e.type}\u0000${e.field}\u0000${e.detail ?? ""}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function withManagedFields(res: Resolved, old: KubeObject | undefined, obj: KubeObject, options: AdmitOptions): KubeObject {
  const manager = options.fieldManager ?? managerFromUserAgent(options.ctx.userAgent);
  const sub = options.subresource === "status" || options.subresource === "scale" ? { subresource: options.subresource } : {};
  const operation = options.operation ? { operation: options.operation } : {};
  return updateManagedFields(old, obj, { manager, apiVersion: apiVersionOf(res.served.info), time: writeTime(options.now), ...sub, ...operation });
}
