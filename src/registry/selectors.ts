import type { KubeObject } from "../api/object.js";
import { apiErrors } from "../api/status.js";
import type { Strategy } from "../api/resource.js";
import type { Resolved } from "./resolve.js";
import { type FieldSelector, parseFieldSelector } from "../util/fields.js";
import { type LabelSelector, parseLabelSelector, SelectorError } from "../util/labels.js";

/** The label and field selectors of one list or watch, checked against the kind. */
export interface ObjectFilter {
  /** True when nothing is filtered out. */
  readonly empty: boolean;
  /** Matches a storage-version object. */
  matches(obj: KubeObject): boolean;
}

const metadataFields = ["metadata.name", "metadata.namespace"];

/** Parses both selectors for a resource; any error is upstream's 400. */
export function compileFilter(res: Resolved, selectors: { labelSelector?: string; fieldSelector?: string }): ObjectFilter {
  const { strategy } = res;
  const labels = parse(() => parseLabelSelector(selectors.labelSelector ?? ""));
  const fields = parse(() => parseFieldSelector(selectors.fieldSelector ?? ""));
  checkFieldsKnown(strategy, fields, res.namespaced);
  const empty = labels.isEmpty() && fields.isEmpty();
  return {
    empty,
    matches: (obj) => empty || (labels.matches(obj.metadata?.labels) && (fields.isEmpty() || fields.matches(fieldsOf(strategy, obj)))),
  };
}

function parse<T extends LabelSelector | FieldSelector>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SelectorError) throw apiErrors.badRequest(err.message);
    throw err;
  }
}

/** The field values a selector may test: metadata.name and metadata.namespace for every kind, plus the kind's own. */
export function fieldsOf(strategy: Strategy, obj: KubeObject): Record<string, string> {
  const own = strategy.selectableFields?.(obj) ?? {};
  return { ...own, "metadata.name": obj.metadata?.name ?? "", "metadata.namespace": obj.metadata?.namespace ?? "" };
}

/**
 * Upstream converts field labels per kind before listing: a kind with its own conversion
 * (pods, events...) says "field label not supported", the default conversion names the two
 * metadata fields. The names a kind supports are read off selectableFields of a bare object.
 */
function checkFieldsKnown(strategy: Strategy, fields: FieldSelector, namespaced: boolean): void {
  const known = selectableNames(strategy);
  // a cluster-scoped kind's own conversion (nodes, persistent volumes) knows no metadata.namespace
  const metadata = strategy.selectableFields && !namespaced ? ["metadata.name"] : metadataFields;
  for (const r of fields.requirements) {
    if (metadata.includes(r.field) || known.has(r.field)) continue;
    if (strategy.selectableFields) throw apiErrors.badRequest(`field label not supported: ${r.field}`);
    throw apiErrors.badRequest(`${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
  }
}

const namesCache = new WeakMap<Strategy, ReadonlySet<string>>();

function selectableNames(strategy: Strategy): ReadonlySet<string> {
  let names = namesCache.get(strategy);
  if (!names) {
    names = new Set(Object.keys(probe(strategy)));
    namesCache.set(strategy, names);
  }
  return names;
}

function probe(strategy: Strategy): Record<string, string> {
  if (!strategy.selectableFields) return {};
  const bare = { metadata: { name: "", namespace: "" }, spec: {}, status: {} } as KubeObject;
  try {
    return strategy.selectableFields(bare);
  } catch {
    return {};
  }
}
