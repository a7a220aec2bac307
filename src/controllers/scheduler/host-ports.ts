import type { Pod } from "kubernetes-types/core/v1.js";

/** One host port a container asks for: "<ip> <protocol>/<port>" semantics of upstream's HostPortInfo. */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

const wildcard = "0.0.0.0";

/** The host ports of the pod's containers (schedutil.GetHostPorts), IP and protocol defaulted. */
export function podHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      ports.push({ ip: p.hostIP || wildcard, protocol: p.protocol || "TCP", port: p.hostPort });
    }
  }
  return ports;
}

const key = (p: HostPort): string => `${p.protocol}/${p.port}`;

/** The host ports in use on a node, counted so that two pods' equal ports release one at a time. */
export class HostPortSet {
  /** protocol/port → ip → count */
  private readonly used = new Map<string, Map<string, number>>();

  add(ports: readonly HostPort[]): void {
    for (const p of ports) {
      let ips = this.used.get(key(p));
      if (!ips) this.used.set(key(p), (ips = new Map()));
      ips.set(p.ip, (ips.get(p.ip) ?? 0) + 1);
    }
  }

  remove(ports: readonly HostPort[]): void {
    for (const p of ports) {
      const ips = this.used.get(key(p));
      const n = ips?.get(p.ip) ?? 0;
      if (n <= 1) ips?.delete(p.ip);
      else ips!.set(p.ip, n - 1);
      if (ips?.size === 0) this.used.delete(key(p));
    }
  }

  /** upstream's HostPortInfo.CheckConflict: the wildcard address conflicts with every address. */
  conflicts(p: HostPort): boolean {
    const ips = this.used.get(key(p));
    if (!ips || ips.size === 0) return false;
    if (p.ip === wildcard) return true;
    return ips.has(p.ip) || ips.has(wildcard);
  }
}
