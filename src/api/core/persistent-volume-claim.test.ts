import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { persistentVolumeClaimDefinition } from "./persistent-volume-claim.js";

const { strategy, info } = persistentVolumeClaimDefinition;
type Claim = Parameters<typeof strategy.validate>[0];

const meta = { name: "data-web-0", namespace: "default" };

function admitted(body: PersistentVolumeClaim): Claim {
  const pvc = structuredClone(body) as Claim;
  strategy.applyDefaults(pvc);
  strategy.prepareForCreate(pvc);
  return pvc;
}

const claim = (over: Partial<PersistentVolumeClaim["spec"]> = {}): PersistentVolumeClaim => ({
  metadata: meta,
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...over },
});

describe("claim defaults", () => {
  test("a new claim is Pending, Filesystem, with canonical quantities and no client status", () => {
    const pvc = admitted({ ...claim({ resources: { requests: { storage: "1536Mi" } } }), status: { phase: "Bound" } });
    assert.deepEqual(pvc.spec, { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1536Mi" } }, volumeMode: "Filesystem" });
    assert.deepEqual(pvc.status, { phase: "Pending" });
    assert.equal(admitted(claim({ resources: { requests: { storage: "1024Mi" } } })).spec?.resources?.requests?.["storage"], "1Gi");
  });

  test("volumeAttributesClassName is dropped while its feature is off; dataSource is mirrored into dataSourceRef", () => {
    const pvc = admitted(claim({ volumeAttributesClassName: "fast", dataSource: { kind: "PersistentVolumeClaim", name: "src" } }));
    assert.equal(pvc.spec?.volumeAttributesClassName, undefined);
    assert.deepEqual(pvc.spec?.dataSourceRef, { kind: "PersistentVolumeClaim", name: "src" });
  });
});

describe("claim validation", () => {
  const cases: Array<{ name: string; pvc: PersistentVolumeClaim; expect: string[] }> = [
    { name: "a claim with an access mode and a storage request is valid", pvc: claim(), expect: [] },
    { name: "an access mode is required", pvc: claim({ accessModes: [] }), expect: ["spec.accessModes: Required value: at least 1 access mode is required"] },
    {
      name: "access modes must be supported",
      pvc: claim({ accessModes: ["ReadWriteSometimes"] }),
      expect: ['spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    },
    {
      name: "ReadWriteOncePod stands alone",
      pvc: claim({ accessModes: ["ReadWriteOncePod", "ReadWriteOnce"] }),
      expect: ["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"],
    },
    { name: "the storage request is required, at spec.resources[storage]", pvc: claim({ resources: {} }), expect: ["spec.resources[storage]: Required value"] },
    { name: "the storage request must be positive", pvc: claim({ resources: { requests: { storage: "0" } } }), expect: ['spec.resources[storage]: Invalid value: "0": must be greater than zero'] },
    { name: "a negative request is not positive either", pvc: claim({ resources: { requests: { storage: "-1Gi" } } }), expect: ['spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero'] },
    {
      name: "a malformed quantity is reported with upstream's parse message",
      pvc: claim({ resources: { requests: { storage: "lots" } } }),
      expect: [`spec.resources[storage]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`],
    },
    {
      name: "the storage class name is a DNS subdomain",
      pvc: claim({ storageClassName: "Fast_SSD" }),
      expect: [
        `spec.storageClassName: Invalid value: "Fast_SSD": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    },
    { name: "volumeMode is Block or Filesystem", pvc: claim({ volumeMode: "Raw" }), expect: ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"'] },
    {
      name: "a core data source must be a claim",
      pvc: claim({ dataSource: { kind: "Pod", name: "p" }, dataSourceRef: { kind: "Pod", name: "p" } }),
      expect: [
        `spec.dataSource: Invalid value: "Pod": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
        `spec.dataSourceRef: Invalid value: "Pod": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
      ],
    },
    {
      name: "dataSource and dataSourceRef must agree",
      pvc: claim({ dataSource: { kind: "PersistentVolumeClaim", name: "a" }, dataSourceRef: { kind: "PersistentVolumeClaim", name: "b" } }),
      expect: ["spec: Invalid value: spec.dataSource: must match dataSourceRef"],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(strategy.validate(admitted(c.pvc)).map(formatFieldError), c.expect));
});

describe("claim updates", () => {
  const stored = (over: Partial<Claim> = {}): Claim => {
    const pvc = admitted(claim());
    pvc.metadata = { ...meta, uid: "u", resourceVersion: "5" };
    return Object.assign(pvc, over);
  };
  const bound = (): Claim =>
    stored({
      spec: { ...stored().spec, volumeName: "pvc-1", storageClassName: "standard" },
      status: { phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] },
    });
  const update = (old: Claim, change: (pvc: Claim) => void): string[] => {
    const pvc = structuredClone(old);
    change(pvc);
    strategy.applyDefaults(pvc);
    strategy.prepareForUpdate(pvc, old);
    return [...strategy.validate(pvc), ...strategy.validateUpdate(pvc, old)].map(formatFieldError);
  };

  test("the PV controller may set volumeName once, and a class may be set where there was none", () => {
    assert.deepEqual(update(stored(), (p) => Object.assign(p.spec!, { volumeName: "pvc-1", storageClassName: "standard" })), []);
  });

  test("a bound claim may grow", () => {
    assert.deepEqual(update(bound(), (p) => (p.spec!.resources!.requests!["storage"] = "2Gi")), []);
  });

  test("a bound claim may not shrink to its recorded capacity", () => {
    const old = bound();
    old.spec!.resources!.requests!["storage"] = "2Gi";
    assert.deepEqual(update(old, (p) => (p.spec!.resources!.requests!["storage"] = "1Gi")), [
      "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity",
    ]);
  });

  test("an unbound claim's spec is immutable, with the changed fields listed after upstream's sentence", () => {
    const errs = update(stored(), (p) => (p.spec!.resources!.requests!["storage"] = "2Gi"));
    assert.equal(errs.length, 1);
    const [first, ...diff] = errs[0]!.split("\n");
    assert.equal(first, "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
    assert.deepEqual(diff, [
      "  core.PersistentVolumeClaimSpec{",
      '- \tResources: {"requests":{"storage":"1Gi"}},',
      '+ \tResources: {"requests":{"storage":"2Gi"}},',
      "  \t... // 8 identical fields",
      "  }",
    ]);
  });

  test("changing the storage class or the volume mode is refused", () => {
    const errs = update(bound(), (p) => Object.assign(p.spec!, { storageClassName: "fast", volumeMode: "Block" }));
    assert.equal(errs.length, 2);
    assert.match(errs[0]!, /^spec: Forbidden: spec is immutable after creation/);
    assert.equal(errs[1], 'volumeMode: Invalid value: "Block": field is immutable');
  });

  test("the beta storage class annotation may move to the field but never change", () => {
    const old = stored({ metadata: { ...meta, uid: "u", resourceVersion: "5", annotations: { "volume.beta.kubernetes.io/storage-class": "gold" } } });
    assert.deepEqual(update(old, (p) => (p.spec!.storageClassName = "gold")), []);
    assert.deepEqual(
      update(old, (p) => (p.metadata!.annotations = { "volume.beta.kubernetes.io/storage-class": "silver" })),
      ['metadata.annotations.volume.beta.kubernetes.io/storage-class: Invalid value: "silver": field is immutable'],
    );
  });

  test("a plain update keeps the stored status", () => {
    const old = bound();
    const pvc = structuredClone(old);
    pvc.status = { phase: "Lost" };
    strategy.prepareForUpdate(pvc, old);
    assert.deepEqual(pvc.status, old.status);
  });
});

describe("claim status updates", () => {
  const old = admitted(claim());
  old.metadata = { ...meta, uid: "u", resourceVersion: "5" };

  test("the status subresource keeps the spec and takes the status", () => {
    const pvc = structuredClone(old);
    pvc.spec = { accessModes: [] };
    pvc.status = { phase: "Bound", capacity: { storage: "1Gi" } };
    strategy.status!.prepareForUpdate(pvc, old);
    assert.deepEqual([pvc.spec, strategy.status!.validateUpdate(pvc, old)], [old.spec, []]);
  });

  const cases: Array<{ name: string; status: Claim["status"]; expect: string[] }> = [
    { name: "a negative capacity is refused", status: { capacity: { storage: "-1" } }, expect: ["status.capacity[storage]: Invalid value: -1: must be a valid resource quantity"] },
    {
      name: "allocated resources allow only storage among native names",
      status: { allocatedResources: { cpu: "1" } },
      expect: ['status.allocatedResources: Unsupported value: "cpu": supported values: "storage"'],
    },
    {
      name: "resize states are upstream's",
      status: { allocatedResourceStatuses: { storage: "Resizing" } },
      expect: [
        'status.allocatedResourceStatus: Unsupported value: "storage": supported values: "ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress", "NodeResizeInfeasible", "NodeResizePending"',
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(strategy.status!.validateUpdate({ ...old, status: c.status }, old).map(formatFieldError), c.expect));
  }
});

describe("claim table", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  test("columns as upstream, VOLUMEMODE only with -o wide", () => {
    assert.deepEqual(
      strategy.table.columns.map((c) => `${c.name}:${c.priority}`),
      ["Name:0", "Status:0", "Volume:0", "Capacity:0", "Access Modes:0", "StorageClass:0", "VolumeAttributesClass:0", "Age:0", "VolumeMode:1"],
    );
  });
  test("a bound claim prints its volume, capacity and access modes from status", () => {
    const pvc = admitted(claim({ storageClassName: "standard" }));
    pvc.metadata = { ...meta, creationTimestamp: "2026-11-28T11:00:00Z" };
    pvc.spec!.volumeName = "pvc-1";
    pvc.status = { phase: "Bound", capacity: { storage: "1024Mi" }, accessModes: ["ReadWriteOncePod", "ReadWriteOnce", "ReadOnlyMany"] };
    assert.deepEqual(strategy.table.cells(pvc, now), ["data-web-0", "Bound", "pvc-1", "1Gi", "RWO,ROX,RWOP", "standard", "<unset>", "60m", "Filesystem"]);
  });
  test("a pending claim leaves capacity and modes empty; a deleting one is Terminating", () => {
    const pvc = admitted(claim());
    pvc.metadata = { ...meta, deletionTimestamp: "2026-11-28T11:59:00Z" };
    assert.deepEqual(strategy.table.cells(pvc, now), ["data-web-0", "Terminating", "", "", "", "", "<unset>", "<unknown>", "Filesystem"]);
  });
});

test("claims are namespaced, short name pvc, with a status subresource", () => {
  assert.deepEqual([info.namespaced, info.shortNames, info.subresources], [true, ["pvc"], ["status"]]);
  assert.equal(strategy.selectableFields, undefined, "upstream registers no field label conversion for claims");
});
