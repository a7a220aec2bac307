import type { FieldError } from "../api/field-errors.js";
import { fieldErrors } from "../api/field-errors.js";
import { clone, type KubeObject } from "../api/object.js";
import type { DeleteOptions } from "../api/options.js";
import type { Strategy } from "../api/resource.js";
import { apiErrors } from "../api/status.js";
import { rfc3339 } from "../util/clock.js";
import { metaOf } from "./system-fields.js";

/**
 * The deletion state machine of upstream's generic store (rest.BeforeDelete, the store's
 * Delete and deletionFinalizersForGarbageCollection), as a pure function of the current
 * object, the request and the time.
 */

export const orphanFinalizer = "orphan";
export const foregroundFinalizer = "foregroundDeletion";

export type DeletePlan =
  /** Remove the object from the store now. */
  | { readonly action: "delete" }
  /** The object stays (grace period or finalizers): store this version of it. */
  | { readonly action: "keep"; readonly object: KubeObject }
  /** A graceful deletion is already under way and this request does not shorten it. */
  | { readonly action: "pending" };

export interface PlanDeleteInput {
  readonly strategy: Strategy;
  readonly options: DeleteOptions;
  readonly now: number;
}

/** The 422 upstream's ValidateDeleteOptions gives, or nothing. */
export function validateDeleteOptions(options: DeleteOptions): void {
  const errs: FieldError[] = [];
  const policy = options.propagationPolicy;
  if (options.orphanDependents !== undefined && policy !== undefined) {
    errs.push(fieldErrors.invalid("propagationPolicy", policy, "orphanDependents and deletionPropagation cannot be both set"));
  }
  if (policy !== undefined && !["Foreground", "Background", "Orphan"].includes(policy)) {
    errs.push(fieldErrors.notSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan", "nil"]));
  }
  if (errs.length > 0) throw apiErrors.invalid({ group: "meta.k8s.io", kind: "DeleteOptions" }, "", errs);
}

/** Decides what a delete request does to current (which is not changed). */
export function planDelete(current: KubeObject, input: PlanDeleteInput): DeletePlan {
  const obj = clone(current);
  const meta = metaOf(obj);
  const grace = gracefulStep(obj, input);
  if (grace === "pending") return { action: "pending" };
  const finalizers = finalizersAfterDelete(obj, input.options);
  if (finalizers.length > 0 || meta.finalizers !== undefined) {
    if (finalizers.length > 0) meta.finalizers = finalizers;
    else delete meta.finalizers;
  }
  const remaining = finalizers.length + (input.strategy.specFinalizers?.(obj).length ?? 0);
  if (remaining === 0 && grace !== "graceful") return { action: "delete" };
  const firstTime = current.metadata?.deletionTimestamp === undefined;
  if (grace !== "graceful") markAsDeleting(obj, input.now);
  if (firstTime) input.strategy.prepareForDelete?.(obj);
  return { action: "keep", object: obj };
}

/**
 * rest.BeforeDelete for kinds with a grace period (pods): sets or shortens the deletion
 * timestamp. "immediate" means no grace period applies.
 */
function gracefulStep(obj: KubeObject, input: PlanDeleteInput): "graceful" | "pending" | "immediate" {
  const { strategy, options, now } = input;
  if (!strategy.deletionGracePeriod) return "immediate";
  const meta = metaOf(obj);
  // upstream treats a negative grace period as 1s on the delete path
  const requested = options.gracePeriodSeconds === undefined ? undefined : options.gracePeriodSeconds < 0 ? 1 : options.gracePeriodSeconds;
  if (meta.deletionTimestamp) {
    const current = meta.deletionGracePeriodSeconds;
    if (current === undefined || current <= 0) return "immediate";
    if (requested === undefined || requested >= current) return "pending";
    // only a shorter grace period may be given: move the deadline earlier by the difference
    const at = Date.parse(meta.deletionTimestamp) - current * 1000 + requested * 1000;
    meta.deletionTimestamp = rfc3339(at);
    meta.deletionGracePeriodSeconds = requested;
    return requested === 0 ? "immediate" : "graceful";
  }
  const period = strategy.deletionGracePeriod(obj, requested);
  if (period === undefined || period <= 0) return "immediate";
  meta.deletionTimestamp = rfc3339(now + period * 1000);
  meta.deletionGracePeriodSeconds = period;
  if ((meta.generation ?? 0) > 0) meta.generation = meta.generation! + 1;
  return "graceful";
}

/** upstream's markAsDeleting: deleting now (or earlier), with no grace period left. */
function markAsDeleting(obj: KubeObject, now: number): void {
  const meta = metaOf(obj);
  if (!meta.deletionTimestamp && (meta.generation ?? 0) > 0) meta.generation = meta.generation! + 1;
  if (!meta.deletionTimestamp || Date.parse(meta.deletionTimestamp) > now) meta.deletionTimestamp = rfc3339(now);
  meta.deletionGracePeriodSeconds = 0;
}

/** metadata.finalizers after the request's propagation policy (upstream's GC finalizers). */
export function finalizersAfterDelete(obj: KubeObject, options: DeleteOptions): string[] {
  const existing = obj.metadata?.finalizers ?? [];
  const out = existing.filter((f) => f !== orphanFinalizer && f !== foregroundFinalizer);
  if (shouldOrphan(existing, options)) out.push(orphanFinalizer);
  if (shouldDeleteInForeground(existing, options)) out.push(foregroundFinalizer);
  const same = out.length === existing.length && out.every((f) => existing.includes(f));
  return same ? [...existing] : out;
}

function shouldOrphan(finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === "Orphan";
  for (const f of finalizers) {
    if (f === orphanFinalizer) return true;
    if (f === foregroundFinalizer) return false;
  }
  return false;
}

function shouldDeleteInForeground(finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === "Foreground";
  for (const f of finalizers) {
    if (f === foregroundFinalizer) return true;
    if (f === orphanFinalizer) return false;
  }
  return false;
}

/** Whether an update leaves a deleting object with nothing holding it (upstream's ShouldDeleteDuringUpdate). */
export function shouldDeleteDuringUpdate(strategy: Strategy, obj: KubeObject, old: KubeObject): boolean {
  if ((obj.metadata?.finalizers?.length ?? 0) > 0) return false;
  if ((strategy.specFinalizers?.(obj).length ?? 0) > 0) return false;
  if (!old.metadata?.deletionTimestamp) return false;
  const grace = old.metadata.deletionGracePeriodSeconds;
  return grace === undefined || grace === 0;
}
