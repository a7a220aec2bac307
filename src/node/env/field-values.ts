import type { Container, Pod, ResourceFieldSelector } from "kubernetes-types/core/v1.js";
import { type Quantity, milliValue, parseQuantity } from "../../util/quantity.js";

/** What the pod's downward API may read besides the pod itself. */
export interface DownwardContext {
  readonly hostIP: string;
  readonly podIP: string;
  /** The node's allocatable resources: a limit the container does not set reads as these. */
  readonly allocatable: Readonly<Record<string, string>>;
}

/** A downward API reference the kubelet cannot resolve (it fails the container's start). */
export class DownwardError extends Error {}

/** Go's %q-free formatting of a map as fieldpath.FormatMap: sorted `key="value"` lines. */
function formatMap(m: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join("\n");
}

/** podFieldSelectorRuntimeValue and fieldpath.ExtractFieldPathAsString. */
export function podFieldValue(pod: Pod, fieldPath: string, ctx: DownwardContext): string {
  switch (fieldPath) {
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.hostIP":
    case "status.hostIPs":
      return ctx.hostIP;
    case "status.podIP":
    case "status.podIPs":
      return ctx.podIP;
    case "metadata.name":
      return pod.metadata?.name ?? "";
    case "metadata.namespace":
      return pod.metadata?.namespace ?? "";
    case "metadata.uid":
      return pod.metadata?.uid ?? "";
    case "metadata.labels":
      return formatMap(pod.metadata?.labels);
    case "metadata.annotations":
      return formatMap(pod.metadata?.annotations);
  }
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (subscript) {
    const map = subscript[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations;
    return map?.[subscript[2]!] ?? "";
  }
  throw new DownwardError(`unsupported fieldPath: ${fieldPath}`);
}

/** ExtractContainerResourceValue, limits falling back to the node's allocatable as the kubelet merges them. */
export function containerResourceValue(sel: ResourceFieldSelector, container: Container, ctx: DownwardContext): string {
  const divisor = parseQuantity(sel.divisor === undefined || sel.divisor === "0" || sel.divisor === "" ? "1" : String(sel.divisor));
  const [kind, name] = splitResource(sel.resource);
  const own = kind === "limits" ? container.resources?.limits : container.resources?.requests;
  const raw = own?.[name] ?? (kind === "limits" ? ctx.allocatable[name] : undefined) ?? "0";
  const amount = parseQuantity(String(raw));
  return name === "cpu" ? ceilDiv(milliValue(amount), milliValue(divisor)) : ceilDiv(wholeValue(amount), wholeValue(divisor));
}

function splitResource(resource: string): ["limits" | "requests", string] {
  const m = /^(limits|requests)\.(.+)$/.exec(resource);
  if (!m) throw new DownwardError(`unsupported container resource : ${resource}`);
  return [m[1] as "limits" | "requests", m[2]!];
}

function wholeValue(q: Quantity): bigint {
  return (milliValue(q) + 999n) / 1000n;
}

function ceilDiv(a: bigint, b: bigint): string {
  if (b === 0n) return "0";
  return String((a + b - 1n) / b);
}
