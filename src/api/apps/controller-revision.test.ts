import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ControllerRevision } from "kubernetes-types/apps/v1.js";
import { formatFieldError } from "../field-errors.js";
import { clone } from "../object.js";
import { controllerRevisionDefinition } from "./controller-revision.js";

const strategy = controllerRevisionDefinition.strategy;

function revision(): ControllerRevision {
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: "web-5d8f7c9b6",
      namespace: "default",
      resourceVersion: "3",
      creationTimestamp: "2024-01-01T00:00:00Z",
      ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "u1", controller: true, blockOwnerDeletion: true }],
    },
    data: { spec: { template: { $patch: "replace" } } },
    revision: 2,
  };
}

describe("ControllerRevision validation", () => {
  const cases: Array<{ name: string; change: (cr: ControllerRevision) => void; want: string[] }> = [
    { name: "a valid revision has no errors", change: () => {}, want: [] },
    { name: "data is mandatory", change: (cr) => delete cr.data, want: ["data: Required value: data is mandatory"] },
    { name: "a negative revision", change: (cr) => (cr.revision = -1), want: ["revision: Invalid value: -1: must be greater than or equal to 0"] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cr = revision();
      c.change(cr);
      strategy.applyDefaults(cr);
      assert.deepEqual(strategy.validate(cr).map(formatFieldError), c.want);
    });
  }

  test("data is immutable, labels are not", () => {
    const old = revision();
    const relabeled = clone(old);
    relabeled.metadata!.labels = { "controller.kubernetes.io/hash": "5d8f7c9b6" };
    assert.deepEqual(strategy.validateUpdate(relabeled, old).map(formatFieldError), []);
    const changed = clone(old);
    changed.data = { spec: {} };
    assert.deepEqual(strategy.validateUpdate(changed, old).map(formatFieldError), ['data: Invalid value: {"spec":{}}: field is immutable']);
  });

  test("a missing revision is written as 0, as Go writes its non-pointer int64", () => {
    const cr = revision();
    delete (cr as Partial<ControllerRevision>).revision;
    strategy.applyDefaults(cr);
    assert.equal(cr.revision, 0);
  });
});

describe("ControllerRevision table", () => {
  const now = Date.parse("2024-01-01T00:00:30Z");
  test("columns are NAME CONTROLLER REVISION AGE", () => {
    assert.deepEqual(strategy.table.columns.map((c) => c.name), ["Name", "Controller", "Revision", "Age"]);
  });
  const cases: Array<{ name: string; change: (cr: ControllerRevision) => void; want: unknown[] }> = [
    { name: "the controller shows as kind.group/name", change: () => {}, want: ["web-5d8f7c9b6", "statefulset.apps/web", 2, "30s"] },
    { name: "no controller shows <none>", change: (cr) => delete cr.metadata!.ownerReferences, want: ["web-5d8f7c9b6", "<none>", 2, "30s"] },
    {
      name: "a core-group controller shows kind/name",
      change: (cr) => (cr.metadata!.ownerReferences = [{ apiVersion: "v1", kind: "Pod", name: "p", uid: "u", controller: true }]),
      want: ["web-5d8f7c9b6", "pod/p", 2, "30s"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cr = revision();
      c.change(cr);
      assert.deepEqual(strategy.table.cells(cr, now), c.want);
    });
  }
});
