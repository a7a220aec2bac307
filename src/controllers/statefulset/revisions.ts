import type { ControllerRevision } from "kubernetes-types/apps/v1.js";
import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { clone, isPlainObject } from "../../api/object.js";
import { goNormalize, goStringify } from "./go-json.js";
import { type SetLike, setControllerRef } from "./identity.js";
import { podRevision } from "./pod-state.js";
import { controllerRevisionName, hashRevision, revisionHashLabel } from "./revision-hash.js";

const podTemplateSpec = { kind: "ref", name: "io.k8s.api.core.v1.PodTemplateSpec" } as const;

/**
 * upstream's getPatch: what a revision stores, a strategic merge patch replacing the pod template,
 * with the template as Go writes it. Returned with the exact bytes upstream hashes.
 */
export function revisionData(set: SetLike): { data: Record<string, unknown>; raw: string } {
  const template = goNormalize(clone(set.spec?.template ?? {}), podTemplateSpec) as Record<string, unknown>;
  const data = { spec: { template: { $patch: "replace", ...template } } };
  const raw = goStringify(data);
  return { data: JSON.parse(raw) as Record<string, unknown>, raw };
}

/** The canonical bytes of a stored revision's data, to compare revisions by content. */
export function rawData(cr: ControllerRevision): string {
  return goStringify(cr.data ?? null);
}

/**
 * upstream's newRevision (history.NewControllerRevision): named `<set>-<hash>`, labelled with the
 * template's labels and the hash, annotated with the set's annotations, owned by the set.
 */
export function newRevision(set: SetLike, at: { revision: number; collisionCount: number }): ControllerRevision {
  const { revision, collisionCount } = at;
  const { data, raw } = revisionData(set);
  const hash = hashRevision(raw, collisionCount);
  const annotations = set.metadata.annotations ?? {};
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: controllerRevisionName(set.metadata.name, hash),
      ...(set.metadata.namespace ? { namespace: set.metadata.namespace } : {}),
      labels: { ...set.spec?.template?.metadata?.labels, [revisionHashLabel]: hash },
      ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
      ownerReferences: [setControllerRef(set)],
    },
    data,
    revision,
  };
}

/** history.EqualRevision: the same data (hash labels that parse as numbers must agree first). */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  const ha = numericHash(a);
  const hb = numericHash(b);
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return rawData(a) === rawData(b);
}

function numericHash(cr: ControllerRevision): number | undefined {
  const h = cr.metadata?.labels?.[revisionHashLabel];
  return h !== undefined && /^[+-]?\d+$/.test(h) ? Number(h) : undefined;
}

/** history.SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions<T extends ControllerRevision>(revisions: readonly T[]): T[] {
  return [...revisions].sort((a, b) => {
    if ((a.revision ?? 0) !== (b.revision ?? 0)) return (a.revision ?? 0) - (b.revision ?? 0);
    const ta = a.metadata?.creationTimestamp ?? "";
    const tb = b.metadata?.creationTimestamp ?? "";
    if (ta !== tb) return ta < tb ? -1 : 1;
    const na = a.metadata?.name ?? "";
    const nb = b.metadata?.name ?? "";
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/** One past the highest revision number (1 for an empty history); revisions sorted. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length === 0 ? 1 : (sorted[sorted.length - 1]!.revision ?? 0) + 1;
}

/**
 * upstream's ApplyRevision: the set with the revision's pod template. Revisions hold a template
 * with `$patch: replace`, so the strategic merge comes down to replacing the template.
 */
export function applyRevision<T extends SetLike>(set: T, cr: ControllerRevision): T {
  const copy = clone(set);
  const spec = isPlainObject(cr.data) && isPlainObject(cr.data.spec) ? cr.data.spec : undefined;
  const template = spec && isPlainObject(spec.template) ? clone(spec.template) : undefined;
  if (template && copy.spec) {
    delete template.$patch;
    copy.spec.template = template as PodTemplateSpec;
  }
  return copy;
}

/**
 * upstream's truncateHistory: revisions not live (not current, not update, not any pod's) beyond
 * revisionHistoryLimit, oldest first. Revisions must be sorted.
 */
export function revisionsToTruncate<T extends ControllerRevision>(
  set: SetLike,
  sorted: readonly T[],
  live: { pods: readonly Pod[]; current: string; update: string },
): T[] {
  const liveNames = new Set([live.current, live.update, ...live.pods.map(podRevision)]);
  const history = sorted.filter((r) => !liveNames.has(r.metadata?.name ?? ""));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit);
}
