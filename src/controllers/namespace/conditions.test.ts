import assert from "node:assert/strict";
import { test } from "node:test";
import type { NamespaceCondition } from "kubernetes-types/core/v1.js";
import { type ContentTotals, failingConditions, updateConditions } from "./conditions.js";

const t0 = "2026-01-01T00:00:00Z";
const t1 = "2026-01-01T00:01:00Z";

const totals = (t: { resources?: Record<string, number>; finalizers?: Record<string, number>; errors?: string[] }): ContentTotals => ({
  remainingByResource: new Map(Object.entries(t.resources ?? {})),
  remainingByFinalizer: new Map(Object.entries(t.finalizers ?? {})),
  deleteErrors: t.errors ?? [],
});

const brief = (cs: readonly NamespaceCondition[]): string[] => cs.map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

test("a pass's failing conditions name what remains, sorted, as upstream words them", () => {
  const cases: Array<{ name: string; totals: ContentTotals; expect: string[] }> = [
    { name: "nothing remains: no failing condition", totals: totals({}), expect: [] },
    {
      name: "pods and configmaps remain",
      totals: totals({ resources: { "pods.": 3, "configmaps.": 1 } }),
      expect: ["NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances, pods. has 3 resource instances"],
    },
    {
      name: "objects held by finalizers",
      totals: totals({ resources: { "persistentvolumeclaims.": 2 }, finalizers: { "kubernetes.io/pvc-protection": 2 } }),
      expect: [
        "NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: persistentvolumeclaims. has 2 resource instances",
        "NamespaceFinalizersRemaining=True SomeFinalizerRemain: Some finalizers are remaining: kubernetes.io/pvc-protection in 2 resource instances",
      ],
    },
    {
      name: "deletion errors are counted and sorted",
      totals: totals({ errors: ["zeta failed", "alpha failed"] }),
      expect: ["NamespaceDeletionContentFailure=True ContentDeletionFailed: Failed to delete all resource types, 2 remaining: alpha failed, zeta failed"],
    },
  ];
  for (const c of cases) assert.deepEqual(brief(failingConditions(c.totals, t0)), c.expect, c.name);
});

test("updating conditions sets every maintained type, failing or all-is-well", () => {
  const { conditions, changed } = updateConditions([], failingConditions(totals({ resources: { "pods.": 1 } }), t0), t0);
  assert.equal(changed, true);
  assert.deepEqual(brief(conditions), [
    "NamespaceDeletionDiscoveryFailure=False ResourcesDiscovered: All resources successfully discovered",
    "NamespaceDeletionGroupVersionParsingFailure=False ParsedGroupVersions: All legacy kube types successfully parsed",
    "NamespaceDeletionContentFailure=False ContentDeleted: All content successfully deleted, may be waiting on finalization",
    "NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: pods. has 1 resource instances",
    "NamespaceFinalizersRemaining=False ContentRemoved: All content successfully removed",
  ]);
});

test("the same pass again changes nothing; a flip moves lastTransitionTime, a new message does not", () => {
  const first = updateConditions([], failingConditions(totals({ resources: { "pods.": 2 } }), t0), t0).conditions;
  const again = updateConditions(first, failingConditions(totals({ resources: { "pods.": 2 } }), t1), t1);
  assert.equal(again.changed, false);
  const fewer = updateConditions(first, failingConditions(totals({ resources: { "pods.": 1 } }), t1), t1);
  assert.equal(fewer.changed, true);
  assert.equal(fewer.conditions.find((c) => c.type === "NamespaceContentRemaining")!.lastTransitionTime, t0);
  const done = updateConditions(fewer.conditions, [], t1);
  const remaining = done.conditions.find((c) => c.type === "NamespaceContentRemaining")!;
  assert.deepEqual([remaining.status, remaining.reason, remaining.lastTransitionTime], ["False", "ContentRemoved", t1]);
});

test("conditions of other types on the namespace are kept", () => {
  const other: NamespaceCondition = { type: "Example", status: "True", reason: "X", message: "kept" };
  const { conditions } = updateConditions([other], [], t0);
  assert.deepEqual(conditions[0], other);
  assert.equal(conditions.length, 6);
});
