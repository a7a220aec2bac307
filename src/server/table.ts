import type { KubeObject, Stored } from "../api/object.js";
import type { TableColumn, TablePrinter } from "../api/resource.js";
import { apiErrors } from "../api/status.js";

/** What each Table row carries besides its cells (?includeObject=). */
export type IncludeObject = "None" | "Metadata" | "Object";

export function includeObjectParam(q: URLSearchParams): IncludeObject {
  const v = q.get("includeObject") || "Metadata";
  if (v === "None" || v === "Metadata" || v === "Object") return v;
  throw apiErrors.badRequest(`unrecognized includeObject value: "${v}"`);
}

const nameColumn: TableColumn = {
  name: "Name",
  type: "string",
  format: "name",
  description:
    "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
  priority: 0,
};

export interface TableOptions {
  readonly now: number;
  readonly includeObject: IncludeObject;
  readonly version: "v1" | "v1beta1";
  /** List metadata for a list, or the object's resourceVersion for one object. */
  readonly listMeta: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  /** Watch events after the first carry no column definitions, as upstream. */
  readonly withColumns: boolean;
}

/** Upstream's PartialObjectMetadata of an object: its kind's metadata only. */
export function partialObjectMetadata(obj: KubeObject, version: "v1" | "v1beta1" = "v1"): Record<string, unknown> {
  return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata ?? {} };
}

/**
 * A metav1.Table of objects from their strategy's printer. Upstream's printers all have a
 * Name column (first, except Events'); a printer without one gets it first, as upstream's
 * default table convertor does.
 */
export function buildTable(printer: TablePrinter, objects: readonly Stored[], opts: TableOptions): Record<string, unknown> {
  const addName = !printer.columns.some((c) => c.name === "Name");
  const columns = addName ? [nameColumn, ...printer.columns] : printer.columns;
  const rows = objects.map((obj) => {
    const cells = printer.cells(obj, opts.now);
    const row: Record<string, unknown> = { cells: addName ? [obj.metadata.name, ...cells] : cells };
    if (opts.includeObject === "Metadata") row.object = partialObjectMetadata(obj, opts.version);
    else if (opts.includeObject === "Object") row.object = obj;
    return row;
  });
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${opts.version}`,
    metadata: opts.listMeta,
    columnDefinitions: opts.withColumns ? columns : null,
    rows,
  };
}
