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
 *    After a server-side apply pass operation: "Apply" (or nothing: an object carrying the
 *    Apply entry applyConfiguration stamped for this manager at this time is recognized):
 *    managedFields are then left as the apply recorded them, since upstream does not run its
 *    Update bookkeeping for apply requests.
 */
export { applyConfiguration } from "./apply-configuration.js";
export type { AppliedResult, ApplyOptions } from "./apply-configuration.js";
export { updateManagedFields } from "./update-managed-fields.js";
export type { ManagedFieldsOptions } from "./update-managed-fields.js";
export { FieldSet, formatPath } from "./field-set.js";
export { managerFromUserAgent } from "./manager-name.js";
