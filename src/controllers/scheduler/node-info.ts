import type { Node, Pod, Taint } from "kubernetes-types/core/v1.js";
import { objectKey } from "../../api/object.js";
import { type HostPort, HostPortSet, podHostPorts } from "./host-ports.js";
import { type Allocatable, addResources, allocatableOf, emptyResources, podNonZeroRequests, podRequests, type Resources, subtractResources } from "./pod-requests.js";
import { effectiveTaints } from "./taints.js";

/** What the scheduler remembers of one pod counted on a node. */
export interface PodEntry {
  readonly key: string;
  readonly requests: Resources;
  readonly nonZero: Resources;
  readonly ports: readonly HostPort[];
  /** Lower-priority pods are what preemption could remove (spec.priority, 0 when unset). */
  readonly priority: number;
}

export function podEntry(pod: Pod): PodEntry {
  return {
    key: objectKey(pod),
    requests: podRequests(pod),
    nonZero: podNonZeroRequests(pod),
    ports: podHostPorts(pod),
    priority: pod.spec?.priority ?? 0,
  };
}

/**
 * upstream's NodeInfo: a node and the totals of the pods counted on it (bound and assumed).
 * The node may be unknown yet (pods bound to a node the informer has not delivered).
 */
export class NodeInfo {
  private readonly entries = new Map<string, PodEntry>();
  private requestedTotal: Resources = emptyResources();
  private nonZeroTotal: Resources = emptyResources();
  readonly usedPorts = new HostPortSet();
  private cachedNode: { node: Node; allocatable: Allocatable; taints: Taint[] } | undefined;

  constructor(readonly name: string) {}

  setNode(node: Node | undefined): void {
    this.cachedNode = node ? { node, allocatable: allocatableOf(node.status?.allocatable), taints: effectiveTaints(node) } : undefined;
  }

  get node(): Node | undefined {
    return this.cachedNode?.node;
  }

  /** node.status.allocatable as the scheduler counts it (zero when the node reports none). */
  get allocatable(): Allocatable {
    return this.cachedNode?.allocatable ?? { ...emptyResources(), allowedPodNumber: 0 };
  }

  /** spec.taints plus the condition taints (not-ready…). */
  get taints(): readonly Taint[] {
    return this.cachedNode?.taints ?? [];
  }

  get requested(): Resources {
    return this.requestedTotal;
  }

  get nonZeroRequested(): Resources {
    return this.nonZeroTotal;
  }

  get podCount(): number {
    return this.entries.size;
  }

  pods(): IterableIterator<PodEntry> {
    return this.entries.values();
  }

  hasPod(key: string): boolean {
    return this.entries.has(key);
  }

  addPod(entry: PodEntry): void {
    this.removePod(entry.key);
    this.entries.set(entry.key, entry);
    this.requestedTotal = addResources(this.requestedTotal, entry.requests);
    this.nonZeroTotal = addResources(this.nonZeroTotal, entry.nonZero);
    this.usedPorts.add(entry.ports);
  }

  removePod(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.requestedTotal = subtractResources(this.requestedTotal, entry.requests);
    this.nonZeroTotal = subtractResources(this.nonZeroTotal, entry.nonZero);
    this.usedPorts.remove(entry.ports);
    return true;
  }

  /** A copy with the given pods taken off: what preemption would leave. */
  without(keys: ReadonlySet<string>): NodeInfo {
    const copy = new NodeInfo(this.name);
    copy.cachedNode = this.cachedNode;
    for (const entry of this.entries.values()) if (!keys.has(entry.key)) copy.addPod(entry);
    return copy;
  }

  /** A copy with one more pod counted: the view while a pod is assumed here. */
  with(entry: PodEntry): NodeInfo {
    const copy = this.without(new Set());
    copy.addPod(entry);
    return copy;
  }
}
