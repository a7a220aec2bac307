import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PersistentVolume, PersistentVolumeSpec } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { persistentVolumeDefinition } from "./persistent-volume.js";

const { strategy, info } = persistentVolumeDefinition;
type Volume = Parameters<typeof strategy.validate>[0];

function admitted(spec: PersistentVolumeSpec, name = "pv-1"): Volume {
  const pv = structuredClone({ metadata: { name }, spec, status: { phase: "Bound" } }) as Volume;
  strategy.applyDefaults(pv);
  strategy.prepareForCreate(pv);
  return pv;
}

const hostPathSpec: PersistentVolumeSpec = { accessModes: ["ReadWriteOnce"], capacity: { storage: "1Gi" }, hostPath: { path: "/var/lib/tinykube/pv-1" } };
const messages = (spec: PersistentVolumeSpec): string[] => strategy.validate(admitted(spec)).map(formatFieldError);

describe("volume defaults", () => {
  test("a new volume is Pending, Retain, Filesystem, with the hostPath type set empty and canonical capacity", () => {
    const pv = admitted({ ...hostPathSpec, capacity: { storage: "1024Mi" } });
    assert.deepEqual(pv.spec, {
      accessModes: ["ReadWriteOnce"],
      capacity: { storage: "1Gi" },
      hostPath: { path: "/var/lib/tinykube/pv-1", type: "" },
      persistentVolumeReclaimPolicy: "Retain",
      volumeMode: "Filesystem",
    });
    assert.deepEqual(pv.status, { phase: "Pending" });
  });

  test("the phase transition time of a new volume is its creation time", () => {
    const pv = { metadata: { name: "pv-1", creationTimestamp: "2026-11-28T12:00:00Z" }, spec: hostPathSpec } as Volume;
    strategy.prepareForCreate(pv);
    assert.deepEqual(pv.status, { phase: "Pending", lastPhaseTransitionTime: "2026-11-28T12:00:00Z" });
  });
});

