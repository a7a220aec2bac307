import type { Taint, Toleration } from "kubernetes-types/core/v1.js";

/** What the taint eviction controller does with a pod on a node with these NoExecute taints. */
export type EvictionDecision =
  /** No NoExecute taint: any scheduled eviction is cancelled. */
  | { readonly kind: "none" }
  /** A taint the pod does not tolerate: delete now. */
  | { readonly kind: "now" }
  /** Tolerated for this long (the shortest tolerationSeconds of the tolerations used). */
  | { readonly kind: "after"; readonly ms: number }
  /** Tolerated forever. */
  | { readonly kind: "never" };

/** upstream's Toleration.ToleratesTaint. */
function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true;
  return (t.operator ?? "Equal") === "Equal" && (t.value ?? "") === (taint.value ?? "");
}

/** processPodOnNode with GetMatchingTolerations and getMinTolerationTime. */
export function evictionDecision(noExecuteTaints: readonly Taint[], tolerations: readonly Toleration[] | undefined): EvictionDecision {
  if (noExecuteTaints.length === 0) return { kind: "none" };
  const used: Toleration[] = [];
  for (const taint of noExecuteTaints) {
    const match = (tolerations ?? []).find((t) => tolerates(t, taint));
    if (!match) return { kind: "now" };
    used.push(match);
  }
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return { kind: "now" };
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? { kind: "never" } : { kind: "after", ms: min * 1000 };
}

export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === "NoExecute");
}
