import type { EnvFromSource, EnvVar, ObjectFieldSelector, ResourceFieldSelector } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { fromMessages, validateQualifiedName } from "../validation/generic.js";
import { isConfigMapKey, isRelaxedEnvVarName, nameIsDNSSubdomain } from "../../util/names.js";
import { formatQuantity, tryParseQuantity } from "../../util/quantity.js";

/**
 * Container env and envFrom as upstream v1.32 validates them. Names follow the
 * RelaxedEnvironmentVariableValidation rule (beta and on by default in v1.32).
 */
export function validateEnv(vars: readonly EnvVar[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const at = p.index(i);
    if (!ev.name) errs.push(fieldErrors.required(at.child("name")));
    else errs.push(...fromMessages(at.child("name"), ev.name, isRelaxedEnvVarName(ev.name)));
    errs.push(...validateEnvVarValueFrom(ev, at.child("valueFrom")));
  });
  return errs;
}

/** Field paths an env var may read from the pod (the downward API). */
export const envDownwardAPIFieldPaths = [
  "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
  "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
] as const;

/** Field paths a downwardAPI volume file may read. */
export const volumeDownwardAPIFieldPaths = ["metadata.name", "metadata.namespace", "metadata.labels", "metadata.annotations", "metadata.uid"] as const;

export const containerResourceFieldPaths = [
  "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory",
] as const;

function validateEnvVarValueFrom(ev: EnvVar, p: FieldPath): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, envDownwardAPIFieldPaths, p.child("fieldRef")));
  }
  if (from.resourceFieldRef) {
    sources++;
    errs.push(...validateResourceFieldSelector(from.resourceFieldRef, p.child("resourceFieldRef"), { volume: false }));
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, p.child("configMapKeyRef")));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, p.child("secretKeyRef")));
  }
  if (sources === 0) {
    errs.push(fieldErrors.invalid(p, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
  } else if (ev.value) {
    errs.push(fieldErrors.invalid(p, "", "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    errs.push(fieldErrors.invalid(p, "", "may not have more than one field specified at a time"));
  }
  return errs;
}

/** A fieldRef: apiVersion and fieldPath required, the path one of those allowed (or a label/annotation subscript). */
export function validateObjectFieldSelector(fs: ObjectFieldSelector, allowed: readonly string[], p: FieldPath): FieldError[] {
  if (!fs.apiVersion) return [fieldErrors.required(p.child("apiVersion"))];
  if (!fs.fieldPath) return [fieldErrors.required(p.child("fieldPath"))];
  const problem = downwardAPIConversionError(fs.apiVersion, fs.fieldPath);
  if (problem) return [fieldErrors.invalid(p.child("fieldPath"), fs.fieldPath, `error converting fieldPath: ${problem}`)];
  const sub = splitSubscriptedPath(fs.fieldPath);
  if (sub) {
    if (sub.path === "metadata.annotations") return validateQualifiedName(sub.key.toLowerCase(), p);
    if (sub.path === "metadata.labels") return validateQualifiedName(sub.key, p);
    return [fieldErrors.invalid(p, sub.path, "does not support subscript")];
  }
  // Old clients wrote spec.host; upstream converts it before checking.
  const internal = fs.fieldPath === "spec.host" ? "spec.nodeName" : fs.fieldPath;
  if (!allowed.includes(internal)) return [fieldErrors.notSupported(p.child("fieldPath"), internal, [...allowed].sort())];
  return [];
}

/** Pod field labels upstream's ConvertDownwardAPIFieldLabel accepts at v1. */
const podFieldLabels = new Set([
  "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
  "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs",
  "status.podIP", "status.podIPs", "spec.host",
]);

function downwardAPIConversionError(version: string, label: string): string | undefined {
  if (version !== "v1") return `unsupported pod version: ${version}`;
  const sub = splitSubscriptedPath(label);
  if (sub) return sub.path === "metadata.annotations" || sub.path === "metadata.labels" ? undefined : `field label does not support subscript: ${label}`;
  return podFieldLabels.has(label) ? undefined : `field label not supported: ${label}`;
}

/** "metadata.labels['app']" → { path: "metadata.labels", key: "app" } (fieldpath.SplitMaybeSubscriptedPath). */
export function splitSubscriptedPath(fieldPath: string): { path: string; key: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return { path: s.slice(0, at), key: s.slice(at + 2) };
}

const cpuDivisors = new Set(["1m", "1"]);
const byteDivisors = new Set(["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"]);
const byteDivisorList = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";

/** A resourceFieldRef: a known resource (or hugepages-*), and a divisor that fits it. */
export function validateResourceFieldSelector(fs: ResourceFieldSelector, p: FieldPath, opts: { volume: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  const hugePages = fs.resource.startsWith("requests.hugepages-") || fs.resource.startsWith("limits.hugepages-");
  if (opts.volume && !fs.containerName) errs.push(fieldErrors.required(p.child("containerName")));
  else if (!fs.resource) errs.push(fieldErrors.required(p.child("resource")));
  else if (!(containerResourceFieldPaths as readonly string[]).includes(fs.resource) && !hugePages) {
    errs.push(fieldErrors.notSupported(p.child("resource"), fs.resource, containerResourceFieldPaths));
  }
  errs.push(...validateDivisor(fs.resource, fs.divisor, p));
  return errs;
}

function validateDivisor(resource: string, divisor: unknown, p: FieldPath): FieldError[] {
  const q = tryParseQuantity(divisor);
  if (!q || q.mantissa === 0n) return [];
  const d = formatQuantity(q);
  const bad = (what: string, list: string): FieldError[] => [
    fieldErrors.invalid(p.child("divisor"), resource, `only divisor's values ${list} are supported with the ${what}`),
  ];
  const [, name = ""] = resource.split(".", 2);
  if (name === "cpu" && !cpuDivisors.has(d)) return bad("cpu resource", "1m and 1");
  if (name === "memory" && !byteDivisors.has(d)) return bad("memory resource", byteDivisorList);
  if (name === "ephemeral-storage" && !byteDivisors.has(d)) return bad("local ephemeral storage resource", byteDivisorList);
  if (name.startsWith("hugepages-") && !byteDivisors.has(d)) return bad("hugepages resource", byteDivisorList);
  return [];
}

/** configMapKeyRef / secretKeyRef: the object name a DNS subdomain, the key a config key. */
function validateKeySelector(s: { name?: string; key: string }, p: FieldPath): FieldError[] {
  const errs = fromMessages(p.child("name"), s.name ?? "", nameIsDNSSubdomain(s.name ?? "", false));
  if (!s.key) errs.push(fieldErrors.required(p.child("key")));
  else errs.push(...fromMessages(p.child("key"), s.key, isConfigMapKey(s.key)));
  return errs;
}

export function validateEnvFrom(sources: readonly EnvFromSource[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (sources ?? []).forEach((ev, i) => {
    const at = p.index(i);
    if (ev.prefix) errs.push(...fromMessages(at.child("prefix"), ev.prefix, isRelaxedEnvVarName(ev.prefix)));
    let count = 0;
    for (const key of ["configMapRef", "secretRef"] as const) {
      const ref = ev[key];
      if (!ref) continue;
      count++;
      const namePath = at.child(key).child("name");
      if (!ref.name) errs.push(fieldErrors.required(namePath));
      else errs.push(...fromMessages(namePath, ref.name, nameIsDNSSubdomain(ref.name, true)));
    }
    if (count === 0) errs.push(fieldErrors.invalid(p, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (count > 1) errs.push(fieldErrors.invalid(p, "", "may not have more than one field specified at a time"));
  });
  return errs;
}
