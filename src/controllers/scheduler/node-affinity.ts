import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from "kubernetes-types/core/v1.js";

/** One node selector requirement against a node's labels (component-helpers' nodeaffinity). */
function matchesExpression(req: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = has ? labels[req.key]! : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt":
      return compareInteger(req.operator, value, values);
    default:
      return false;
  }
}

function compareInteger(op: "Gt" | "Lt", value: string | undefined, values: readonly string[]): boolean {
  if (value === undefined || values.length !== 1) return false;
  if (!/^[+-]?\d+$/.test(value) || !/^[+-]?\d+$/.test(values[0]!)) return false;
  const actual = BigInt(value);
  const wanted = BigInt(values[0]!);
  return op === "Gt" ? actual > wanted : actual < wanted;
}

/** matchFields support metadata.name only, with In and NotIn. */
function matchesField(req: NodeSelectorRequirement, node: Node): boolean {
  if (req.key !== "metadata.name") return false;
  const name = node.metadata?.name ?? "";
  if (req.operator === "In") return (req.values ?? []).includes(name);
  if (req.operator === "NotIn") return !(req.values ?? []).includes(name);
  return false;
}

function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0;
}

/** A term matches when all its requirements do; an empty term matches no node. */
export function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  if (isEmptyTerm(term)) return false;
  const labels = node.metadata?.labels ?? {};
  return (term.matchExpressions ?? []).every((r) => matchesExpression(r, labels)) && (term.matchFields ?? []).every((r) => matchesField(r, node));
}

/** The terms are ORed. */
export function matchesAnyTerm(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => matchesTerm(t, node));
}

/** NodeAffinity's filter: spec.nodeSelector (every label equal) and the required affinity terms. */
export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  const selector = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || matchesAnyTerm(required.nodeSelectorTerms ?? [], node);
}

/** NodeAffinity's raw score: the summed weights of the preferred terms the node matches. */
export function preferredAffinityScore(pod: Pod, node: Node): number {
  const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  let score = 0;
  for (const p of preferred) {
    if (p.weight !== 0 && matchesTerm(p.preference, node)) score += p.weight;
  }
  return score;
}
