import { formatIPv4, parseIPv4 } from "./service-ip-address.js";

/**
 * ClusterIPs from the service range (10.96.0.0/12, as kubeadm and kind configure it), handed
 * out as upstream's bitmap allocator does: never the network or broadcast address; automatic
 * allocations from the upper band first, leaving the lowest 256 addresses to services that ask
 * for a fixed IP (10.96.0.10 for DNS...). Unlike upstream it is deterministic: the lowest free
 * address of the band, not a random one.
 *
 * Why the same IP is never given twice among live services: the allocator holds every address
 * it has handed out or seen on a stored Service and never hands those out again within the
 * process. The server seeds it with the stored Services at startup (`observe` on each); the
 * strategy also observes every old object it updates. Deleting a Service does not return its
 * address (strategies see no deletions), so addresses are reused only after a restart, when
 * the seed no longer contains the deleted Services. It is per process: API servers sharing a
 * store (etcd) each keep their own, which upstream avoids with a stored bitmap.
 */
export class ServiceIPAllocator {
  private readonly used = new Set<number>();
  private readonly base: number;
  private readonly size: number;
  /** Addresses below this offset are left to fixed requests while others remain. */
  private readonly dynamicOffset: number;
  private cursor: number;

  constructor(readonly cidr = "10.96.0.0/12") {
    const [ip, bits] = cidr.split("/");
    const prefix = Number(bits);
    const network = parseIPv4(ip ?? "");
    if (network === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 30) throw new Error(`invalid IPv4 service range ${cidr}`);
    this.size = 2 ** (32 - prefix) - 2;
    this.base = network - (network % 2 ** (32 - prefix)) + 1;
    this.dynamicOffset = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    this.cursor = this.dynamicOffset;
  }

  /** Records an address as in use (a stored Service's); addresses outside the range are ignored. */
  observe(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset !== undefined) this.used.add(offset);
  }

  /** Takes a requested address; returns upstream's error text when it cannot. */
  allocate(ip: string): string | undefined {
    const offset = this.offsetOf(ip);
    if (offset === undefined) return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`;
    if (this.used.has(offset)) return "provided IP is already allocated";
    this.used.add(offset);
    return undefined;
  }

  /** The next free address, or undefined when the range is full. */
  allocateNext(): string | undefined {
    const offset = this.nextFree(this.cursor, this.size) ?? this.nextFree(this.dynamicOffset, this.size) ?? this.nextFree(0, this.dynamicOffset);
    if (offset === undefined) return undefined;
    this.used.add(offset);
    this.cursor = offset + 1;
    return formatIPv4(this.base + offset);
  }

  private nextFree(from: number, to: number): number | undefined {
    for (let o = from; o < to; o++) if (!this.used.has(o)) return o;
    return undefined;
  }

  private offsetOf(ip: string): number | undefined {
    const value = parseIPv4(ip);
    if (value === undefined) return undefined;
    const offset = value - this.base;
    return offset >= 0 && offset < this.size ? offset : undefined;
  }
}

/** The allocator of the served Service definition; the server seeds it at startup. */
export const serviceIPAllocator = new ServiceIPAllocator();
