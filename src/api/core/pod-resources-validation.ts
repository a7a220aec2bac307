import type { ResourceRequirements } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors, PrintedValue } from "../field-errors.js";
import { isNegativeErrorMsg, validateQualifiedName } from "../validation/generic.js";
import { isQualifiedName } from "../../util/names.js";
import { compareQuantity, formatQuantity, milliValue, type Quantity, quantityErrors, tryParseQuantity } from "../../util/quantity.js";

/** Resource names and quantities of containers, as upstream v1.32's validateResourceRequirements. */

const standardResources = new Set([
  "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu",
  "limits.memory", "limits.ephemeral-storage", "pods", "count/pods", "resourcequotas", "services", "replicationcontrollers",
  "secrets", "persistentvolumeclaims", "configmaps", "services.nodeports", "services.loadbalancers", "requests.storage",
]);
const integerResources = new Set([
  "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
  "services.nodeports", "services.loadbalancers",
]);

export const isHugePageResourceName = (name: string): boolean => name.startsWith("hugepages-");
export const isNativeResource = (name: string): boolean => !name.includes("/") || name.includes("kubernetes.io/");
export const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePageResourceName(name);

function isStandardResourceName(name: string): boolean {
  return standardResources.has(name) || name.startsWith("hugepages-") || name.startsWith("requests.hugepages-");
}

function isStandardContainerResourceName(name: string): boolean {
  return ["cpu", "memory", "ephemeral-storage"].includes(name) || isHugePageResourceName(name);
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function isIntegerResourceName(name: string): boolean {
  return integerResources.has(name) || isExtendedResourceName(name);
}

function validateContainerResourceName(name: string, p: FieldPath): FieldError[] {
  const errs = validateQualifiedName(name, p);
  if (errs.length > 0) return errs;
  if (!name.includes("/")) {
    if (!isStandardResourceName(name)) return [fieldErrors.invalid(p, name, "must be a standard resource type or fully qualified")];
    if (!isStandardContainerResourceName(name)) return [fieldErrors.invalid(p, name, "must be a standard resource for containers")];
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    return [fieldErrors.invalid(p, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** A quantity: parsable, not negative, whole for integer resources. */
function validateQuantityValue(name: string, raw: unknown, p: FieldPath): { errs: FieldError[]; q?: Quantity } {
  const q = tryParseQuantity(raw);
  if (!q) return { errs: [fieldErrors.invalid(p, raw, quantityErrors.formatWrong)] };
  const errs: FieldError[] = [];
  if (q.mantissa < 0n) errs.push(fieldErrors.invalid(p, formatQuantity(q), isNegativeErrorMsg));
  if (isIntegerResourceName(name) && milliValue(q) % 1000n !== 0n) {
    // Upstream passes the Quantity itself, a fmt.Stringer printed bare.
    errs.push(fieldErrors.invalid(p, new PrintedValue(formatQuantity(q), formatQuantity(q)), "must be an integer"));
  }
  return { errs, q };
}

export function validateResourceRequirements(req: ResourceRequirements | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const limits = req?.limits ?? {};
  const requests = req?.requests ?? {};
  const limitPath = p.child("limits");
  const requestPath = p.child("requests");
  const limitQ = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, raw] of Object.entries(limits)) {
    const at = limitPath.key(name);
    errs.push(...validateContainerResourceName(name, at));
    const { errs: qErrs, q } = validateQuantityValue(name, raw, at);
    errs.push(...qErrs);
    if (q) limitQ.set(name, q);
    hugePages ||= isHugePageResourceName(name);
    cpuOrMemory ||= name === "cpu" || name === "memory";
  }
  for (const [name, raw] of Object.entries(requests)) {
    const at = requestPath.key(name);
    errs.push(...validateContainerResourceName(name, at));
    const { errs: qErrs, q } = validateQuantityValue(name, raw, at);
    errs.push(...qErrs);
    errs.push(...checkRequestAgainstLimit({ name, request: q, limit: limitQ.get(name), hasLimit: name in limits, requestPath, limitPath }));
    hugePages ||= isHugePageResourceName(name);
    cpuOrMemory ||= name === "cpu" || name === "memory";
  }
  if (hugePages && !cpuOrMemory) errs.push(fieldErrors.forbidden(p, "HugePages require cpu or memory"));
  return errs;
}

interface RequestCheck {
  name: string;
  request: Quantity | undefined;
  limit: Quantity | undefined;
  hasLimit: boolean;
  requestPath: FieldPath;
  limitPath: FieldPath;
}

/** Requests may not exceed limits; resources that cannot be overcommitted need request = limit. */
function checkRequestAgainstLimit(c: RequestCheck): FieldError[] {
  if (!c.hasLimit) {
    return isOvercommitAllowed(c.name) ? [] : [fieldErrors.required(c.limitPath, "Limit must be set for non overcommitable resources")];
  }
  if (!c.request || !c.limit) return [];
  const cmp = compareQuantity(c.request, c.limit);
  const shown = formatQuantity(c.request);
  if (cmp !== 0 && !isOvercommitAllowed(c.name)) {
    return [fieldErrors.invalid(c.requestPath, shown, `must be equal to ${c.name} limit of ${formatQuantity(c.limit)}`)];
  }
  if (cmp > 0) return [fieldErrors.invalid(c.requestPath, shown, `must be less than or equal to ${c.name} limit of ${formatQuantity(c.limit)}`)];
  return [];
}
