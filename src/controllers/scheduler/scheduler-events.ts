import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { objectKey } from "../../api/object.js";
import type { Informer } from "../../client/informer.js";
import type { PluginName } from "./node-status.js";
import type { PodBackoff } from "./pod-backoff.js";
import type { SchedulerCache } from "./scheduler-cache.js";
import { defaultSchedulerName } from "./scheduler-name.js";

/** What the event handlers act on: the scheduler's cache, its back-off memory, its queue. */
export interface SchedulingTarget {
  readonly cache: SchedulerCache;
  readonly backoff: PodBackoff;
  readonly schedulerName: string;
  /** Queue the pod for an attempt once its back-off has passed. */
  activate(key: string): void;
  volumesChanged(): void;
}

export interface SchedulingInformers {
  readonly pods: Informer<Pod>;
  readonly nodes: Informer<Node>;
  readonly claims: Informer<PersistentVolumeClaim>;
  readonly volumes: Informer<PersistentVolume>;
  readonly classes: Informer<StorageClass>;
}

/** Terminated pods hold no resources (the scheduler's pod informer leaves them out upstream). */
export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

/** A pod the scheduler should place: unbound, ours, alive, not gated. */
export function needsScheduling(pod: Pod, schedulerName: string): boolean {
  if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp || isTerminal(pod)) return false;
  if ((pod.spec?.schedulerName ?? defaultSchedulerName) !== schedulerName) return false;
  return (pod.spec?.schedulingGates ?? []).length === 0;
}

/** Resource and port changes free room: they retry pods NodeResourcesFit or NodePorts rejected. */
const roomPlugins: readonly PluginName[] = ["NodeResourcesFit", "NodePorts"];

/** What a pod's scheduling depends on besides its status (upstream's isPodUpdated strips status). */
function schedulingInput(pod: Pod): string {
  return JSON.stringify([pod.spec, pod.metadata?.labels, pod.metadata?.annotations]);
}

/** What of a node the filters read; heartbeats change none of it. */
function nodeInput(node: Node): string {
  const conditions = (node.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`);
  return JSON.stringify([node.metadata?.labels, node.spec?.taints, node.spec?.unschedulable, node.status?.allocatable, conditions]);
}

function activateAll(t: SchedulingTarget, plugins: readonly PluginName[] | "all"): void {
  for (const key of t.backoff.takeWaitingOn(plugins)) t.activate(key);
}

function onPod(t: SchedulingTarget, old: Pod | undefined, pod: Pod): void {
  const key = objectKey(pod);
  if (pod.spec?.nodeName) {
    if (isTerminal(pod)) {
      if (t.cache.removePod(key)) activateAll(t, roomPlugins);
      return;
    }
    t.cache.addOrUpdatePod(pod);
    if (!old?.spec?.nodeName) t.backoff.forget(key);
    return;
  }
  if (!needsScheduling(pod, t.schedulerName)) return;
  if (!old || !t.backoff.isWaiting(key) || schedulingInput(old) !== schedulingInput(pod)) t.activate(key);
}

function onPodDeleted(t: SchedulingTarget, pod: Pod): void {
  const key = objectKey(pod);
  t.backoff.forget(key);
  if (t.cache.removePod(key)) activateAll(t, roomPlugins);
}

/** Maps each informer's changes to the cache and to the pods they may help, as upstream's queueing hints do. */
export function watchSchedulingEvents(t: SchedulingTarget, i: SchedulingInformers): void {
  i.pods.addEventHandler({
    onAdd: (pod) => onPod(t, undefined, pod),
    onUpdate: (old, pod) => onPod(t, old, pod),
    onDelete: (pod) => onPodDeleted(t, pod),
  });
  i.nodes.addEventHandler({
    onAdd: (node) => {
      t.cache.setNode(node);
      activateAll(t, "all");
    },
    onUpdate: (old, node) => {
      t.cache.setNode(node);
      if (nodeInput(old) !== nodeInput(node)) activateAll(t, "all");
    },
    onDelete: (node) => t.cache.removeNode(node.metadata.name),
  });
  const volumesChanged = (): void => {
    t.volumesChanged();
    activateAll(t, ["VolumeBinding"]);
  };
  const handler = { onAdd: volumesChanged, onUpdate: volumesChanged, onDelete: volumesChanged };
  i.claims.addEventHandler(handler);
  i.volumes.addEventHandler(handler);
  i.classes.addEventHandler(handler);
}
