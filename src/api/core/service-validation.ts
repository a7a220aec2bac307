import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors, PrintedValue } from "../field-errors.js";
import { fromMessages, validateDNS1123Label, validateDNS1123Subdomain, validateLabels, validateQualifiedName } from "../validation/generic.js";
import { validateObjectMeta } from "../validation/object-meta.js";
import { isValidPortName, isValidPortNum, nameIsDNS1035Label } from "../../util/names.js";
import { isHeadless, validateClusterIPsRelatedFields } from "./service-cluster-ips.js";
import { validateCIDR, validateIP, validateNonSpecialIP } from "./service-ip-address.js";

/** ValidateService (pkg/apis/core/validation, v1.32). */

const spec = FieldPath.root("spec");
const protocols = ["SCTP", "TCP", "UDP"];
const serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const maxClientIPAffinitySeconds = 86400;
const topologyModeAnnotation = "service.kubernetes.io/topology-mode";
const topologyHintsAnnotation = "service.kubernetes.io/topology-aware-hints";
const sourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";

export function validateService(svc: Service): FieldError[] {
  const s: ServiceSpec = svc.spec ?? {};
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameValidator: nameIsDNS1035Label });
  errs.push(...validateTopologyAnnotations(svc));
  if ((s.ports ?? []).length === 0 && !isHeadless(svc) && s.type !== "ExternalName") errs.push(fieldErrors.required(spec.child("ports")));
  errs.push(...validateTypeSpecifics(svc));
  const names = new Set<string>();
  (s.ports ?? []).forEach((port, i) => errs.push(...validateServicePort(port, (s.ports ?? []).length > 1, names, spec.child("ports").index(i))));
  if (s.selector) errs.push(...validateLabels(s.selector, spec.child("selector")));
  errs.push(...validateSessionAffinity(s));
  errs.push(...validateClusterIPsRelatedFields(svc));
  (s.externalIPs ?? []).forEach((ip, i) => {
    const at = spec.child("externalIPs").index(i);
    const ipErrs = validateIP(ip, at);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, at)));
  });
  if (!s.type) errs.push(fieldErrors.required(spec.child("type")));
  else if (!serviceTypes.includes(s.type)) errs.push(fieldErrors.notSupported(spec.child("type"), s.type, serviceTypes));
  errs.push(...validateNodePorts(s), ...validateDuplicatePorts(s));
  errs.push(...validateLoadBalancerFields(svc));
  errs.push(...validateTrafficPolicies(s));
  return errs;
}

function validateTopologyAnnotations(svc: Service): FieldError[] {
  const annotations = svc.metadata?.annotations ?? {};
  const mode = annotations[topologyModeAnnotation];
  const hints = annotations[topologyHintsAnnotation];
  if (mode === undefined || hints === undefined || mode === hints) return [];
  const at = FieldPath.root("metadata").child("annotations").key(topologyModeAnnotation);
  return [fieldErrors.invalid(at, mode, `must match annotations[${topologyHintsAnnotation}] when both are specified`)];
}

function validateTypeSpecifics(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  const headlessFor = (kind: string): FieldError => fieldErrors.invalid(spec.child("clusterIPs").index(0), "None", `may not be set to 'None' for ${kind} services`);
  if (s.type === "LoadBalancer" && isHeadless(svc)) return [headlessFor("LoadBalancer")];
  if (s.type === "NodePort" && isHeadless(svc)) return [headlessFor("NodePort")];
  if (s.type !== "ExternalName") return [];
  const errs: FieldError[] = [];
  const notForExternalName = "may not be set for ExternalName services";
  if ((s.clusterIPs ?? []).length > 0) errs.push(fieldErrors.forbidden(spec.child("clusterIPs"), notForExternalName));
  if ((s.ipFamilies ?? []).length > 0) errs.push(fieldErrors.forbidden(spec.child("ipFamilies"), notForExternalName));
  if (s.ipFamilyPolicy !== undefined) errs.push(fieldErrors.forbidden(spec.child("ipFamilyPolicy"), notForExternalName));
  // A CNAME may end in a dot to mark it fully qualified.
  const cname = (s.externalName ?? "").replace(/\.$/, "");
  errs.push(...(cname ? validateDNS1123Subdomain(cname, spec.child("externalName")) : [fieldErrors.required(spec.child("externalName"))]));
  return errs;
}

