import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { objectKey } from "../../api/object.js";
import { NodeInfo, podEntry } from "./node-info.js";

/**
 * upstream's scheduler cache: every node with the pods counted on it, kept up to date from the
 * informers' events (never by relisting), plus the pods the scheduler has assumed onto a node
 * while their binding is in flight, so the next pod does not take the same room.
 */
export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  /** pod key → the node it is counted on */
  private readonly podNodes = new Map<string, string>();
  private readonly assumed = new Set<string>();

  setNode(node: Node): void {
    this.infoFor(node.metadata?.name ?? "").setNode(node);
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) return;
    info.setNode(undefined);
    if (info.podCount === 0) this.infos.delete(name);
  }

  /** An assigned, not terminated pod as the informer last saw it; confirms an assumed pod. */
  addOrUpdatePod(pod: Pod): void {
    const key = objectKey(pod);
    const nodeName = pod.spec?.nodeName ?? "";
    this.assumed.delete(key);
    const previous = this.podNodes.get(key);
    if (previous !== undefined && previous !== nodeName) this.removeFrom(previous, key);
    this.infoFor(nodeName).addPod(podEntry(pod));
    this.podNodes.set(key, nodeName);
  }

  /** The pod is gone, or terminated (it no longer holds resources). Returns whether it was counted. */
  removePod(key: string): boolean {
    const nodeName = this.podNodes.get(key);
    if (nodeName === undefined) return false;
    this.assumed.delete(key);
    this.podNodes.delete(key);
    this.removeFrom(nodeName, key);
    return true;
  }

  /** Counts the pod on nodeName before its binding is confirmed. */
  assume(pod: Pod, nodeName: string): void {
    const key = objectKey(pod);
    this.removePod(key);
    this.infoFor(nodeName).addPod(podEntry(pod));
    this.podNodes.set(key, nodeName);
    this.assumed.add(key);
  }

  /** Un-assumes a pod whose binding failed; a pod the informer confirmed meanwhile stays. */
  forget(key: string): void {
    if (this.assumed.has(key)) this.removePod(key);
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  isCounted(key: string): boolean {
    return this.podNodes.has(key);
  }

  /** Every known node (nodes only referenced by pods are left out). */
  nodeInfos(): NodeInfo[] {
    return [...this.infos.values()].filter((i) => i.node !== undefined);
  }

  private infoFor(name: string): NodeInfo {
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    return info;
  }

  private removeFrom(nodeName: string, key: string): void {
    const info = this.infos.get(nodeName);
    if (!info) return;
    info.removePod(key);
    if (info.podCount === 0 && info.node === undefined) this.infos.delete(nodeName);
  }
}
