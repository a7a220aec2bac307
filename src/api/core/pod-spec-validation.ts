import type { PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { fromMessages, validateDNS1123Label, validateLabels, validateQualifiedName } from "../validation/generic.js";
import { validateAnnotations } from "../validation/object-meta.js";
import { inclusiveRangeError, nameIsDNSSubdomain } from "../../util/names.js";
import { validateContainers, validateEphemeralContainers, validateInitContainers, validateOneOf } from "./container-validation.js";
import {
  validateAffinity,
  validateHostAliases,
  validatePodDNSConfig,
  validateTolerations,
  validateTopologySpreadConstraints,
} from "./pod-scheduling-validation.js";
import { validatePodSecurityContext } from "./pod-security-validation.js";
import type { PodValidationOptions } from "./pod-validation-options.js";
import { validateVolumes } from "./pod-volume-validation.js";

export type { PodValidationOptions } from "./pod-validation-options.js";

const maxInt32 = 2147483647;

/**
 * ValidatePodSpec of upstream v1.32: containers, volumes, policies, scheduling and names.
 * meta is the pod's own metadata (for ephemeral volume claim names); undefined in templates.
 */
export function validatePodSpec(spec: PodSpec | undefined, meta: ObjectMeta | undefined, p: FieldPath | string, opts: PodValidationOptions = {}): FieldError[] {
  const at = typeof p === "string" ? FieldPath.root(p) : p;
  const s: PodSpec = spec ?? { containers: [] };
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) {
    errs.push(fieldErrors.required(at.child("terminationGracePeriodSeconds")));
  }
  const { volumes, errs: volumeErrs } = validateVolumes(s.volumes, meta, at.child("volumes"));
  errs.push(...volumeErrs);
  const ctx = { volumes, gracePeriod: s.terminationGracePeriodSeconds ?? undefined, restartPolicy: s.restartPolicy };
  errs.push(...validateContainers(s.containers, at.child("containers"), ctx));
  errs.push(...validateInitContainers(s.initContainers, s.containers, at.child("initContainers"), ctx));
  const others = [...(s.containers ?? []), ...(s.initContainers ?? [])];
  errs.push(...validateEphemeralContainers(s.ephemeralContainers, others, at.child("ephemeralContainers"), ctx));
  errs.push(...validateHostNetworkPorts(s, at, opts));
  errs.push(...validateOneOf(s.restartPolicy, ["Always", "OnFailure", "Never"], at.child("restartPolicy")));
  errs.push(...validateOneOf(s.dnsPolicy, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"], at.child("dnsPolicy")));
  errs.push(...validateLabels(s.nodeSelector, at.child("nodeSelector")));
  errs.push(...validatePodSecurityContext(s, at.child("securityContext")));
  errs.push(...validateImagePullSecrets(s, at.child("imagePullSecrets")));
  errs.push(...validateAffinity(s.affinity, at.child("affinity"), opts));
  errs.push(...validatePodDNSConfig(s.dnsConfig, s.dnsPolicy, at.child("dnsConfig")));
  (s.readinessGates ?? []).forEach((g, i) => errs.push(...validateQualifiedName(g.conditionType, at.child("readinessGates").index(i).child("conditionType"))));
  errs.push(...validateSchedulingGates(s, at.child("schedulingGates")));
  errs.push(...validateTopologySpreadConstraints(s.topologySpreadConstraints, at.child("topologySpreadConstraints")));
  errs.push(...validateNames(s, at));
  errs.push(...validateActiveDeadline(s.activeDeadlineSeconds, at.child("activeDeadlineSeconds")));
  if (s.hostname) errs.push(...validateDNS1123Label(s.hostname, at.child("hostname")));
  if (s.subdomain) errs.push(...validateDNS1123Label(s.subdomain, at.child("subdomain")));
  errs.push(...validateTolerations(s.tolerations, at.child("tolerations")));
  errs.push(...validateHostAliases(s.hostAliases, at.child("hostAliases")));
  if (s.preemptionPolicy !== undefined) errs.push(...validateOneOf(s.preemptionPolicy, ["PreemptLowerPriority", "Never"], at.child("preemptionPolicy")));
  if (s.os) errs.push(...validateOneOf(s.os.name, ["linux", "windows"], at.child("os").child("name")));
  return errs;
}

/** With hostNetwork a pod's hostPort must equal its containerPort; a template may leave it 0. */
function validateHostNetworkPorts(s: PodSpec, at: FieldPath, opts: PodValidationOptions): FieldError[] {
  if (!s.hostNetwork) return [];
  const errs: FieldError[] = [];
  (s.containers ?? []).forEach((c, i) => {
    (c.ports ?? []).forEach((port, j) => {
      const hp = port.hostPort ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== port.containerPort) {
        const path = at.child("containers").index(i).child("ports").index(j).child("hostPort");
        errs.push(fieldErrors.invalid(path, hp, "must match `containerPort` when `hostNetwork` is true"));
      }
    });
  });
  return errs;
}

function validateImagePullSecrets(s: PodSpec, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (s.imagePullSecrets ?? []).forEach((ref, i) => {
    if (Object.keys(ref).some((k) => k !== "name")) errs.push(fieldErrors.invalid(p.index(i), ref, "only name may be set"));
  });
  return errs;
}

function validateSchedulingGates(s: PodSpec, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (s.schedulingGates ?? []).forEach((g, i) => {
    errs.push(...validateQualifiedName(g.name, p.index(i)));
    if (seen.has(g.name)) errs.push(fieldErrors.duplicate(p.index(i), g.name));
    seen.add(g.name);
  });
  return errs;
}

/** serviceAccountName, nodeName, priorityClassName and runtimeClassName are DNS subdomains. */
function validateNames(s: PodSpec, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["serviceAccountName", "nodeName", "priorityClassName"] as const) {
    const v = s[f];
    if (v) errs.push(...fromMessages(at.child(f), v, nameIsDNSSubdomain(v, false)));
  }
  if (s.runtimeClassName !== undefined && s.runtimeClassName !== null) {
    errs.push(...fromMessages(at.child("runtimeClassName"), s.runtimeClassName, nameIsDNSSubdomain(s.runtimeClassName, false)));
  }
  return errs;
}