function validateServicePort(port: ServicePort, requireName: boolean, names: Set<string>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !port.name) errs.push(fieldErrors.required(p.child("name")));
  else if (port.name) {
    errs.push(...validateDNS1123Label(port.name, p.child("name")));
    if (names.has(port.name)) errs.push(fieldErrors.duplicate(p.child("name"), port.name));
    else names.add(port.name);
  }
  errs.push(...fromMessages(p.child("port"), port.port ?? 0, isValidPortNum(port.port ?? 0)));
  if (!port.protocol) errs.push(fieldErrors.required(p.child("protocol")));
  else if (!protocols.includes(port.protocol)) errs.push(fieldErrors.notSupported(p.child("protocol"), port.protocol, protocols));
  const target = port.targetPort;
  if (typeof target === "number") errs.push(...fromMessages(p.child("targetPort"), target, isValidPortNum(target)));
  else if (typeof target === "string") errs.push(...fromMessages(p.child("targetPort"), target, isValidPortName(target)));
  if (port.appProtocol !== undefined) errs.push(...validateQualifiedName(port.appProtocol, p.child("appProtocol")));
  return errs;
}

function validateSessionAffinity(s: ServiceSpec): FieldError[] {
  const affinity = s.sessionAffinity;
  const at = spec.child("sessionAffinityConfig");
  if (!affinity) return [fieldErrors.required(spec.child("sessionAffinity"))];
  if (affinity === "None") return s.sessionAffinityConfig ? [fieldErrors.forbidden(at, "must not be set when session affinity is None")] : [];
  if (affinity !== "ClientIP") return [fieldErrors.notSupported(spec.child("sessionAffinity"), affinity, ["ClientIP", "None"])];
  const when = "when session affinity type is ClientIP";
  if (!s.sessionAffinityConfig) return [fieldErrors.required(at, when)];
  if (!s.sessionAffinityConfig.clientIP) return [fieldErrors.required(at.child("clientIP"), when)];
  const timeout = s.sessionAffinityConfig.clientIP.timeoutSeconds;
  const timeoutPath = at.child("clientIP", "timeoutSeconds");
  if (timeout === undefined) return [fieldErrors.required(timeoutPath, when)];
  if (timeout <= 0 || timeout > maxClientIPAffinitySeconds) {
    return [fieldErrors.invalid(timeoutPath, timeout, `must be greater than 0 and less than ${maxClientIPAffinitySeconds}`)];
  }
  return [];
}

function validateNodePorts(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (s.ports ?? []).forEach((port, i) => {
    const at = spec.child("ports").index(i).child("nodePort");
    if (s.type === "ClusterIP" && port.nodePort) errs.push(fieldErrors.forbidden(at, "may not be used when `type` is 'ClusterIP'"));
    if (!port.nodePort) return;
    const key = `${port.protocol ?? ""}/${port.nodePort}`;
    if (seen.has(key)) errs.push(fieldErrors.duplicate(at, port.nodePort));
    seen.add(key);
  });
  return errs;
}

