import type { Pod } from "kubernetes-types/core/v1.js";
import { preferredAffinityScore } from "./node-affinity.js";
import type { NodeInfo } from "./node-info.js";
import type { Resources } from "./pod-requests.js";
import { countIntolerablePreferNoSchedule } from "./taints.js";

const maxNodeScore = 100;

/** The pod's requests as the two resource scorers see them. */
export interface ScoreInput {
  readonly pod: Pod;
  readonly requests: Resources;
  readonly nonZero: Resources;
}

/** helper.DefaultNormalizeScore: scale to 0..100 by the highest raw score, reversed if asked. */
function normalize(raw: readonly number[], reverse: "reverse" | "forward"): number[] {
  const max = Math.max(0, ...raw);
  if (max === 0) return raw.map(() => (reverse === "reverse" ? maxNodeScore : 0));
  return raw.map((s) => {
    const scaled = Math.trunc((maxNodeScore * s) / max);
    return reverse === "reverse" ? maxNodeScore - scaled : scaled;
  });
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * maxNodeScore) / capacity);
}

/** NodeResourcesFit's LeastAllocated strategy over cpu and memory (weight 1 each), non-zero requests. */
function leastAllocatedScore(input: ScoreInput, info: NodeInfo): number {
  const alloc = info.allocatable;
  const pairs: Array<[number, number]> = [
    [info.nonZeroRequested.milliCPU + input.nonZero.milliCPU, alloc.milliCPU],
    [info.nonZeroRequested.memory + input.nonZero.memory, alloc.memory],
  ];
  const counted = pairs.filter(([, capacity]) => capacity !== 0);
  if (counted.length === 0) return 0;
  return Math.trunc(counted.reduce((sum, [req, cap]) => sum + leastRequested(req, cap), 0) / counted.length);
}

/** NodeResourcesBalancedAllocation: how evenly cpu and memory would be used, actual requests. */
function balancedAllocationScore(input: ScoreInput, info: NodeInfo): number {
  const alloc = info.allocatable;
  const fractions: number[] = [];
  const add = (requested: number, capacity: number): void => {
    if (capacity !== 0) fractions.push(Math.min(1, requested / capacity));
  };
  add(info.requested.milliCPU + input.requests.milliCPU, alloc.milliCPU);
  add(info.requested.memory + input.requests.memory, alloc.memory);
  const std = fractions.length === 2 ? Math.abs((fractions[0]! - fractions[1]!) / 2) : 0;
  return Math.trunc((1 - std) * maxNodeScore);
}

/**
 * The default profile's scores with their weights: TaintToleration 3, NodeAffinity 2,
 * NodeResourcesFit 1, NodeResourcesBalancedAllocation 1. Image locality and topology spreading
 * are left out (no images; one machine is one zone).
 */
export function scoreNodes(input: ScoreInput, nodes: readonly NodeInfo[]): number[] {
  const tolerations = input.pod.spec?.tolerations;
  const taints = normalize(nodes.map((n) => countIntolerablePreferNoSchedule(n.node?.spec?.taints ?? [], tolerations)), "reverse");
  const affinity = normalize(nodes.map((n) => preferredAffinityScore(input.pod, n.node!)), "forward");
  return nodes.map((n, i) => 3 * taints[i]! + 2 * affinity[i]! + leastAllocatedScore(input, n) + balancedAllocationScore(input, n));
}

/** The highest score wins; among equals the node with fewest pods, then by name, so runs repeat. */
export function selectHost(nodes: readonly NodeInfo[], scores: readonly number[]): NodeInfo {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i]!;
    const b = nodes[best]!;
    if (scores[i]! > scores[best]!) best = i;
    else if (scores[i] === scores[best] && (a.podCount < b.podCount || (a.podCount === b.podCount && a.name < b.name))) best = i;
  }
  return nodes[best]!;
}
