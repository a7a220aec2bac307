import type { Service } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors, PrintedValue } from "../field-errors.js";
import { familyOf, validateIP } from "./service-ip-address.js";

/**
 * spec.clusterIP, spec.clusterIPs, spec.ipFamilies and spec.ipFamilyPolicy: upstream's
 * normalization (strategy.go), validation (ValidateServiceClusterIPsRelatedFields and the
 * upgrade/downgrade rules) and family defaulting (alloc.go initIPFamilyFields) for a
 * single-stack IPv4 cluster.
 */

const clusterIPsPath = FieldPath.root("spec").child("clusterIPs");
const ipFamiliesPath = FieldPath.root("spec").child("ipFamilies");
const policyPath = FieldPath.root("spec").child("ipFamilyPolicy");

/** Go prints a []string bad value as %#v: []string{"10.96.0.1"}. */
export function goStrings(values: readonly string[] | undefined): PrintedValue {
  const list = values ?? [];
  const text = list.length === 0 && values === undefined ? "[]string(nil)" : `[]string{${list.map((v) => JSON.stringify(v)).join(", ")}}`;
  return new PrintedValue(text, list);
}

export const isHeadless = (svc: Service): boolean => svc.spec?.clusterIPs?.length === 1 && svc.spec.clusterIPs[0] === "None";

/** Types with a virtual IP (or "None"): everything but ExternalName. */
export const needsClusterIP = (svc: Service | undefined): boolean => svc !== undefined && (svc.spec?.type ?? "ClusterIP") !== "ExternalName";

/** NormalizeClusterIPs: old clients set only clusterIP; keep the plural field in step. */
export function normalizeClusterIPs(old: Service | undefined, svc: Service): void {
  const spec = (svc.spec ??= {});
  if (!old) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldSpec = old.spec ?? {};
  if (oldSpec.clusterIPs?.length && !spec.clusterIPs?.length && (oldSpec.clusterIP ?? "") === (spec.clusterIP ?? "")) {
    spec.clusterIPs = oldSpec.clusterIPs;
  }
  if ((oldSpec.clusterIP ?? "") !== (spec.clusterIP ?? "") && sameStrings(oldSpec.clusterIPs, spec.clusterIPs)) {
    if (oldSpec.clusterIP && !spec.clusterIP) delete spec.clusterIPs;
    else spec.clusterIPs = [spec.clusterIP ?? ""];
  }
}

export function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** ValidateServiceClusterIPsRelatedFields (nothing for ExternalName, checked elsewhere). */
export function validateClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(fieldErrors.required(clusterIPsPath));
    else if (ips[0] !== spec.clusterIP) errs.push(fieldErrors.invalid(clusterIPsPath, goStrings(ips), "first value must match `clusterIP`"));
  } else if (ips.length > 0) {
    errs.push(fieldErrors.invalid(clusterIPsPath, goStrings(ips), "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (family !== "IPv4" && family !== "IPv6") errs.push(fieldErrors.notSupported(ipFamiliesPath.index(i), family, ["IPv4", "IPv6"]));
    if (seen.has(family)) errs.push(fieldErrors.duplicate(ipFamiliesPath.index(i), family));
    seen.add(family);
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && !policies.includes(policy)) errs.push(fieldErrors.notSupported(policyPath, policy, policies));
  errs.push(...validateClusterIPValues(svc));
  return errs;
}

const policies = ["PreferDualStack", "RequireDualStack", "SingleStack"];

function validateClusterIPValues(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const ips = spec.clusterIPs ?? [];
  const errs: FieldError[] = [];
  let invalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        invalid = true;
        errs.push(fieldErrors.invalid(clusterIPsPath, goStrings(ips), "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = validateIP(ip, clusterIPsPath.index(i));
    invalid ||= ipErrs.length > 0;
    errs.push(...ipErrs);
  });
  if (ips.length > 2) errs.push(fieldErrors.invalid(clusterIPsPath, goStrings(ips), "may only hold up to 2 values"));
  // Bad addresses would only blur the dual-stack checks below.
  if (invalid) return errs;
  if (ips.length > 1 && new Set(ips.map(familyOf)).size !== ips.length) {
    errs.push(fieldErrors.invalid(clusterIPsPath, goStrings(ips), "may specify no more than one IP for each IP family"));
  }
  const families = spec.ipFamilies ?? [];
  if (!isHeadless(svc)) {
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      if (families[i] === "IPv4" && familyOf(ip) === "IPv6") {
        errs.push(fieldErrors.invalid(clusterIPsPath.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (families[i] === "IPv6" && familyOf(ip) !== "IPv6") {
        errs.push(fieldErrors.invalid(clusterIPsPath.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  }
  return errs;
}

/**
 * initIPFamilyFields on a cluster serving IPv4 only: the policy defaults (SingleStack, or
 * RequireDualStack for a selectorless headless service), families follow the cluster IPs, and
 * what the cluster cannot serve is refused. Returns the 422 causes upstream raises here.
 */
export function initIPFamilyFields(svc: Service, old: Service | undefined): FieldError[] {
  const spec = (svc.spec ??= {});
  if (spec.type === "ExternalName") return [];
  const selectorless = Object.keys(spec.selector ?? {}).length === 0;
  const headlessSelectorless = spec.clusterIP === "None" && selectorless;
  spec.ipFamilyPolicy ??= old?.spec?.ipFamilyPolicy ?? (headlessSelectorless ? "RequireDualStack" : "SingleStack");
  const early = validateClusterIPsRelatedFields(svc);
  if (early.length > 0) return early;
  const errs = validatePolicyAgainstValues(svc);
  (spec.clusterIPs ?? []).forEach((ip, i) => {
    if (ip === "None" || i < (spec.ipFamilies?.length ?? 0)) return;
    const family = familyOf(ip);
    if (family === "IPv4") spec.ipFamilies = [...(spec.ipFamilies ?? []), family];
    else errs.push(fieldErrors.invalid(clusterIPsPath.index(i), goStrings(spec.clusterIPs), `${family} is not configured on this cluster`));
  });
  if (errs.length > 0) return errs;
  if (headlessSelectorless) {
    spec.ipFamilies = spec.ipFamilies?.length ? spec.ipFamilies : ["IPv4"];
    if (spec.ipFamilies.length < 2 && spec.ipFamilyPolicy !== "SingleStack") {
      spec.ipFamilies = [...spec.ipFamilies, spec.ipFamilies[0] === "IPv4" ? "IPv6" : "IPv4"];
    }
    return [];
  }
  if (spec.ipFamilyPolicy === "RequireDualStack") {
    errs.push(fieldErrors.invalid(policyPath, spec.ipFamilyPolicy, "this cluster is not configured for dual-stack services"));
  }
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (family !== "IPv4") errs.push(fieldErrors.invalid(ipFamiliesPath.index(i), family, "not configured on this cluster"));
  });
  if (errs.length === 0 && !spec.ipFamilies?.length) spec.ipFamilies = ["IPv4"];
  return errs;
}

function validatePolicyAgainstValues(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.ipFamilyPolicy !== "SingleStack") return [];
  const errs: FieldError[] = [];
  if (spec.clusterIPs?.length === 2) {
    errs.push(fieldErrors.invalid(policyPath, spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
  }
  if (spec.ipFamilies?.length === 2) {
    errs.push(fieldErrors.invalid(policyPath, spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  return errs;
}
