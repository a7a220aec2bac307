import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Namespace } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { namespaceDefinition } from "./namespace.js";

const { strategy, info } = namespaceDefinition;
const now = Date.parse("2026-11-28T12:00:00Z");

function created(body: Namespace): Namespace {
  const ns = structuredClone(body);
  strategy.applyDefaults(ns);
  strategy.prepareForCreate(ns);
  return ns;
}

describe("namespace create", () => {
  test("a new namespace is Active, carries the kubernetes finalizer and its name label", () => {
    assert.deepEqual(created({ metadata: { name: "team-a", labels: { env: "dev" } } }), {
      metadata: { name: "team-a", labels: { env: "dev", "kubernetes.io/metadata.name": "team-a" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  });

  test("status given by the client is replaced and other finalizers are kept", () => {
    const ns = created({ metadata: { name: "a" }, spec: { finalizers: ["example.com/cleanup"] }, status: { phase: "Terminating" } });
    assert.deepEqual([ns.spec?.finalizers, ns.status], [["example.com/cleanup", "kubernetes"], { phase: "Active" }]);
  });

  const invalid: Array<{ name: string; ns: Namespace; expect: string[] }> = [
    {
      name: "names are DNS-1123 labels (no dots)",
      ns: { metadata: { name: "team.a" } },
      expect: [
        `metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    {
      name: "an unqualified finalizer must be a standard one, reported at spec.finalizers",
      ns: { metadata: { name: "a" }, spec: { finalizers: ["cleanup"] } },
      expect: ['spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'],
    },
    {
      name: "a namespace may not name a namespace",
      ns: { metadata: { name: "a", namespace: "default" } },
      expect: ["metadata.namespace: Forbidden: not allowed on this type"],
    },
  ];
  for (const c of invalid) {
    test(c.name, () => assert.deepEqual(strategy.validate(created(c.ns)).map(formatFieldError), c.expect));
  }
});

describe("namespace update", () => {
  const stored: Namespace = {
    metadata: { name: "a", uid: "u", resourceVersion: "3", labels: { "kubernetes.io/metadata.name": "a" } },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };

  test("a plain update keeps finalizers and status and restores the name label", () => {
    const ns: Namespace = { metadata: { name: "a", uid: "u", resourceVersion: "3" }, spec: { finalizers: [] }, status: { phase: "Terminating" } };
    strategy.prepareForUpdate(ns, stored);
    assert.deepEqual(ns, stored);
  });

  test("the status subresource keeps the spec", () => {
    const ns: Namespace = { ...structuredClone(stored), spec: {}, status: { phase: "Active" } };
    strategy.status!.prepareForUpdate(ns, stored);
    assert.deepEqual(ns.spec, { finalizers: ["kubernetes"] });
  });

  test("the finalize subresource may drop finalizers but not change the status", () => {
    const ns: Namespace = { ...structuredClone(stored), spec: { finalizers: [] }, status: { phase: "Terminating" } };
    strategy.finalize!.prepareForUpdate(ns, stored);
    assert.deepEqual([ns.spec, ns.status], [{ finalizers: [] }, { phase: "Active" }]);
  });

  const statusCases: Array<{ name: string; deleting: boolean; phase: string; expect: string[] }> = [
    { name: "Active without a deletion is accepted", deleting: false, phase: "Active", expect: [] },
    {
      name: "Terminating without a deletion is refused",
      deleting: false,
      phase: "Terminating",
      expect: ['status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty'],
    },
    {
      name: "Active during a deletion is refused",
      deleting: true,
      phase: "Active",
      expect: ['status.Phase: Invalid value: "Active": may only be \'Terminating\' if `deletionTimestamp` is not empty'],
    },
  ];
  for (const c of statusCases) {
    test(`status update: ${c.name}`, () => {
      const deletionTimestamp = c.deleting ? "2026-11-28T11:00:00Z" : undefined;
      const old: Namespace = { ...stored, metadata: { ...stored.metadata, deletionTimestamp } };
      const ns: Namespace = { ...old, status: { phase: c.phase } };
      assert.deepEqual(strategy.status!.validateUpdate(ns, old).map(formatFieldError), c.expect);
    });
  }
});

test("a deletion marks the namespace Terminating and waits on spec.finalizers", () => {
  const ns: Namespace = { metadata: { name: "a" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } };
  strategy.prepareForDelete!(ns);
  assert.deepEqual([ns.status?.phase, strategy.specFinalizers!(ns)], ["Terminating", ["kubernetes"]]);
});

test("the table prints NAME STATUS AGE", () => {
  const ns: Namespace = { metadata: { name: "a", creationTimestamp: "2026-11-28T10:00:00Z" }, status: { phase: "Active" } };
  assert.deepEqual(strategy.table.columns.map((c) => c.name), ["Name", "Status", "Age"]);
  assert.deepEqual(strategy.table.cells(ns, now), ["a", "Active", "120m"]);
});

test("namespaces select on status.phase", () => {
  const ns: Namespace = { metadata: { name: "a" }, status: { phase: "Terminating" } };
  assert.deepEqual(strategy.selectableFields!(ns), { "status.phase": "Terminating" });
});

test("namespaces are cluster-scoped, short name ns, with status and finalize subresources", () => {
  assert.deepEqual([info.namespaced, info.shortNames, info.subresources], [false, ["ns"], ["status", "finalize"]]);
});