describe("volume validation", () => {
  const cases: Array<{ name: string; spec: PersistentVolumeSpec; expect: string[] }> = [
    { name: "a hostPath volume with capacity and an access mode is valid", spec: hostPathSpec, expect: [] },
    {
      name: "access modes, capacity and a source are required",
      spec: {},
      expect: [
        "spec.accessModes: Required value",
        "spec.capacity: Required value",
        'spec.capacity: Unsupported value: {}: supported values: "storage"',
        "spec: Required value: must specify a volume type",
      ],
    },
    {
      name: "capacity holds storage only",
      spec: { ...hostPathSpec, capacity: { storage: "1Gi", cpu: "1" } },
      expect: ['spec.capacity: Unsupported value: {"storage":"1Gi","cpu":"1"}: supported values: "storage"'],
    },
    {
      name: "capacity must be positive",
      spec: { ...hostPathSpec, capacity: { storage: "0" } },
      expect: ['spec.capacity[storage]: Invalid value: "0": must be greater than zero'],
    },
    {
      name: "only one source, named as upstream names it (cephFS)",
      spec: { ...hostPathSpec, nfs: { server: "nas", path: "/export" }, cephfs: { monitors: ["m"] } },
      expect: ["spec.nfs: Forbidden: may not specify more than 1 volume type", "spec.cephFS: Forbidden: may not specify more than 1 volume type"],
    },
    {
      name: "a hostPath may not step out with '..' and its type must be known",
      spec: { ...hostPathSpec, hostPath: { path: "/data/../etc", type: "Folder" } },
      expect: [
        `spec.hostPath.path: Invalid value: "/data/../etc": must not contain '..'`,
        'spec.hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      ],
    },
    {
      name: "a hostPath of / may not be recycled",
      spec: { ...hostPathSpec, hostPath: { path: "//" }, persistentVolumeReclaimPolicy: "Recycle" },
      expect: ["spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"],
    },
    {
      name: "the reclaim policy is Delete, Recycle or Retain",
      spec: { ...hostPathSpec, persistentVolumeReclaimPolicy: "Keep" },
      expect: ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"'],
    },
    {
      name: "a local volume requires node affinity",
      spec: { accessModes: ["ReadWriteOnce"], capacity: { storage: "1Gi" }, local: { path: "/mnt/disk" } },
      expect: ["spec.nodeAffinity: Required value: Local volume requires node affinity"],
    },
    {
      name: "node affinity needs required terms",
      spec: { ...hostPathSpec, nodeAffinity: {} },
      expect: ["spec.nodeAffinity.required: Required value: must specify required node constraints"],
    },
    {
      name: "an nfs path is absolute",
      spec: { ...hostPathSpec, hostPath: undefined, nfs: { server: "nas", path: "export" } },
      expect: ['spec.nfs.path: Invalid value: "export": must be an absolute path'],
    },
    {
      name: "a csi volume needs a driver and a handle",
      spec: { ...hostPathSpec, hostPath: undefined, csi: { driver: "", volumeHandle: "" } },
      expect: [
        "spec.csi.driver: Required value",
        `spec.csi.driver: Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        "spec.csi.volumeHandle: Required value",
      ],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(messages(c.spec), c.expect));
});

describe("volume updates", () => {
  const stored = (): Volume => {
    const pv = admitted({ ...hostPathSpec, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["n1"] }] }] } } });
    pv.metadata = { name: "pv-1", uid: "u", resourceVersion: "3" };
    return pv;
  };
  const update = (change: (pv: Volume) => void): string[] => {
    const old = stored();
    const pv = structuredClone(old);
    change(pv);
    strategy.prepareForUpdate(pv, old);
    return [...strategy.validate(pv), ...strategy.validateUpdate(pv, old)].map(formatFieldError);
  };

  test("binding (claimRef) and policy changes are allowed", () => {
    assert.deepEqual(update((pv) => Object.assign(pv.spec!, { claimRef: { namespace: "default", name: "data" }, persistentVolumeReclaimPolicy: "Delete" })), []);
  });
  test("the source is immutable", () => {
    const errs = update((pv) => (pv.spec!.hostPath = { path: "/elsewhere", type: "" }));
    assert.equal(errs.length, 1);
    assert.equal(errs[0]!.split("\n")[0], "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation");
  });
  test("volume mode and node affinity are immutable", () => {
    const errs = update((pv) => Object.assign(pv.spec!, { volumeMode: "Block", nodeAffinity: { required: { nodeSelectorTerms: [] } } }));
    assert.deepEqual(errs.slice(-2), [
      'volumeMode: Invalid value: "Block": field is immutable',
      'nodeAffinity: Invalid value: {"required":{"nodeSelectorTerms":[]}}: field is immutable, except for updating from beta label to GA',
    ]);
  });
  test("a plain update keeps the status", () => {
    const old = stored();
    const pv = structuredClone(old);
    pv.status = { phase: "Released" };
    strategy.prepareForUpdate(pv, old);
    assert.deepEqual(pv.status, { phase: "Pending" });
  });
  test("a status update keeps the spec and an unchanged phase keeps its transition time", () => {
    const old = stored();
    old.status = { phase: "Bound", lastPhaseTransitionTime: "2026-11-28T10:00:00Z" };
    const pv = structuredClone(old);
    pv.spec = {};
    pv.status = { phase: "Bound" };
    strategy.status!.prepareForUpdate(pv, old);
    assert.deepEqual([pv.spec, pv.status], [old.spec, old.status]);
    assert.deepEqual(strategy.status!.validateUpdate(pv, old), []);
  });
});

describe("volume table", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  test("columns as upstream, VOLUMEMODE only with -o wide", () => {
    assert.deepEqual(strategy.table.columns.map((c) => `${c.name}:${c.priority}`), [
      "Name:0",
      "Capacity:0",
      "Access Modes:0",
      "Reclaim Policy:0",
      "Status:0",
      "Claim:0",
      "StorageClass:0",
      "VolumeAttributesClass:0",
      "Reason:0",
      "Age:0",
      "VolumeMode:1",
    ]);
  });
  test("a bound volume prints its claim and class", () => {
    const pv = admitted({ ...hostPathSpec, accessModes: ["ReadWriteMany", "ReadWriteOnce"], storageClassName: "standard", claimRef: { namespace: "default", name: "data" } });
    pv.metadata = { name: "pv-1", creationTimestamp: "2026-11-27T12:00:00Z" };
    pv.status = { phase: "Bound" };
    assert.deepEqual(strategy.table.cells(pv, now), ["pv-1", "1Gi", "RWO,RWX", "Retain", "Bound", "default/data", "standard", "<unset>", "", "24h", "Filesystem"]);
  });
  test("a deleting volume is Terminating and the beta class annotation wins", () => {
    const pv = admitted(hostPathSpec);
    pv.metadata = { name: "pv-1", deletionTimestamp: "2026-11-28T11:00:00Z", annotations: { "volume.beta.kubernetes.io/storage-class": "gold" } };
    pv.status = { phase: "Released", reason: "Reclaiming" };
    assert.deepEqual(strategy.table.cells(pv, now).slice(4, 9), ["Terminating", "", "gold", "<unset>", "Reclaiming"]);
  });
});

test("volumes are cluster-scoped, short name pv, with a status subresource and no own field labels", () => {
  assert.deepEqual([info.namespaced, info.shortNames, info.subresources], [false, ["pv"], ["status"]]);
  assert.deepEqual(strategy.selectableFields!({ metadata: { name: "pv-1" } }), {});
});
