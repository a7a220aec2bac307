import type { Pod } from "kubernetes-types/core/v1.js";

/** The kubelet's format.Pod: "name_namespace(uid)", as its events and waiting messages name a pod. */
export function formatPod(pod: Pick<Pod, "metadata">): string {
  const m = pod.metadata;
  return `${m?.name ?? ""}_${m?.namespace ?? ""}(${m?.uid ?? ""})`;
}

/** Go's time.Duration.String() for a non-negative number of milliseconds: "10s", "1m20s", "5m0s", "1.5s", "500ms". */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${trimZeros(ms)}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds - hours * 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  const s = `${trimZeros(seconds)}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  return s;
}

function trimZeros(n: number): string {
  return String(Number(n.toFixed(9)));
}

/** The fieldPath of a container in its pod's events (upstream's GenerateContainerRef). */
export function containerFieldPath(pod: Pick<Pod, "spec">, name: string): string {
  if (pod.spec?.initContainers?.some((c) => c.name === name)) return `spec.initContainers{${name}}`;
  return `spec.containers{${name}}`;
}