/** Two ports with one protocol and port number; upstream prints the key as a Go struct. */
function validateDuplicatePorts(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (s.ports ?? []).forEach((port, i) => {
    const protocol = port.protocol ?? "";
    const key = `${protocol}/${port.port ?? 0}`;
    if (seen.has(key)) {
      const text = `core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
      errs.push(fieldErrors.duplicate(spec.child("ports").index(i), new PrintedValue(text, { protocol, port: port.port })));
    }
    seen.add(key);
  });
  return errs;
}

function validateLoadBalancerFields(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  const lb = s.type === "LoadBalancer";
  const lbOnly = "may only be used when `type` is 'LoadBalancer'";
  const errs: FieldError[] = [];
  const ranges = s.loadBalancerSourceRanges ?? [];
  const annotation = svc.metadata?.annotations?.[sourceRangesAnnotation];
  if (ranges.length > 0) {
    const at = spec.child("LoadBalancerSourceRanges");
    if (!lb) errs.push(fieldErrors.forbidden(at, lbOnly));
    // Historically space-padded values are tolerated.
    ranges.forEach((r, i) => errs.push(...validateCIDR(r.trim(), at.index(i))));
  } else if (annotation !== undefined) {
    const at = FieldPath.root("metadata").child("annotations").key(sourceRangesAnnotation);
    if (!lb) errs.push(fieldErrors.forbidden(at, lbOnly));
    const value = annotation.trim();
    if (value) for (const r of value.split(",")) errs.push(...validateCIDR(r.trim(), at));
  }
  if (s.allocateLoadBalancerNodePorts !== undefined && !lb) errs.push(fieldErrors.forbidden(spec.child("allocateLoadBalancerNodePorts"), lbOnly));
  if (lb && s.allocateLoadBalancerNodePorts === undefined) errs.push(fieldErrors.required("allocateLoadBalancerNodePorts"));
  if (lb && s.loadBalancerClass !== undefined) errs.push(...validateQualifiedName(s.loadBalancerClass, spec.child("loadBalancerClass")));
  if (!lb && s.loadBalancerClass !== undefined) errs.push(fieldErrors.forbidden(spec.child("loadBalancerClass"), lbOnly));
  return errs;
}

/** Reachable from outside: NodePort, LoadBalancer, or ClusterIP with external IPs. */
export function externallyAccessible(s: ServiceSpec): boolean {
  return s.type === "LoadBalancer" || s.type === "NodePort" || (s.type === "ClusterIP" && (s.externalIPs ?? []).length > 0);
}

export const needsHealthCheck = (s: ServiceSpec): boolean => s.type === "LoadBalancer" && s.externalTrafficPolicy === "Local";

function validateTrafficPolicies(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const etp = s.externalTrafficPolicy;
  if (!externallyAccessible(s)) {
    if (etp) errs.push(fieldErrors.invalid(spec.child("externalTrafficPolicy"), etp, "may only be set for externally-accessible services"));
  } else if (!etp) errs.push(fieldErrors.required(spec.child("externalTrafficPolicy")));
  else if (etp !== "Cluster" && etp !== "Local") errs.push(fieldErrors.notSupported(spec.child("externalTrafficPolicy"), etp, ["Cluster", "Local"]));
  const hc = s.healthCheckNodePort ?? 0;
  const hcPath = spec.child("healthCheckNodePort");
  if (!needsHealthCheck(s)) {
    if (hc !== 0) errs.push(fieldErrors.invalid(hcPath, hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) errs.push(fieldErrors.required(hcPath));
  else errs.push(...fromMessages(hcPath, hc, isValidPortNum(hc)));
  const itp = s.internalTrafficPolicy;
  const itpPath = spec.child("internalTrafficPolicy");
  if (itp === undefined && ["NodePort", "LoadBalancer", "ClusterIP"].includes(s.type ?? "")) errs.push(fieldErrors.required(itpPath));
  if (itp !== undefined && itp !== "Cluster" && itp !== "Local") errs.push(fieldErrors.notSupported(itpPath, itp, ["Cluster", "Local"]));
  if (s.trafficDistribution !== undefined && s.trafficDistribution !== "PreferClose") {
    errs.push(fieldErrors.notSupported(spec.child("trafficDistribution"), s.trafficDistribution, ["PreferClose"]));
  }
  return errs;
}
