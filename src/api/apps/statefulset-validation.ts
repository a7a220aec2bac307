import type {
  RollingUpdateStatefulSetStrategy,
  StatefulSet,
  StatefulSetSpec,
  StatefulSetStatus,
  StatefulSetUpdateStrategy,
} from "kubernetes-types/apps/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { type FieldError, type FieldPath, fieldErrors, path, PrintedValue } from "../field-errors.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import {
  validateLabels,
  validateLabelSelector,
  validateNonnegative,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateAnnotations,
} from "../validation/object-meta.js";
import { labelSelectorFromSpec, type LabelSelector as Selector } from "../../util/labels.js";
import { isValidPercent, nameIsDNSLabel } from "../../util/names.js";
import { validatePodSpecificAnnotations } from "../core/pod-template.js";
import { goIntOrString, goLabelSelector, goStringMap } from "./go-syntax.js";

/** upstream's ValidateStatefulSet (pkg/apis/apps/validation): metadata with DNS-label names, then the spec. */
export function validateStatefulSet(sts: StatefulSet): FieldError[] {
  return [
    ...validateObjectMeta(sts.metadata, { namespaced: true, nameValidator: nameIsDNSLabel }),
    ...validateStatefulSetSpec(sts.spec, path("spec")),
  ];
}

/** ValidateStatefulSetSpec. The pod spec itself is not validated, as upstream (only labels and annotations). */
export function validateStatefulSetSpec(spec: StatefulSetSpec | undefined, p: FieldPath): FieldError[] {
  const s: Partial<StatefulSetSpec> = spec ?? {};
  const errs = [
    ...validatePodManagementPolicy(s.podManagementPolicy, p.child("podManagementPolicy")),
    ...validateUpdateStrategy(s, p.child("updateStrategy")),
    ...validateRetentionPolicy(s, p.child("persistentVolumeClaimRetentionPolicy")),
    ...validateNonnegative(s.replicas, p.child("replicas")),
    ...validateNonnegative(s.minReadySeconds, p.child("minReadySeconds")),
  ];
  if (s.ordinals) errs.push(...validateNonnegative(s.ordinals.start ?? 0, p.child("ordinals.start")));
  errs.push(...validateSelector(s.selector, p.child("selector")));
  errs.push(...validateTemplate(s, p));
  const restartPolicy = s.template?.spec?.restartPolicy ?? "";
  if (restartPolicy !== "Always") {
    errs.push(fieldErrors.notSupported(p.child("template", "spec", "restartPolicy"), restartPolicy, ["Always"]));
  }
  if (s.template?.spec?.activeDeadlineSeconds != null) {
    const at = p.child("template", "spec", "activeDeadlineSeconds");
    errs.push(fieldErrors.forbidden(at, "activeDeadlineSeconds in StatefulSet is not Supported"));
  }
  return errs;
}

function validatePodManagementPolicy(policy: string | undefined, p: FieldPath): FieldError[] {
  if (!policy) return [fieldErrors.required(p)];
  if (policy === "OrderedReady" || policy === "Parallel") return [];
  return [fieldErrors.invalid(p, policy, "must be 'OrderedReady' or 'Parallel'")];
}

