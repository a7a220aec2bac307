import { isIP } from "node:net";
import type { Container, ContainerStatus, Pod, PodSpec, Toleration } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors, PrintedValue } from "../field-errors.js";
import { fromMessages, validateImmutable, validateQualifiedName } from "../validation/generic.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { inclusiveRangeError, nameIsDNSSubdomain } from "../../util/names.js";
import { validateTolerations } from "./pod-scheduling-validation.js";
import { clone } from "../object.js";

/** What a user may change in a running pod, and what a status write may change (upstream v1.32). */

const updatablePodSpecFields = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

const spec = FieldPath.root("spec");
const maxInt32 = 2147483647;

/** ValidatePodUpdate's spec rules (metadata and the full spec are validated by the strategy's validate). */
export function validatePodSpecUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validatePodAnnotationUpdates(pod, old);
  const ns = pod.spec ?? { containers: [] };
  const os = old.spec ?? { containers: [] };
  for (const [list, oldList, name] of [
    [ns.containers, os.containers, "containers"],
    [ns.initContainers, os.initContainers, "initContainers"],
  ] as const) {
    const r = validateContainerUpdates(list ?? [], oldList ?? [], spec.child(name));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = validateActiveDeadlineUpdate(ns.activeDeadlineSeconds, os.activeDeadlineSeconds);
  errs.push(...deadline.errs);
  if (deadline.stop) return errs;
  errs.push(...validateOnlyAddedTolerations(ns.tolerations ?? [], os.tolerations ?? [], spec.child("tolerations")));
  errs.push(...validateOnlyDeletedSchedulingGates(ns, os));
  if (semanticEqual(ns, os)) return errs;
  const munged = mungeUpdatableFields(ns, os);
  if (!semanticEqual(munged, os)) {
    const detail = `pod updates may not change fields other than ${updatablePodSpecFields.join(",")}\n${specDiff(os, munged)}`;
    errs.push(fieldErrors.forbidden(spec, detail));
  }
  return errs;
}

function validatePodAnnotationUpdates(pod: Pod, old: Pod): FieldError[] {
  const p = FieldPath.root("metadata").child("annotations");
  const now = pod.metadata?.annotations ?? {};
  const before = old.metadata?.annotations ?? {};
  const key = "kubernetes.io/config.mirror";
  if (key in before && now[key] !== before[key]) return [fieldErrors.forbidden(p.key(key), "may not remove or update mirror pod annotation")];
  if (key in now && !(key in before)) return [fieldErrors.forbidden(p.key(key), "may not add mirror pod annotation")];
  return [];
}

