/**
 * Server-side apply and the managedFields bookkeeping of every write.
 *
 * 1. PATCH with Content-Type application/apply-patch+yaml:
 *
 *    applyConfiguration(live, config, options): AppliedResult
 *
 *    - live: the current object as served at the request's version, or undefined when it does
 *      not exist (apply then creates it: result.created is true).
 *    - config: the body: a YAML or JSON string, or an already decoded object.
 *    - options: { manager (the fieldManager query parameter, required), force, apiVersion, kind
 *      (the request's), time (RFC 3339, from the injected clock), subresource? }
 *    Returns the merged object with metadata.managedFields rewritten, and whether anything
 *    changed (a no-op apply leaves the object as it was, managedFields times included).
 *    Throws StatusError: 409 Conflict with upstream's message and details.causes when another
 *    manager owns a field whose value would change (unless force), 400 BadRequest for a body
 *    that is not an object of the request's apiVersion/kind or that sets
 *    metadata.managedFields, 500 for fields the schema does not declare ("failed to create
 *    typed patch object (ns/name; apps/v1, Kind=StatefulSet): .spec.foo: field not declared in
 *    schema"). Name and namespace checks against the URL stay with the registry.
 *
 * 2. Every create, update and non-apply patch:
 *
 *    updateManagedFields(old, next, { manager, apiVersion, time, subresource? }): KubeObject
 *
 *    - old: the live object before the write (undefined on create); next: the object to store,
 *      after defaulting (upstream decodes with defaults before its field manager runs).
 *    - manager: fieldManager, or managerFromUserAgent(userAgent) when the client sent none.
 *    Returns a copy of next whose metadata.managedFields records, for manager with operation
 *    Update, the fields this write added or changed; other managers lose fields removed by it.
 *    A client may replace managedFields by sending a non-empty list (`[{}]` clears them).
 */
import type { KubeObject } from "../../api/object.js";
import { apiErrors } from "../../api/status.js";

export interface ManagedFieldsOptions {
  /** The field manager: fieldManager, or the user agent's program name. */
  readonly manager: string;
  /** The request's apiVersion ("apps/v1"): the version the recorded field set is in. */
  readonly apiVersion: string;
  /** RFC 3339 (second precision) time of the write, from the injected clock. */
  readonly time: string;
  /** "status" or "scale" for writes through a subresource; recorded on the entry. */
  readonly subresource?: string;
}

export interface ApplyOptions extends ManagedFieldsOptions {
  readonly kind: string;
  /** Take ownership of fields other managers own instead of failing with 409. */
  readonly force?: boolean;
}

export interface AppliedResult {
  readonly object: KubeObject;
  /** True when live was undefined: the apply creates the object. */
  readonly created: boolean;
  /** False when the apply changed nothing (the registry may skip the write). */
  readonly changed: boolean;
}

export function applyConfiguration(live: KubeObject | undefined, config: unknown, options: ApplyOptions): AppliedResult {
  void live;
  void config;
  throw apiErrors.internal(new Error(`apply for ${options.kind}: not implemented yet`));
}

export function updateManagedFields(old: KubeObject | undefined, next: KubeObject, options: ManagedFieldsOptions): KubeObject {
  void old;
  void options;
  return next;
}

/** Upstream's FieldManagerMaxLength. */
const maxManagerLength = 128;

/**
 * The manager name upstream derives from a User-Agent when no fieldManager is given: what
 * precedes the first "/", printable characters only, at most 128 bytes
 * ("kubectl.1.32/v1.32.5 (linux/amd64) …" → "kubectl.1.32").
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? "").split("/")[0] ?? "";
  let out = "";
  for (const ch of prefix) {
    if (/\p{C}/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > maxManagerLength) break;
    out += ch;
  }
  return out;
}