function validateUpdateStrategy(s: Partial<StatefulSetSpec>, p: FieldPath): FieldError[] {
  const strategy = s.updateStrategy ?? {};
  switch (strategy.type ?? "") {
    case "":
      return [fieldErrors.required(p)];
    case "OnDelete":
      return strategy.rollingUpdate
        ? [fieldErrors.invalid(p.child("rollingUpdate"), goRollingUpdate(strategy.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'")]
        : [];
    case "RollingUpdate":
      return strategy.rollingUpdate ? validateRollingUpdate(strategy.rollingUpdate, p.child("rollingUpdate")) : [];
    default:
      return [fieldErrors.invalid(p, goUpdateStrategy(strategy), "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

/** The internal struct as %#v prints it; a set pointer prints as an address, so JSON stands in. */
function goUpdateStrategy(s: StatefulSetUpdateStrategy): unknown {
  if (s.rollingUpdate) return s;
  return new PrintedValue(`apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(s.type ?? "")}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`, s);
}

function goRollingUpdate(ru: RollingUpdateStatefulSetStrategy): unknown {
  if (ru.maxUnavailable != null) return ru;
  return new PrintedValue(`apps.RollingUpdateStatefulSetStrategy{Partition:${ru.partition ?? 0}, MaxUnavailable:(*intstr.IntOrString)(nil)}`, ru);
}

function validateRollingUpdate(ru: RollingUpdateStatefulSetStrategy, p: FieldPath): FieldError[] {
  const errs = validateNonnegative(ru.partition ?? 0, p.child("partition"));
  const max = ru.maxUnavailable;
  if (max === undefined || max === null) return errs;
  const at = p.child("maxUnavailable");
  if (typeof max === "string") {
    errs.push(...isValidPercent(max).map((m) => fieldErrors.invalid(at, goIntOrString(max), m)));
  } else {
    errs.push(...validateNonnegative(max, at));
  }
  if (intOrPercentValue(max) === 0) errs.push(fieldErrors.invalid(at, goIntOrString(max), "cannot be 0"));
  const percent = percentValue(max);
  if (percent !== undefined && percent > 100) errs.push(fieldErrors.invalid(at, goIntOrString(max), "must not be greater than 100%"));
  return errs;
}

/** upstream's getPercentValue: the number of a valid "N%" string. */
function percentValue(v: number | string): number | undefined {
  return typeof v === "string" && isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : undefined;
}

/** upstream's getIntOrPercentValue: a percent's number, else the int (a non-numeric string counts as 0). */
function intOrPercentValue(v: number | string): number {
  const percent = percentValue(v);
  if (percent !== undefined) return percent;
  if (typeof v === "number") return v;
  return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
}

function validateRetentionPolicy(s: Partial<StatefulSetSpec>, p: FieldPath): FieldError[] {
  const policy = s.persistentVolumeClaimRetentionPolicy;
  if (!policy) return [];
  const supported = ["Retain", "Delete"];
  const errs: FieldError[] = [];
  for (const key of ["whenDeleted", "whenScaled"] as const) {
    const value = policy[key] ?? "";
    if (!supported.includes(value)) errs.push(fieldErrors.notSupported(p.child(key), value, supported));
  }
  return errs;
}

function validateSelector(selector: LabelSelector | undefined, p: FieldPath): FieldError[] {
  if (!selector) return [fieldErrors.required(p)];
  const errs = validateLabelSelector(selector, p);
  const count = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length;
  if (count === 0) errs.push(fieldErrors.invalid(p, goLabelSelector(selector), "empty selector is invalid for statefulset"));
  return errs;
}

/** ValidatePodTemplateSpecForStatefulSet, with upstream's "labels"/"annotations" paths right under template. */
function validateTemplate(s: Partial<StatefulSetSpec>, specPath: FieldPath): FieldError[] {
  let selector: Selector;
  try {
    selector = labelSelectorFromSpec(s.selector);
  } catch {
    return [fieldErrors.invalid(specPath.child("selector"), goLabelSelector(s.selector), "")];
  }
  const p = specPath.child("template");
  const labels = s.template?.metadata?.labels;
  const errs: FieldError[] = [];
  // A missing selector selects nothing, so it does not match either (upstream's labels.Nothing()).
  if (!selector.isEmpty() && !selector.matches(labels)) {
    errs.push(fieldErrors.invalid(p.child("metadata", "labels"), goStringMap(labels), "`selector` does not match template `labels`"));
  }
  errs.push(...validateLabels(labels, p.child("labels")));
  const annotations = s.template?.metadata?.annotations;
  errs.push(...validateAnnotations(annotations, p.child("annotations")));
  errs.push(...validatePodSpecificAnnotations(annotations, s.template?.spec, p.child("annotations")));
  return errs;
}

/**
 * ValidateStatefulSetUpdate's own part (validateStatefulSet runs as well): only replicas,
 * ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds
 * may change.
 */
export function validateStatefulSetUpdate(sts: StatefulSet, old: StatefulSet): FieldError[] {
  const errs = validateObjectMetaUpdate(sts.metadata, old.metadata);
  const mutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"] as const;
  const spec: Record<string, unknown> = { ...sts.spec };
  for (const key of mutable) spec[key] = old.spec?.[key];
  if (!semanticEqual(spec, old.spec)) {
    const detail =
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    errs.push(fieldErrors.forbidden(path("spec"), detail));
  }
  return errs;
}

/** ValidateStatefulSetStatusUpdate: counts non-negative and bounded by replicas, collisionCount never decremented. */
export function validateStatefulSetStatusUpdate(sts: StatefulSet, old: StatefulSet): FieldError[] {
  const errs = [...validateStatefulSetStatus(sts.status, path("status")), ...validateObjectMetaUpdate(sts.metadata, old.metadata)];
  const now = sts.status?.collisionCount;
  const before = old.status?.collisionCount;
  const decremented = before != null && (now == null || now < before);
  if (decremented) errs.push(fieldErrors.invalid(path("status", "collisionCount"), now ?? 0, "cannot be decremented"));
  return errs;
}

function validateStatefulSetStatus(status: StatefulSetStatus | undefined, p: FieldPath): FieldError[] {
  const s: Partial<StatefulSetStatus> = status ?? {};
  const count = (key: "replicas" | "readyReplicas" | "currentReplicas" | "updatedReplicas" | "availableReplicas"): number => s[key] ?? 0;
  const errs: FieldError[] = [];
  for (const key of ["replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"] as const) {
    errs.push(...validateNonnegative(count(key), p.child(key)));
  }
  errs.push(...validateNonnegative(s.observedGeneration, p.child("observedGeneration")));
  errs.push(...validateNonnegative(s.collisionCount, p.child("collisionCount")));
  for (const key of ["readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"] as const) {
    if (count(key) > count("replicas")) errs.push(fieldErrors.invalid(p.child(key), count(key), "cannot be greater than status.replicas"));
  }
  if (count("availableReplicas") > count("readyReplicas")) {
    errs.push(fieldErrors.invalid(p.child("availableReplicas"), count("availableReplicas"), "cannot be greater than status.readyReplicas"));
  }
  return errs;
}
