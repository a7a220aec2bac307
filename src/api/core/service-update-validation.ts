import type { Service } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors, PrintedValue } from "../field-errors.js";
import { validateObjectMetaUpdate } from "../validation/object-meta.js";
import { validateDNS1123Subdomain } from "../validation/generic.js";
import { goStrings, isHeadless } from "./service-cluster-ips.js";
import { isValidIP, validateIP } from "./service-ip-address.js";
import { needsHealthCheck } from "./service-validation.js";

/** The update-only part of ValidateServiceUpdate (ValidateService runs on updates too). */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  errs.push(...validateClusterIPsChange(old, svc), ...validateIPFamiliesChange(old, svc));
  if (old.spec?.type === "LoadBalancer" && svc.spec?.type === "LoadBalancer" && old.spec.loadBalancerClass !== svc.spec.loadBalancerClass) {
    errs.push(fieldErrors.invalid("spec.loadBalancerClass", svc.spec.loadBalancerClass ?? null, "may not change once set"));
  }
  if (needsHealthCheck(old.spec ?? {}) && needsHealthCheck(svc.spec ?? {}) && svc.spec?.healthCheckNodePort !== old.spec?.healthCheckNodePort) {
    errs.push(fieldErrors.forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  return errs;
}

const clusterIPs = FieldPath.root("spec").child("clusterIPs");
const ipFamilies = FieldPath.root("spec").child("ipFamilies");
const changed = "may not change once set";

/** validateUpgradeDowngradeClusterIPs: the primary IP never changes; a secondary leaves only with SingleStack. */
function validateClusterIPsChange(old: Service, svc: Service): FieldError[] {
  if (svc.spec?.type === "ExternalName" || old.spec?.type === "ExternalName") return [];
  if (isHeadless(old) && isHeadless(svc)) return [];
  const before = old.spec?.clusterIPs ?? [];
  const now = svc.spec?.clusterIPs ?? [];
  const errs: FieldError[] = [];
  if (before.length === now.length) {
    before.forEach((ip, i) => {
      if (ip !== now[i]) errs.push(fieldErrors.invalid(clusterIPs.index(i), goStrings(svc.spec?.clusterIPs), changed));
    });
  } else if (before.length > now.length) {
    if (now.length === 0) errs.push(fieldErrors.invalid(clusterIPs.index(0), goStrings(svc.spec?.clusterIPs), "primary clusterIP can not be unset"));
    if (now.length > 0 && now[0] !== before[0]) errs.push(fieldErrors.invalid(clusterIPs.index(0), goStrings(svc.spec?.clusterIPs), changed));
    if (now.length === 1 && svc.spec?.ipFamilyPolicy !== "SingleStack") {
      errs.push(fieldErrors.invalid("spec.ipFamilyPolicy", svc.spec?.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (before.length > 0 && now[0] !== before[0]) {
    errs.push(fieldErrors.invalid(clusterIPs.index(0), goStrings(svc.spec?.clusterIPs), changed));
  }
  return errs;
}

/** Go prints a []core.IPFamily as %#v. */
function goFamilies(values: readonly string[] | undefined): PrintedValue {
  const list = values ?? [];
  return new PrintedValue(values === undefined ? "[]core.IPFamily(nil)" : `[]core.IPFamily{${list.map((v) => JSON.stringify(v)).join(", ")}}`, list);
}

/** validateUpgradeDowngradeIPFamilies: the primary family never changes (headless services aside). */
function validateIPFamiliesChange(old: Service, svc: Service): FieldError[] {
  if (svc.spec?.type === "ExternalName" || old.spec?.type === "ExternalName") return [];
  if (isHeadless(old) !== isHeadless(svc) || isHeadless(svc)) return [];
  const before = old.spec?.ipFamilies ?? [];
  const now = svc.spec?.ipFamilies ?? [];
  const errs: FieldError[] = [];
  if (before.length === now.length) {
    before.forEach((f, i) => {
      if (f !== now[i]) errs.push(fieldErrors.invalid(ipFamilies.index(0), goFamilies(svc.spec?.ipFamilies), changed));
    });
  } else if (before.length > now.length) {
    if ((svc.spec?.clusterIPs ?? []).length === 0) errs.push(fieldErrors.invalid(ipFamilies.index(0), goFamilies(svc.spec?.ipFamilies), "primary ipFamily can not be unset"));
    if (now.length > 0 && now[0] !== before[0]) errs.push(fieldErrors.invalid(ipFamilies.index(0), goStrings(svc.spec?.clusterIPs), changed));
    if (now.length === 1 && svc.spec?.ipFamilyPolicy !== "SingleStack") {
      errs.push(fieldErrors.invalid("spec.ipFamilyPolicy", svc.spec?.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (before.length > 0 && now.length > 0 && now[0] !== before[0]) {
    errs.push(fieldErrors.invalid(ipFamilies.index(0), goStrings(svc.spec?.clusterIPs), changed));
  }
  return errs;
}

/** ValidateServiceStatusUpdate: load balancer ingress points only on LoadBalancer services, well formed. */
export function validateServiceStatusUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  const ingressPath = FieldPath.root("status").child("loadBalancer", "ingress");
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (svc.spec?.type !== "LoadBalancer" && ingress.length > 0) {
    return [...errs, fieldErrors.forbidden(ingressPath, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  ingress.forEach((ing, i) => {
    const at = ingressPath.index(i);
    if (ing.ip) errs.push(...validateIP(ing.ip, at.child("ip")));
    if (ing.ip && ing.ipMode === undefined) errs.push(fieldErrors.required(at.child("ipMode"), "must be specified when `ip` is set"));
    else if (ing.ipMode !== undefined && !ing.ip) errs.push(fieldErrors.forbidden(at.child("ipMode"), "may not be specified when `ip` is not set"));
    else if (ing.ipMode !== undefined && ing.ipMode !== "Proxy" && ing.ipMode !== "VIP") {
      errs.push(fieldErrors.notSupported(at.child("ipMode"), ing.ipMode, ["Proxy", "VIP"]));
    }
    if (ing.hostname) {
      errs.push(...validateDNS1123Subdomain(ing.hostname, at.child("hostname")));
      if (isValidIP(ing.hostname)) errs.push(fieldErrors.invalid(at.child("hostname"), ing.hostname, "must be a DNS name, not an IP address"));
    }
  });
  return errs;
}
