import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import { formatFieldError } from "../field-errors.js";
import { clone } from "../object.js";
import { statefulSetDefinition, statefulSetStrategy as strategy } from "./statefulset.js";

function sts(): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default", uid: "u1", resourceVersion: "5", generation: 1 },
    spec: {
      serviceName: "web",
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "nginx", image: "nginx:1.27" }, { name: "sidecar", image: "busybox" }] },
      },
    },
  };
}

function defaulted(change: (s: StatefulSet) => void = () => {}): StatefulSet {
  const s = sts();
  change(s);
  strategy.applyDefaults(s);
  return s;
}

const messages = (errs: ReturnType<typeof strategy.validate>): string[] => errs.map(formatFieldError);

describe("StatefulSet defaults (SetObjectDefaults_StatefulSet)", () => {
  const cases: Array<{ name: string; change?: (s: StatefulSet) => void; expect: (s: StatefulSet) => unknown; want: unknown }> = [
    { name: "replicas default to 1", expect: (s) => s.spec?.replicas, want: 1 },
    { name: "replicas 0 stays 0", change: (s) => (s.spec!.replicas = 0), expect: (s) => s.spec?.replicas, want: 0 },
    { name: "pod management policy defaults to OrderedReady", expect: (s) => s.spec?.podManagementPolicy, want: "OrderedReady" },
    {
      name: "update strategy defaults to RollingUpdate with partition 0",
      expect: (s) => s.spec?.updateStrategy,
      want: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
    },
    {
      name: "a RollingUpdate strategy without rollingUpdate gets none",
      change: (s) => (s.spec!.updateStrategy = { type: "RollingUpdate" }),
      expect: (s) => s.spec?.updateStrategy,
      want: { type: "RollingUpdate" },
    },
    {
      name: "OnDelete gets no rollingUpdate",
      change: (s) => (s.spec!.updateStrategy = { type: "OnDelete" }),
      expect: (s) => s.spec?.updateStrategy,
      want: { type: "OnDelete" },
    },
    {
      name: "a given partition is kept",
      change: (s) => (s.spec!.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 2 } }),
      expect: (s) => s.spec?.updateStrategy?.rollingUpdate?.partition,
      want: 2,
    },
    { name: "revision history limit defaults to 10", expect: (s) => s.spec?.revisionHistoryLimit, want: 10 },
    {
      name: "PVC retention policy defaults to Retain/Retain",
      expect: (s) => s.spec?.persistentVolumeClaimRetentionPolicy,
      want: { whenDeleted: "Retain", whenScaled: "Retain" },
    },
    {
      name: "a half-given retention policy keeps its value",
      change: (s) => (s.spec!.persistentVolumeClaimRetentionPolicy = { whenScaled: "Delete" }),
      expect: (s) => s.spec?.persistentVolumeClaimRetentionPolicy,
      want: { whenDeleted: "Retain", whenScaled: "Delete" },
    },
    { name: "minReadySeconds stays absent (Go omits its zero)", expect: (s) => "minReadySeconds" in s.spec!, want: false },
    { name: "the pod template gets restartPolicy Always", expect: (s) => s.spec?.template.spec?.restartPolicy, want: "Always" },
    { name: "the pod template's containers get defaults", expect: (s) => s.spec?.template.spec?.containers[1]?.imagePullPolicy, want: "Always" },
    {
      name: "a claim template becomes a whole PVC: kind, volumeMode Filesystem, phase Pending",
      change: (s) => (s.spec!.volumeClaimTemplates = [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }]),
      expect: (s) => s.spec?.volumeClaimTemplates,
      want: [
        {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          metadata: { name: "data" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" },
          status: { phase: "Pending" },
        },
      ],
    },
    { name: "serviceName, always written by Go, becomes \"\" when absent", change: (s) => delete (s.spec as Partial<NonNullable<StatefulSet["spec"]>>).serviceName, expect: (s) => s.spec?.serviceName, want: "" },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(c.expect(defaulted(c.change)), c.want));
  }

  test("defaulting twice changes nothing more", () => {
    const once = defaulted();
    const twice = clone(once);
    strategy.applyDefaults(twice);
    assert.deepEqual(twice, once);
  });
});

