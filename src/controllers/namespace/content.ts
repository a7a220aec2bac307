import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/object.js";

/** Assumed wait for finalizers on remaining objects to complete (upstream finalizerEstimateSeconds). */
export const finalizerEstimateSeconds = 15;

/** One resource's state after its objects in the namespace were asked to go. */
export interface ResourceOutcome {
  /** Seconds to wait before looking again (0: no estimate; not a promise that all is gone). */
  readonly estimateSeconds: number;
  readonly numRemaining: number;
  /** finalizer → remaining objects carrying it. */
  readonly finalizers: ReadonlyMap<string, number>;
  /** Set when objects remain with no reason to (no grace period, no finalizer). */
  readonly error?: string;
}

/** The resource as upstream's GroupVersionResource prints it in messages. */
export interface ResourceName {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/**
 * upstream's deleteAllContentForGroupVersionResource after its final list: nothing left is done;
 * objects left while pods terminate gracefully, or carrying finalizers, are waited for; objects
 * left for no reason are an error.
 */
export function resourceOutcome(r: ResourceName, options: { namespace: string; remaining: readonly KubeObject[]; estimateSeconds: number }): ResourceOutcome {
  const { remaining, estimateSeconds } = options;
  if (remaining.length === 0) return { estimateSeconds: 0, numRemaining: 0, finalizers: new Map() };
  const finalizers = new Map<string, number>();
  for (const obj of remaining) {
    for (const f of obj.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
  }
  if (estimateSeconds !== 0) return { estimateSeconds, numRemaining: remaining.length, finalizers };
  if (finalizers.size > 0) return { estimateSeconds: finalizerEstimateSeconds, numRemaining: remaining.length, finalizers };
  return {
    estimateSeconds,
    numRemaining: remaining.length,
    finalizers,
    error: `unexpected items still remain in namespace: ${options.namespace} for gvr: ${r.group}/${r.version}, Resource=${r.resource}`,
  };
}

/**
 * upstream's estimateGracefulTerminationForPods, then discounted by the time the namespace has
 * been terminating: the longest grace period of its non-terminal pods, or 0 once that has passed.
 */
export function podTerminationEstimate(pods: readonly Pod[], options: { deletedAtMs: number; nowMs: number }): number {
  let estimate = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (grace !== undefined && grace > estimate) estimate = grace;
  }
  return options.nowMs - options.deletedAtMs >= estimate * 1000 ? 0 : estimate;
}
