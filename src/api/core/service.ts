import type { Service } from "kubernetes-types/core/v1.js";
import type { FieldError } from "../field-errors.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type Strategy } from "../resource.js";
import { allocateForCreate, allocateForUpdate, observeService, type ServiceAllocators } from "./service-allocation.js";
import { needsClusterIP, normalizeClusterIPs, sameStrings } from "./service-cluster-ips.js";
import { serviceIPAllocator } from "./service-ip-allocator.js";
import { NodePortAllocator } from "./service-node-port-allocator.js";
import { serviceTable } from "./service-table.js";
import { validateServiceStatusUpdate, validateServiceUpdate } from "./service-update-validation.js";
import { externallyAccessible, validateService } from "./service-validation.js";

/** The service with its status writable: kubernetes-types marks status read-only, the strategy owns it. */
type Svc = { -readonly [K in keyof Service]: Service[K] };

export const serviceInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "Service",
  resource: "services",
  singular: "service",
  listKind: "ServiceList",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  subresources: ["status"],
  // Upstream serves no deletecollection for services.
  verbs: allVerbs.filter((v) => v !== "deletecollection"),
  storage: { group: "", resource: "services", version: "v1", kind: "Service" },
};

/** SetDefaults_Service. */
export function defaultService(svc: Svc): void {
  const spec = (svc.spec ??= {});
  spec.sessionAffinity ||= "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  spec.type ||= "ClusterIP";
  for (const port of spec.ports ?? []) {
    port.protocol ||= "TCP";
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === "") port.targetPort = port.port;
  }
  if (externallyAccessible(spec)) spec.externalTrafficPolicy ||= "Cluster";
  if (spec.internalTrafficPolicy === undefined && ["NodePort", "LoadBalancer", "ClusterIP"].includes(spec.type)) spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer") {
    spec.allocateLoadBalancerNodePorts ??= true;
    for (const ingress of svc.status?.loadBalancer?.ingress ?? []) if (ingress.ip) ingress.ipMode ??= "VIP";
  }
}

/** patchAllocatedValues: a resubmitted manifest keeps what the server allocated. */
function patchAllocatedValues(svc: Svc, old: Svc): void {
  const spec = (svc.spec ??= {});
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!spec.clusterIPs?.length && oldSpec.clusterIPs) spec.clusterIPs = oldSpec.clusterIPs;
  }
  const nodePortTypes = ["NodePort", "LoadBalancer"];
  if (nodePortTypes.includes(oldSpec.type ?? "") && nodePortTypes.includes(spec.type ?? "")) {
    const byName = new Map((oldSpec.ports ?? []).map((p) => [p.name ?? "", p.nodePort]));
    for (const port of spec.ports ?? []) if (!port.nodePort && byName.get(port.name ?? "")) port.nodePort = byName.get(port.name ?? "");
  }
  if (oldSpec.healthCheckNodePort && spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local" && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

/**
 * dropTypeDependentFields: switching to a type that no longer uses an allocated value wipes it,
 * when the client left it as it was (a changed value is the client's, and validation judges it).
 */
function dropTypeDependentFields(svc: Svc, old: Svc): void {
  const spec = (svc.spec ??= {});
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if ((spec.clusterIP ?? "") === (oldSpec.clusterIP ?? "") && sameStrings(spec.clusterIPs, oldSpec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameStrings(spec.ipFamilies, oldSpec.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === oldSpec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  const nodePorts = (s: Svc): boolean => s.spec?.type === "NodePort" || s.spec?.type === "LoadBalancer";
  const sameNodePorts = (spec.ports ?? []).every((p) => !p.nodePort || (oldSpec.ports ?? []).some((o) => o.nodePort === p.nodePort));
  if (nodePorts(old) && !nodePorts(svc) && sameNodePorts) for (const port of spec.ports ?? []) delete port.nodePort;
  const healthCheck = (s: Svc): boolean => s.spec?.type === "LoadBalancer" && s.spec.externalTrafficPolicy === "Local";
  if (healthCheck(old) && !healthCheck(svc) && spec.healthCheckNodePort === oldSpec.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (oldSpec.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass === oldSpec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (old.spec && externallyAccessible(oldSpec) && !externallyAccessible(spec) && spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
}

/**
 * A Service strategy over the given allocators. Allocation happens in prepare (the registry's
 * only hook before validation); its errors wait in `pending` for validate, which reports them
 * only when the service is otherwise valid, as upstream allocates after validation.
 */
export function serviceStrategy(allocators: ServiceAllocators): Strategy<Svc> {
  const pending = new WeakMap<object, FieldError[]>();
  const pendingFor = (svc: Svc): FieldError[] => pending.get(svc) ?? [];
  return {
    applyDefaults: defaultService,
    prepareForCreate(svc) {
      // Go always writes the load balancer status struct: `status: {loadBalancer: {}}`.
      svc.status = { loadBalancer: {} };
      normalizeClusterIPs(undefined, svc);
      pending.set(svc, allocateForCreate(svc, allocators));
    },
    prepareForUpdate(svc, old) {
      svc.status = old.status ?? { loadBalancer: {} };
      patchAllocatedValues(svc, old);
      normalizeClusterIPs(old, svc);
      dropTypeDependentFields(svc, old);
      pending.set(svc, allocateForUpdate(svc, old, allocators));
    },
    validate(svc) {
      const errs = validateService(svc);
      return errs.length > 0 ? errs : pendingFor(svc);
    },
    validateUpdate: validateServiceUpdate,
    status: {
      prepareForUpdate(svc, old) {
        svc.spec = old.spec ?? {};
        observeService(old, allocators);
      },
      validateUpdate: validateServiceStatusUpdate,
    },
    table: serviceTable,
    selectableFields: (svc) => ({ "spec.clusterIP": svc.spec?.clusterIP ?? "", "spec.type": svc.spec?.type ?? "" }),
    allowCreateOnUpdate: true,
  };
}

/** The allocators of the served definition; the server seeds them with the stored Services at startup. */
export const serviceAllocators: ServiceAllocators = { ips: serviceIPAllocator, nodePorts: new NodePortAllocator() };

/** Seeds the served allocators with stored Services (call once at startup, before serving writes). */
export function observeStoredServices(services: Iterable<Service>): void {
  for (const svc of services) observeService(svc, serviceAllocators);
}

export const serviceDefinition: ResourceDefinition<Svc> = { info: serviceInfo, strategy: serviceStrategy(serviceAllocators) };
