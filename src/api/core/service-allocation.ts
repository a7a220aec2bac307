import type { Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import { goStrings, initIPFamilyFields, isHeadless, needsClusterIP } from "./service-cluster-ips.js";
import type { ServiceIPAllocator } from "./service-ip-allocator.js";
import type { NodePortAllocator } from "./service-node-port-allocator.js";
import { needsHealthCheck } from "./service-validation.js";

/**
 * What upstream's service REST storage does around a write (storage/alloc.go): IP family
 * defaults, cluster IPs and node ports allocated, returning the 422 causes it would raise.
 */

export interface ServiceAllocators {
  readonly ips: ServiceIPAllocator;
  readonly nodePorts: NodePortAllocator;
}

/** Records the addresses and ports a stored Service holds, so they are never handed out again. */
export function observeService(svc: Service, allocators: ServiceAllocators): void {
  for (const ip of svc.spec?.clusterIPs ?? []) allocators.ips.observe(ip);
  for (const port of svc.spec?.ports ?? []) if (port.nodePort) allocators.nodePorts.observe(port.nodePort);
  if (svc.spec?.healthCheckNodePort) allocators.nodePorts.observe(svc.spec.healthCheckNodePort);
}

export function allocateForCreate(svc: Service, allocators: ServiceAllocators): FieldError[] {
  const errs = initIPFamilyFields(svc, undefined);
  if (errs.length > 0) return errs;
  return [...allocateClusterIPs(svc, allocators.ips), ...allocateNodePorts(svc, undefined, allocators.nodePorts)];
}

export function allocateForUpdate(svc: Service, old: Service, allocators: ServiceAllocators): FieldError[] {
  observeService(old, allocators);
  const errs = initIPFamilyFields(svc, old);
  if (errs.length > 0) return errs;
  // Only a service that did not have a virtual IP (an ExternalName one) gets one on update.
  const ipErrs = needsClusterIP(old) ? [] : allocateClusterIPs(svc, allocators.ips);
  return [...ipErrs, ...allocateNodePorts(svc, old, allocators.nodePorts)];
}

const clusterIPsPath = FieldPath.root("spec").child("clusterIPs");

function allocateClusterIPs(svc: Service, ips: ServiceIPAllocator): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === "ExternalName" || isHeadless(svc)) return [];
  const requested = spec.clusterIPs?.[0];
  if (requested) {
    const err = ips.allocate(requested);
    if (err) return [fieldErrors.invalid(clusterIPsPath, goStrings(spec.clusterIPs), `failed to allocate IP ${requested}: ${err}`)];
  } else {
    const ip = ips.allocateNext();
    if (!ip) return [fieldErrors.internal(clusterIPsPath, new Error("failed to allocate a serviceIP: range is full"))];
    spec.clusterIPs = [ip];
  }
  spec.clusterIP = spec.clusterIPs?.[0];
  return [];
}

const needsNodePorts = (spec: ServiceSpec): boolean => spec.type === "NodePort" || spec.type === "LoadBalancer";

/**
 * initNodePorts/updateNodePorts: every port of a NodePort or LoadBalancer service gets a node
 * port (one per service port number), unless a LoadBalancer opts out; requested ports are
 * taken as given; the health check port of a Local LoadBalancer is allocated too.
 */
function allocateNodePorts(svc: Service, old: Service | undefined, ports: NodePortAllocator): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const held = new Set<number>((old?.spec?.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0));
  if (needsNodePorts(spec)) {
    const byPort = new Map<number, number>();
    const allocateAutomatically = spec.type !== "LoadBalancer" || spec.allocateLoadBalancerNodePorts !== false;
    (spec.ports ?? []).forEach((port, i) => {
      if (!port.nodePort && !allocateAutomatically) return;
      const at = FieldPath.root("spec").child("ports").index(i).child("nodePort");
      const shared = byPort.get(port.port);
      if (!port.nodePort && shared !== undefined) port.nodePort = shared;
      else if (port.nodePort) {
        const err = held.has(port.nodePort) || port.nodePort === shared ? undefined : ports.allocate(port.nodePort);
        if (err) errs.push(fieldErrors.invalid(at, port.nodePort, err));
      } else {
        const next = ports.allocateNext();
        if (next === undefined) errs.push(fieldErrors.internal(at, new Error("failed to allocate a nodePort: range is full")));
        else port.nodePort = next;
      }
      if (port.nodePort) byPort.set(port.port, port.nodePort);
    });
  }
  if (needsHealthCheck(spec) && !spec.healthCheckNodePort) {
    const next = ports.allocateNext();
    if (next === undefined) errs.push(fieldErrors.internal("spec.healthCheckNodePort", new Error("failed to allocate a nodePort: range is full")));
    else spec.healthCheckNodePort = next;
  } else if (needsHealthCheck(spec) && spec.healthCheckNodePort !== old?.spec?.healthCheckNodePort) {
    const err = ports.allocate(spec.healthCheckNodePort!);
    if (err) errs.push(fieldErrors.invalid("spec.healthCheckNodePort", spec.healthCheckNodePort, err));
  }
  return errs;
}
