import assert from "node:assert/strict";
import { test } from "node:test";
import { type ClaimAction, type ClaimObserved, planClaim } from "./claim-plan.js";
import { nodeNamed, observed, pv, pvc, sc } from "./testing/fixtures.js";

/** Actions as one line each, for compact expectations. */
function lines(actions: readonly ClaimAction[]): string[] {
  return actions.map((a) => {
    switch (a.kind) {
      case "event":
        return `${a.from} ${a.type} ${a.reason}: ${a.message}`;
      case "assignClass":
        return `assignClass ${a.className}`;
      case "setProvisioner":
        return `setProvisioner ${a.provisioner}`;
      case "provision":
        return `provision ${a.volume.metadata?.name} at ${a.dir}`;
      case "bind":
        return `bind ${a.volumeName}`;
      case "phase":
        return `phase ${a.phase}`;
      case "reschedule":
        return "reschedule";
    }
  });
}

const bound = { "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" };
const waitingMessage =
  "Waiting for a volume to be created either by the external provisioner 'tinykube.io/local' or manually by the system administrator. " +
  "If volume creation is delayed, please verify that the provisioner is running and correctly registered.";

const cases: Array<{ name: string; observed: ClaimObserved; expect: string[] }> = [
  {
    name: "a claim of a class that does not exist is provisioned locally, with a warning saying so",
    observed: observed(pvc("www-web-0", { className: "managed-nfs-storage", modes: ["ReadWriteMany"] })),
    expect: [
      `controller Warning StorageClassNotFound: storageclass.storage.k8s.io "managed-nfs-storage" not found; provisioning a local directory with tinykube.io/local instead`,
      "setProvisioner tinykube.io/local",
      "provision pvc-u-www-web-0 at /data/volumes/default-www-web-0-pvc-u-www-web-0",
      "provisioner Normal ProvisioningSucceeded: Successfully provisioned volume pvc-u-www-web-0",
      "bind pvc-u-www-web-0",
    ],
  },
  {
    name: "a claim of the standard class (Immediate) is announced as upstream's PV controller does, then provisioned",
    observed: observed(pvc("data", { className: "fast" }), { storageClass: sc("fast") }),
    expect: [
      "setProvisioner tinykube.io/local",
      `controller Normal ExternalProvisioning: ${waitingMessage}`,
      `provisioner Normal Provisioning: External provisioner is provisioning volume for claim "default/data"`,
      "provision pvc-u-data at /data/volumes/default-data-pvc-u-data",
      "provisioner Normal ProvisioningSucceeded: Successfully provisioned volume pvc-u-data",
      "bind pvc-u-data",
    ],
  },
  {
    name: "a class naming a provisioner nobody runs here is served by the local provisioner, which says so",
    observed: observed(pvc("data", { className: "nfs" }), { storageClass: sc("nfs", { provisioner: "k8s-sigs.io/nfs-subdir-external-provisioner" }) }),
    expect: [
      "setProvisioner k8s-sigs.io/nfs-subdir-external-provisioner",
      "controller Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'k8s-sigs.io/nfs-subdir-external-provisioner' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      `provisioner Normal Provisioning: no provisioner 'k8s-sigs.io/nfs-subdir-external-provisioner' runs here: tinykube.io/local is provisioning a local directory for claim "default/data"`,
      "provision pvc-u-data at /data/volumes/default-data-pvc-u-data",
      "provisioner Normal ProvisioningSucceeded: Successfully provisioned volume pvc-u-data",
      "bind pvc-u-data",
    ],
  },
  {
    name: "a class of a provisioner known to run elsewhere is left to it",
    observed: observed(pvc("data", { className: "nfs" }), { storageClass: sc("nfs", { provisioner: "example.com/nfs" }) }),
    expect: [
      "setProvisioner example.com/nfs",
      "controller Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'example.com/nfs' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      "phase Pending",
    ],
  },
  {
    name: "a WaitForFirstConsumer claim no pod uses waits for its first consumer",
    observed: observed(pvc("data", { className: "standard" }), { storageClass: sc("standard", { volumeBindingMode: "WaitForFirstConsumer" }) }),
    expect: ["controller Normal WaitForFirstConsumer: waiting for first consumer to be created before binding", "phase Pending"],
  },
  {
    name: "a WaitForFirstConsumer claim names the pods waiting to be scheduled",
    observed: observed(pvc("data", { className: "standard" }), {
      storageClass: sc("standard", { volumeBindingMode: "WaitForFirstConsumer" }),
      waitingPods: ["web-0", "web-1"],
    }),
    expect: ["controller Normal WaitForPodScheduled: waiting for pods web-0,web-1 to be scheduled", "phase Pending"],
  },
  {
    name: "a WaitForFirstConsumer claim is provisioned once the scheduler selected a node",
    observed: observed(pvc("data", { className: "standard", annotations: { "volume.kubernetes.io/selected-node": "n1" } }), {
      storageClass: sc("standard", { volumeBindingMode: "WaitForFirstConsumer" }),
      selectedNode: nodeNamed("n1"),
    }),
    expect: [
      "setProvisioner tinykube.io/local",
      `controller Normal ExternalProvisioning: ${waitingMessage}`,
      `provisioner Normal Provisioning: External provisioner is provisioning volume for claim "default/data"`,
      "provision pvc-u-data at /data/volumes/default-data-pvc-u-data",
      "provisioner Normal ProvisioningSucceeded: Successfully provisioned volume pvc-u-data",
      "bind pvc-u-data",
    ],
  },
  {
    name: "a selected node that does not exist sends the claim back to the scheduler",
    observed: observed(pvc("data", { className: "standard", annotations: { "volume.kubernetes.io/selected-node": "gone" } }), {
      storageClass: sc("standard", { volumeBindingMode: "WaitForFirstConsumer" }),
    }),
    expect: [
      "setProvisioner tinykube.io/local",
      `controller Normal ExternalProvisioning: ${waitingMessage}`,
      `provisioner Normal Provisioning: External provisioner is provisioning volume for claim "default/data"`,
      `provisioner Warning ProvisioningFailed: failed to get target node: node "gone" not found`,
      "reschedule",
    ],
  },
  {
    name: "a claim naming no class gets the default class first",
    observed: observed(pvc("data"), { defaultClass: sc("standard") }),
    expect: ["assignClass standard"],
  },
  {
    name: "a claim with no class and no default class waits for a volume",
    observed: observed(pvc("data", { className: "" })),
    expect: ["controller Normal FailedBinding: no persistent volumes available for this claim and no storage class is set", "phase Pending"],
  },
  {
    name: "the no-provisioner class only binds static volumes",
    observed: observed(pvc("data", { className: "local" }), { storageClass: sc("local", { provisioner: "kubernetes.io/no-provisioner" }) }),
    expect: ["controller Warning ProvisioningFailed: no volume plugin matched name: kubernetes.io/no-provisioner", "phase Pending"],
  },
  {
    name: "the smallest fitting Available static volume of the class is bound",
    observed: observed(pvc("data", { className: "manual", size: "1Gi" }), {
      storageClass: sc("manual", { provisioner: "kubernetes.io/no-provisioner" }),
      volumes: [
        pv("big", { className: "manual", size: "10Gi" }),
        pv("right", { className: "manual", size: "2Gi" }),
        pv("small", { className: "manual", size: "500Mi" }),
        pv("other-class", { className: "x", size: "1Gi" }),
        pv("taken", { className: "manual", size: "1Gi", phase: "Bound", claim: pvc("someone") }),
      ],
    }),
    expect: ["bind right"],
  },
  {
    name: "a volume with exactly the claim's access modes goes before one with more",
    observed: observed(pvc("data", { className: "manual" }), {
      volumes: [pv("rwo-rox", { className: "manual", modes: ["ReadWriteOnce", "ReadOnlyMany"] }), pv("rwo", { className: "manual", size: "5Gi" })],
    }),
    expect: ["bind rwo"],
  },
  {
    name: "a volume pre-bound to the claim wins over the class rules",
    observed: observed(pvc("data", { className: "standard" }), {
      storageClass: sc("standard", { volumeBindingMode: "WaitForFirstConsumer" }),
      volumes: [pv("reserved", { className: "standard", claim: pvc("data"), claimUid: "" })],
    }),
    expect: ["bind reserved"],
  },
  {
    name: "a claim naming a volume too small for it is refused with upstream's event",
    observed: observed(pvc("data", { className: "", volumeName: "tiny", size: "5Gi" }), { volumes: [pv("tiny", { size: "1Gi" })] }),
    expect: ['controller Warning VolumeMismatch: Cannot bind to requested volume "tiny": requested PV is too small', "phase Pending"],
  },
  {
    name: "a claim naming a volume bound elsewhere waits",
    observed: observed(pvc("data", { volumeName: "pv-1" }), { volumes: [pv("pv-1", { claim: pvc("other") })] }),
    expect: ['controller Warning FailedBinding: volume "pv-1" already bound to a different claim.', "phase Pending"],
  },
  {
    name: "a bound claim whose volume is gone is Lost",
    observed: observed(pvc("data", { volumeName: "pv-1", annotations: bound, phase: "Bound" })),
    expect: ["phase Lost", "controller Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!"],
  },
  {
    name: "a Lost claim is not marked again",
    observed: observed(pvc("data", { volumeName: "pv-1", annotations: bound, phase: "Lost" })),
    expect: [],
  },
  {
    name: "a bound claim sharing its volume with another claim is misbound",
    observed: observed(pvc("data", { volumeName: "pv-1", annotations: bound, phase: "Bound" }), { volumes: [pv("pv-1", { claim: pvc("other") })] }),
    expect: ["phase Lost", "controller Warning ClaimMisbound: Two claims are bound to the same volume, this one is bound incorrectly"],
  },
  {
    name: "a bound claim and its volume are kept bound",
    observed: observed(pvc("data", { volumeName: "pv-1", annotations: bound, phase: "Bound" }), { volumes: [pv("pv-1", { claim: pvc("data"), phase: "Bound" })] }),
    expect: ["bind pv-1"],
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(lines(planClaim(c.observed).actions), c.expect);
  });
}

