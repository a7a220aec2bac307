/**
 * NodePorts from the default range 30000-32767, as upstream's port allocator hands them out:
 * automatic allocations from above the lowest band (left to services asking for a fixed port),
 * here the lowest free port rather than a random one. The same bookkeeping as
 * ServiceIPAllocator: seeded from stored Services, never returned on deletion, per process.
 */
export class NodePortAllocator {
  private readonly used = new Set<number>();
  private readonly size: number;
  private readonly dynamicOffset: number;

  constructor(
    readonly first = 30000,
    readonly last = 32767,
  ) {
    this.size = last - first + 1;
    this.dynamicOffset = Math.min(Math.max(16, Math.floor(this.size / 32)), 128);
  }

  observe(port: number): void {
    if (this.inRange(port)) this.used.add(port);
  }

  /** Takes a requested port; returns upstream's error text when it cannot. */
  allocate(port: number): string | undefined {
    if (!this.inRange(port)) return `provided port is not in the valid range. The range of valid ports is ${this.first}-${this.last}`;
    if (this.used.has(port)) return "provided port is already allocated";
    this.used.add(port);
    return undefined;
  }

  /** The lowest free port of the upper band, then of the lower one; undefined when full. */
  allocateNext(): number | undefined {
    const port = this.nextFree(this.first + this.dynamicOffset, this.last) ?? this.nextFree(this.first, this.first + this.dynamicOffset - 1);
    if (port !== undefined) this.used.add(port);
    return port;
  }

  private nextFree(from: number, to: number): number | undefined {
    for (let p = from; p <= to; p++) if (!this.used.has(p)) return p;
    return undefined;
  }

  private inRange(port: number): boolean {
    return Number.isInteger(port) && port >= this.first && port <= this.last;
  }
}
