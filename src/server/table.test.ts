import assert from "node:assert/strict";
import { test } from "node:test";
import type { Stored } from "../api/object.js";
import type { TablePrinter } from "../api/resource.js";
import { buildTable } from "./table.js";

const obj: Stored = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cm", namespace: "default", uid: "u1", resourceVersion: "7", creationTimestamp: "2026-01-01T00:00:00Z", labels: { a: "b" } },
};
const printer: TablePrinter = {
  columns: [
    { name: "Name", type: "string", format: "name", description: "n", priority: 0 },
    { name: "Age", type: "string", format: "", description: "a", priority: 0 },
  ],
  cells: (o, now) => [o.metadata?.name, `${Math.round((now - Date.parse(o.metadata!.creationTimestamp!)) / 60000)}m`],
};
const base = { now: Date.parse("2026-01-01T00:10:00Z"), version: "v1" as const, listMeta: { resourceVersion: "9" }, withColumns: true };

test("rows carry the printer's cells, ages from the server's clock, and PartialObjectMetadata by default", () => {
  const t = buildTable(printer, [obj], { ...base, includeObject: "Metadata" });
  assert.deepEqual(t, {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: "9" },
    columnDefinitions: printer.columns,
    rows: [{ cells: ["cm", "10m"], object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata } }],
  });
});

test("includeObject=Object puts the whole object in the row and None leaves it out", () => {
  assert.deepEqual((buildTable(printer, [obj], { ...base, includeObject: "Object" }).rows as Array<{ object: unknown }>)[0]!.object, obj);
  assert.equal("object" in (buildTable(printer, [obj], { ...base, includeObject: "None" }).rows as object[])[0]!, false);
});

test("watch events after the first carry no column definitions", () => {
  assert.equal(buildTable(printer, [obj], { ...base, includeObject: "Metadata", withColumns: false }).columnDefinitions, null);
});

test("a printer without a Name column gets upstream's Name column first", () => {
  const t = buildTable({ columns: [printer.columns[1]!], cells: () => ["1m"] }, [obj], { ...base, includeObject: "None" });
  assert.deepEqual((t.columnDefinitions as Array<{ name: string }>).map((c) => c.name), ["Name", "Age"]);
  assert.deepEqual((t.rows as Array<{ cells: unknown[] }>)[0]!.cells, ["cm", "1m"]);
});