test("the provisioned volume is pre-bound to its claim with the request, modes, class and reclaim policy", () => {
  const plan = planClaim(observed(pvc("data", { className: "keep", size: "3Gi", modes: ["ReadWriteMany"] }), { storageClass: sc("keep", { reclaimPolicy: "Retain" }) }));
  const provision = plan.actions.find((a) => a.kind === "provision");
  assert.deepEqual(provision?.kind === "provision" && provision.volume, {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pvc-u-data", annotations: { "pv.kubernetes.io/provisioned-by": "tinykube.io/local" } },
    spec: {
      accessModes: ["ReadWriteMany"],
      capacity: { storage: "3Gi" },
      claimRef: { kind: "PersistentVolumeClaim", namespace: "default", name: "data", uid: "u-data", apiVersion: "v1", resourceVersion: "7" },
      hostPath: { path: "/data/volumes/default-data-pvc-u-data", type: "DirectoryOrCreate" },
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "keep",
      volumeMode: "Filesystem",
    },
  });
});

test("a volume provisioned for a selected node follows that node's hostname", () => {
  const plan = planClaim(
    observed(pvc("data", { className: "standard", annotations: { "volume.kubernetes.io/selected-node": "n1" } }), {
      storageClass: sc("standard", { volumeBindingMode: "WaitForFirstConsumer" }),
      selectedNode: nodeNamed("n1"),
    }),
  );
  const provision = plan.actions.find((a) => a.kind === "provision");
  assert.deepEqual(provision?.kind === "provision" && provision.volume.spec?.nodeAffinity, {
    required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["n1"] }] }] },
  });
});

test("a claim that still waits is looked at again after upstream's 15 s resync", () => {
  const plan = planClaim(observed(pvc("data", { className: "standard" }), { storageClass: sc("standard", { volumeBindingMode: "WaitForFirstConsumer" }) }));
  assert.equal(plan.requeueAfterMs, 15_000);
});

test("names that would leave the volumes directory are never provisioned", () => {
  const claim = pvc("data", { className: "fast" });
  claim.metadata!.namespace = "..";
  const plan = planClaim(observed(claim, { storageClass: sc("fast") }));
  assert.equal(plan.actions.some((a) => a.kind === "provision"), false);
  assert.match(lines(plan.actions).join("\n"), /Warning ProvisioningFailed: failed to provision volume with StorageClass "fast"/);
});