function validateActiveDeadline(value: number | undefined, p: FieldPath): FieldError[] {
  if (value === undefined || value === null) return [];
  return value < 1 || value > maxInt32 ? [fieldErrors.invalid(p, value, inclusiveRangeError(1, maxInt32))] : [];
}

/** Annotations with meaning on pods and templates (upstream's ValidatePodSpecificAnnotations). */
export function validatePodSpecificAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  spec: PodSpec | undefined,
  p: FieldPath,
  opts: PodValidationOptions = {},
): FieldError[] {
  const a = annotations ?? {};
  const errs: FieldError[] = [];
  const mirror = a["kubernetes.io/config.mirror"];
  if (mirror !== undefined && !spec?.nodeName) {
    errs.push(fieldErrors.invalid(p.key("kubernetes.io/config.mirror"), mirror, "must set spec.nodeName if mirror pod annotation is set"));
  }
  const cost = a["controller.kubernetes.io/pod-deletion-cost"];
  if (!opts.allowInvalidPodDeletionCost && cost !== undefined && !isInt32(cost)) {
    errs.push(fieldErrors.invalid(p.key("controller.kubernetes.io/pod-deletion-cost"), cost, "must be a 32bit integer"));
  }
  return errs;
}

function isInt32(text: string): boolean {
  if (!/^[+-]?\d+$/.test(text)) return false;
  const n = Number(text);
  return n >= -2147483648 && n <= maxInt32;
}

/** ValidatePodTemplateSpec: labels and annotations of the template, its spec, no ephemeral containers. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, p: FieldPath | string, opts: PodValidationOptions = {}): FieldError[] {
  const at = typeof p === "string" ? FieldPath.root(p) : p;
  const meta = template?.metadata ?? {};
  const errs = [
    ...validateLabels(meta.labels, at.child("labels")),
    ...validateAnnotations(meta.annotations, at.child("annotations")),
    ...validatePodSpecificAnnotations(meta.annotations, template?.spec, at.child("annotations"), opts),
    ...validatePodSpec(template?.spec, undefined, at.child("spec"), opts),
  ];
  if ((template?.spec?.ephemeralContainers ?? []).length > 0) {
    errs.push(fieldErrors.forbidden(at.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  }
  return errs;
}
