/** The filter plugins tinykube runs, in upstream's default order, and the prefilter-only ones. */
export type PluginName = "NodeUnschedulable" | "TaintToleration" | "NodeAffinity" | "NodePorts" | "NodeResourcesFit" | "VolumeBinding";

/**
 * Why a node does not fit, as upstream's framework.Status: Unschedulable means preemption might
 * help, UnschedulableAndUnresolvable that it cannot.
 */
export interface NodeStatus {
  readonly code: "Unschedulable" | "UnschedulableAndUnresolvable";
  readonly reasons: readonly string[];
  readonly plugin: PluginName;
}

export function unschedulable(plugin: PluginName, ...reasons: string[]): NodeStatus {
  return { code: "Unschedulable", reasons, plugin };
}

export function unresolvable(plugin: PluginName, ...reasons: string[]): NodeStatus {
  return { code: "UnschedulableAndUnresolvable", reasons, plugin };
}

/** Reasons upstream's plugins give, word for word (v1.32). */
export const reasons = {
  unschedulable: "node(s) were unschedulable",
  affinity: "node(s) didn't match Pod's node affinity/selector",
  ports: "node(s) didn't have free ports for the requested pod ports",
  tooManyPods: "Too many pods",
  volumeNodeConflict: "node(s) had volume node affinity conflict",
  volumeBindConflict: "node(s) didn't find available persistent volumes to bind",
  volumePVNotExist: "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)",
  untoleratedTaint: (key: string, value: string | undefined): string => `node(s) had untolerated taint {${key}: ${value ?? ""}}`,
  insufficient: (resource: string): string => `Insufficient ${resource}`,
} as const;
