import type { Pod } from "kubernetes-types/core/v1.js";
import { addQuantities, compareQuantity, type Quantity, tryParseQuantity } from "../../util/quantity.js";

export type QOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const computeResources = ["cpu", "memory"];
const zero: Quantity = { mantissa: 0n, exponent: 0, format: "DecimalSI" };

/**
 * The pod's QoS class, as upstream's ComputePodQOS: BestEffort without positive cpu/memory
 * requests or limits; Guaranteed when every container limits both and requests equal limits;
 * Burstable otherwise. Ephemeral containers do not count.
 */
export function computePodQOS(pod: Pod): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    accumulate(requests, c.resources?.requests);
    const found = accumulate(limits, c.resources?.limits);
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

/** Adds the positive cpu/memory quantities of list into totals; returns the names found. */
function accumulate(totals: Map<string, Quantity>, list: Record<string, unknown> | undefined): Set<string> {
  const found = new Set<string>();
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (!computeResources.includes(name)) continue;
    const q = tryParseQuantity(raw);
    if (!q || compareQuantity(q, zero) <= 0) continue;
    found.add(name);
    const prev = totals.get(name);
    totals.set(name, prev ? addQuantities(prev, q) : q);
  }
  return found;
}