function validateContainerUpdates(now: readonly Container[], before: readonly Container[], p: FieldPath): { errs: FieldError[]; stop: boolean } {
  if (now.length !== before.length) return { errs: [fieldErrors.forbidden(p, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  now.forEach((c, i) => {
    const image = c.image ?? "";
    if (!image) errs.push(fieldErrors.required(p.index(i).child("image")));
    if (image.trim() !== image) errs.push(fieldErrors.invalid(p.index(i).child("image"), image, "must not have leading or trailing whitespace"));
  });
  return { errs, stop: false };
}

/** activeDeadlineSeconds may be set from nil, or lowered; never removed or raised. */
function validateActiveDeadlineUpdate(now: number | undefined, before: number | undefined): { errs: FieldError[]; stop: boolean } {
  const p = spec.child("activeDeadlineSeconds");
  if (now === undefined || now === null) {
    return { errs: before === undefined || before === null ? [] : [fieldErrors.invalid(p, null, "must not update from a positive integer to nil value")], stop: false };
  }
  if (now < 0 || now > maxInt32) return { errs: [fieldErrors.invalid(p, now, inclusiveRangeError(0, maxInt32))], stop: true };
  if (before !== undefined && before !== null && before < now) {
    return { errs: [fieldErrors.invalid(p, now, "must be less than or equal to previous value")], stop: true };
  }
  return { errs: [], stop: false };
}

/** Existing tolerations stay (their tolerationSeconds may change); new ones may be added. */
function validateOnlyAddedTolerations(now: readonly Toleration[], before: readonly Toleration[], p: FieldPath): FieldError[] {
  for (const old of before) {
    const kept = now.some((t) => semanticEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) return [fieldErrors.forbidden(p, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return validateTolerations(now, p);
}

function validateOnlyDeletedSchedulingGates(now: PodSpec, before: PodSpec): FieldError[] {
  const old = new Set((before.schedulingGates ?? []).map((g) => g.name));
  const errs: FieldError[] = [];
  (now.schedulingGates ?? []).forEach((g, i) => {
    if (!old.has(g.name)) {
      errs.push(fieldErrors.forbidden(spec.child("schedulingGates").index(i).child("name"), `only deletion is allowed, but found new scheduling gate '${g.name}'`));
    }
  });
  return errs;
}

/** The new spec with every field a user may change put back to its old value. */
function mungeUpdatableFields(now: PodSpec, before: PodSpec): PodSpec {
  const m: PodSpec = clone(now);
  m.containers = (m.containers ?? []).map((c, i) => ({ ...c, image: before.containers?.[i]?.image ?? c.image }));
  if (m.initContainers) m.initContainers = m.initContainers.map((c, i) => ({ ...c, image: before.initContainers?.[i]?.image ?? c.image }));
  setOrDelete(m, "activeDeadlineSeconds", before.activeDeadlineSeconds);
  setOrDelete(m, "schedulingGates", before.schedulingGates);
  setOrDelete(m, "tolerations", before.tolerations);
  const oldGrace = before.terminationGracePeriodSeconds;
  if (typeof oldGrace === "number" && oldGrace < 0 && m.terminationGracePeriodSeconds === 1) m.terminationGracePeriodSeconds = oldGrace;
  return m;
}

function setOrDelete<K extends keyof PodSpec>(spec: PodSpec, key: K, value: PodSpec[K] | undefined): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}

/**
 * A readable diff of two specs, one line per changed field path. Upstream prints go-cmp's diff of
 * the internal Go structs; we print the same facts in JSON terms.
 */
export function specDiff(before: unknown, after: unknown): string {
  const lines: string[] = [];
  diffInto(lines, "", before, after);
  return ["  core.PodSpec{", ...lines, "  }", ""].join("\n");
}

function diffInto(lines: string[], path: string, a: unknown, b: unknown): void {
  if (semanticEqual(a, b)) return;
  const bothObjects = isRecord(a) && isRecord(b);
  const bothArrays = Array.isArray(a) && Array.isArray(b) && a.length === b.length;
  if (bothObjects) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffInto(lines, path ? `${path}.${k}` : k, a[k], b[k]);
    return;
  }
  if (bothArrays) {
    a.forEach((x, i) => diffInto(lines, `${path}[${i}]`, x, b[i]));
    return;
  }
  if (a !== undefined) lines.push(`- \t${path}: ${JSON.stringify(a)},`);
  if (b !== undefined) lines.push(`+ \t${path}: ${JSON.stringify(b)},`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** ValidatePodStatusUpdate: what the status subresource may not do. */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validatePodAnnotationUpdates(pod, old);
  (pod.status?.conditions ?? []).forEach((c, i) => {
    if (!["PodScheduled", "Ready", "Initialized"].includes(c.type)) {
      errs.push(...validateQualifiedName(c.type, FieldPath.root("metadata").child("conditions").index(i).child("Type")));
    }
  });
  const status = FieldPath.root("status");
  if ((pod.spec?.nodeName ?? "") !== (old.spec?.nodeName ?? "")) errs.push(fieldErrors.forbidden(status.child("nodeName"), "may not be changed directly"));
  const nominated = pod.status?.nominatedNodeName ?? "";
  if (nominated && nominated !== (old.status?.nominatedNodeName ?? "")) {
    errs.push(...fromMessages(status.child("nominatedNodeName"), nominated, nameIsDNSSubdomain(nominated, false)));
  }
  errs.push(...validateImmutable(pod.status?.qosClass ?? "", old.status?.qosClass ?? "", status.child("qosClass")));
  const policy = old.spec?.restartPolicy ?? "Always";
  errs.push(...validateStateTransitions(pod.status?.containerStatuses, old.status?.containerStatuses, status.child("containerStatuses"), policy));
  errs.push(...validateIPs(pod.status?.podIPs, status.child("podIPs")));
  errs.push(...validateIPs(pod.status?.hostIPs, status.child("hostIPs")));
  return errs;
}

/** Unless the pod restarts containers, a terminated container stays terminated. */
function validateStateTransitions(
  now: readonly ContainerStatus[] | undefined,
  before: readonly ContainerStatus[] | undefined,
  p: FieldPath,
  policy: string,
): FieldError[] {
  if (policy === "Always") return [];
  const errs: FieldError[] = [];
  (before ?? []).forEach((old, i) => {
    const terminated = old.state?.terminated;
    if (!terminated) return;
    if (terminated.exitCode !== 0 && policy === "OnFailure") return;
    for (const c of now ?? []) {
      if (c.name === old.name && !c.state?.terminated) errs.push(fieldErrors.forbidden(p.index(i).child("state"), "may not be transitioned to non-terminated state"));
    }
  });
  return errs;
}

function validateIPs(ips: ReadonlyArray<{ ip?: string }> | undefined, p: FieldPath): FieldError[] {
  const list = ips ?? [];
  const errs: FieldError[] = [];
  list.forEach((x, i) => {
    if (isIP(x.ip ?? "") === 0) errs.push(fieldErrors.invalid(p.index(i), x.ip ?? "", "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  });
  if (list.length > 1) {
    // Upstream passes the structs, which Go prints as core.PodIP{IP:"..."} (or core.HostIP).
    const goType = `core.${p.toString().endsWith("hostIPs") ? "HostIP" : "PodIP"}`;
    const goIP = (x: { ip?: string }): string => `${goType}{IP:${JSON.stringify(x.ip ?? "")}}`;
    const families = new Set(list.map((x) => isIP(x.ip ?? "")));
    if (list.length > 2 || families.size !== 2) {
      const all = new PrintedValue(`[]${goType}{${list.map(goIP).join(", ")}}`, list);
      errs.push(fieldErrors.invalid(p, all, "may specify no more than one IP for each IP family"));
    }
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.ip ?? "")) errs.push(fieldErrors.duplicate(p.index(i), new PrintedValue(goIP(x), x)));
      seen.add(x.ip ?? "");
    });
  }
  return errs;
}