describe("StatefulSet validation (ValidateStatefulSet), full messages", () => {
  const cases: Array<{ name: string; change: (s: StatefulSet) => void; want: string[] }> = [
    { name: "a valid StatefulSet has no errors", change: () => {}, want: [] },
    {
      name: "negative replicas",
      change: (s) => (s.spec!.replicas = -1),
      want: ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
    },
    {
      name: "a name that is a subdomain but not a DNS label",
      change: (s) => (s.metadata!.name = "web.v1"),
      want: [
        `metadata.name: Invalid value: "web.v1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    {
      name: "a missing selector is required and matches no labels",
      change: (s) => delete (s.spec as Partial<NonNullable<StatefulSet["spec"]>>).selector,
      want: [
        "spec.selector: Required value",
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: "a selector that does not match the template labels",
      change: (s) => (s.spec!.selector = { matchLabels: { app: "db" } }),
      want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    },
    {
      name: "an empty selector",
      change: (s) => (s.spec!.selector = { matchLabels: {} }),
      want: [
        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
      ],
    },
    {
      name: "a selector expression with a bad operator",
      change: (s) => (s.spec!.selector = { matchExpressions: [{ key: "app", operator: "Is", values: ["web"] }] }),
      want: [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Is", Values:[]string{"web"}}}}',
      ],
    },
    {
      name: "restartPolicy other than Always",
      change: (s) => (s.spec!.template.spec!.restartPolicy = "OnFailure"),
      want: ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    },
    {
      name: "activeDeadlineSeconds in the template",
      change: (s) => (s.spec!.template.spec!.activeDeadlineSeconds = 10),
      want: ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"],
    },
    {
      name: "an unknown pod management policy",
      change: (s) => (s.spec!.podManagementPolicy = "Random"),
      want: [`spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'`],
    },
    {
      name: "an unknown update strategy",
      change: (s) => (s.spec!.updateStrategy = { type: "Recreate" }),
      want: [
        `spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Recreate", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'`,
      ],
    },
    {
      name: "rollingUpdate with OnDelete",
      change: (s) => (s.spec!.updateStrategy = { type: "OnDelete", rollingUpdate: { partition: 1 } }),
      want: [
        "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
      ],
    },
    {
      name: "a negative partition",
      change: (s) => (s.spec!.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: -1 } }),
      want: ["spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"],
    },
    {
      name: "maxUnavailable 0",
      change: (s) => (s.spec!.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0 } }),
      want: ["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0"],
    },
    {
      name: "maxUnavailable above 100%",
      change: (s) => (s.spec!.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "150%" } }),
      want: ["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%"],
    },
    {
      name: "maxUnavailable a string that is no percentage",
      change: (s) => (s.spec!.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "half" } }),
      want: [
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: half: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: half: cannot be 0",
      ],
    },
    { name: "maxUnavailable 50% is fine", change: (s) => (s.spec!.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "50%" } }), want: [] },
    {
      name: "a negative ordinals start",
      change: (s) => (s.spec!.ordinals = { start: -2 }),
      want: ["spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0"],
    },
    {
      name: "negative minReadySeconds",
      change: (s) => (s.spec!.minReadySeconds = -5),
      want: ["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"],
    },
    {
      name: "an unknown PVC retention policy",
      change: (s) => (s.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Keep", whenScaled: "Delete" }),
      want: ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'],
    },
    {
      name: "template labels are checked at upstream's path spec.template.labels",
      change: (s) => (s.spec!.template.metadata!.labels = { app: "web", "bad key!": "x" }),
      want: [
        `spec.template.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(messages(strategy.validate(defaulted(c.change))), c.want));
  }
});

describe("StatefulSet updates (ValidateStatefulSetUpdate)", () => {
  const forbidden =
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
  const cases: Array<{ name: string; change: (s: StatefulSet) => void; want: string[] }> = [
    { name: "replicas may change", change: (s) => (s.spec!.replicas = 5), want: [] },
    { name: "the template may change", change: (s) => (s.spec!.template.spec!.containers[0]!.image = "nginx:1.28"), want: [] },
    { name: "the update strategy may change", change: (s) => (s.spec!.updateStrategy = { type: "OnDelete" }), want: [] },
    { name: "minReadySeconds may change", change: (s) => (s.spec!.minReadySeconds = 3), want: [] },
    { name: "ordinals may change", change: (s) => (s.spec!.ordinals = { start: 3 }), want: [] },
    { name: "the retention policy may change", change: (s) => (s.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Delete", whenScaled: "Delete" }), want: [] },
    { name: "serviceName may not change", change: (s) => (s.spec!.serviceName = "other"), want: [forbidden] },
    { name: "the selector may not change", change: (s) => (s.spec!.selector = { matchLabels: { app: "web", tier: "x" } }), want: [forbidden] },
    { name: "podManagementPolicy may not change", change: (s) => (s.spec!.podManagementPolicy = "Parallel"), want: [forbidden] },
    { name: "claim templates may not change", change: (s) => (s.spec!.volumeClaimTemplates = [{ metadata: { name: "d" } }]), want: [forbidden] },
    { name: "the name may not change", change: (s) => (s.metadata!.name = "db"), want: ['metadata.name: Invalid value: "db": field is immutable'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const old = defaulted();
      const updated = clone(old);
      c.change(updated);
      strategy.applyDefaults(updated);
      assert.deepEqual(messages(strategy.validateUpdate(updated, old)), c.want);
    });
  }
});

describe("StatefulSet create and update preparation", () => {
  test("create clears status to Go's zero counters and sets generation 1", () => {
    const s = defaulted((x) => {
      Object.assign(x, { status: { replicas: 3, readyReplicas: 3 } });
      Object.assign(x.metadata!, { generation: 7 });
    });
    strategy.prepareForCreate(s);
    assert.deepEqual(s.status, { replicas: 0, availableReplicas: 0 });
    assert.equal(s.metadata?.generation, 1);
  });

  const updates: Array<{ name: string; change: (s: StatefulSet) => void; generation: number }> = [
    { name: "a spec change bumps generation", change: (s) => (s.spec!.replicas = 4), generation: 2 },
    { name: "a label change keeps generation", change: (s) => (s.metadata!.labels = { a: "b" }), generation: 1 },
  ];
  for (const u of updates) {
    test(u.name, () => {
      const old = defaulted();
      Object.assign(old, { status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } });
      const updated = clone(old);
      u.change(updated);
      Object.assign(updated, { status: { replicas: 9 } });
      strategy.prepareForUpdate(updated, old);
      assert.equal(updated.metadata?.generation, u.generation);
      assert.deepEqual(updated.status, old.status, "an update never sets status");
    });
  }

  test("a status update keeps the old spec", () => {
    const old = defaulted();
    const updated = clone(old);
    updated.spec!.replicas = 10;
    strategy.status!.prepareForUpdate(updated, old);
    assert.equal(updated.spec?.replicas, 1);
  });
});

describe("StatefulSet status validation (ValidateStatefulSetStatusUpdate)", () => {
  const cases: Array<{ name: string; status: NonNullable<StatefulSet["status"]>; old?: NonNullable<StatefulSet["status"]>; want: string[] }> = [
    { name: "consistent counts pass", status: { replicas: 3, readyReplicas: 2, availableReplicas: 2, currentReplicas: 3, updatedReplicas: 1 }, want: [] },
    {
      name: "negative replicas, which the zero counts then exceed",
      status: { replicas: -1 },
      want: [
        "status.replicas: Invalid value: -1: must be greater than or equal to 0",
        "status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas",
        "status.currentReplicas: Invalid value: 0: cannot be greater than status.replicas",
        "status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas",
        "status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas",
      ],
    },
    { name: "more ready than replicas", status: { replicas: 1, readyReplicas: 2 }, want: ["status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"] },
    {
      name: "more available than ready",
      status: { replicas: 3, readyReplicas: 1, availableReplicas: 2 },
      want: ["status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas"],
    },
    { name: "negative observedGeneration", status: { replicas: 0, observedGeneration: -1 }, want: ["status.observedGeneration: Invalid value: -1: must be greater than or equal to 0"] },
    {
      name: "collisionCount decremented",
      status: { replicas: 0, collisionCount: 1 },
      old: { replicas: 0, collisionCount: 2 },
      want: ["status.collisionCount: Invalid value: 1: cannot be decremented"],
    },
    {
      name: "collisionCount removed",
      status: { replicas: 0 },
      old: { replicas: 0, collisionCount: 2 },
      want: ["status.collisionCount: Invalid value: 0: cannot be decremented"],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const old = defaulted();
      Object.assign(old, { status: c.old ?? { replicas: 0 } });
      const updated = clone(old);
      Object.assign(updated, { status: c.status });
      assert.deepEqual(messages(strategy.status!.validateUpdate(updated, old)), c.want);
    });
  }
});

describe("StatefulSet scale subresource", () => {
  const scale = strategy.scale!;
  test("maps spec.replicas, status.replicas and the selector string", () => {
    const s = defaulted((x) => {
      x.spec!.replicas = 3;
      x.spec!.selector = { matchLabels: { tier: "db", app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod", "dev"] }] };
      Object.assign(x, { status: { replicas: 2 } });
    });
    assert.equal(scale.specReplicas(s), 3);
    assert.equal(scale.statusReplicas(s), 2);
    assert.equal(scale.selector(s), "app=web,env in (dev,prod),tier=db");
  });
  test("withReplicas returns a copy with spec.replicas set", () => {
    const s = defaulted();
    const scaled = scale.withReplicas(s, 7);
    assert.equal(scaled.spec?.replicas, 7);
    assert.equal(s.spec?.replicas, 1);
  });
});

describe("StatefulSet table", () => {
  const now = Date.parse("2024-01-01T01:00:00Z");
  test("columns are NAME READY AGE and, wide, CONTAINERS IMAGES", () => {
    const columns = statefulSetDefinition.strategy.table.columns.map((c) => [c.name, c.priority]);
    assert.deepEqual(columns, [["Name", 0], ["Ready", 0], ["Age", 0], ["Containers", 1], ["Images", 1]]);
  });
  test("cells show ready/desired, age and the containers", () => {
    const s = defaulted((x) => {
      x.spec!.replicas = 3;
      Object.assign(x, { status: { replicas: 3, readyReplicas: 2 } });
      Object.assign(x.metadata!, { creationTimestamp: "2024-01-01T00:55:00Z" });
    });
    assert.deepEqual(strategy.table.cells(s, now), ["web", "2/3", "5m", "nginx,sidecar", "nginx:1.27,busybox"]);
  });
});

test("the definition names statefulsets.apps with shortName sts, category all, status and scale", () => {
  const info = statefulSetDefinition.info;
  assert.deepEqual([info.group, info.version, info.resource, info.kind], ["apps", "v1", "statefulsets", "StatefulSet"]);
  assert.deepEqual(info.shortNames, ["sts"]);
  assert.deepEqual(info.categories, ["all"]);
  assert.deepEqual(info.subresources, ["status", "scale"]);
});
