import assert from "node:assert/strict";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { NodeInfo } from "./node-info.js";
import { type ScheduleDecision, schedulePod } from "./schedule-pod.js";
import { claim, node, nodeInfo, pod, requesting, storageClass, volume, volumeView, type VolumeWorld, withClaim } from "./testing/fixtures.js";

interface Case {
  name: string;
  pod: Pod;
  nodes: NodeInfo[];
  volumes?: VolumeWorld;
  expect: { node: string } | { unschedulable: string } | { error: string };
}

const noVictims = (n: number, of = n) => `preemption: 0/${of} nodes are available: ${n} No preemption victims found for incoming pod..`;
const notHelpful = (n: number, of = n) => `preemption: 0/${of} nodes are available: ${n} Preemption is not helpful for scheduling..`;

const cases: Case[] = [
  {
    name: "a pod with no requests is bound to the one Ready node",
    pod: pod("web-0"),
    nodes: [nodeInfo(node("tinykube"))],
    expect: { node: "tinykube" },
  },
  {
    name: "a pod asking more cpu than is free fits nowhere, and no lower-priority pod could make room",
    pod: requesting("big", { cpu: "3" }),
    nodes: [nodeInfo(node("n1", { cpu: "4" }), [requesting("running", { cpu: "2" })])],
    expect: { unschedulable: `0/1 nodes are available: 1 Insufficient cpu. ${noVictims(1)}` },
  },
  {
    name: "every insufficient resource of a node is listed, in upstream's order",
    pod: requesting("big", { cpu: "8", memory: "16Gi" }),
    nodes: [nodeInfo(node("n1"))],
    expect: { unschedulable: `0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. ${noVictims(1)}` },
  },
  {
    name: "a node that is not Ready carries the not-ready taint the node lifecycle controller would add",
    pod: pod("web-0"),
    nodes: [nodeInfo(node("n1", { ready: "False" }))],
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. ${notHelpful(1)}` },
  },
  {
    name: "a node that never reported Ready is not Ready either",
    pod: pod("web-0"),
    nodes: [nodeInfo(node("n1", { ready: "none" }))],
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. ${notHelpful(1)}` },
  },
  {
    name: "an unreachable node (Ready Unknown) is tainted unreachable",
    pod: pod("web-0"),
    nodes: [nodeInfo(node("n1", { ready: "Unknown" }))],
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. ${notHelpful(1)}` },
  },
  {
    name: "a pod tolerating not-ready may go to a node that is not Ready",
    pod: pod("agent", { tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" }] }),
    nodes: [nodeInfo(node("n1", { ready: "False" }))],
    expect: { node: "n1" },
  },
  {
    name: "a cordoned node is unschedulable before any other check",
    pod: requesting("web-0", { cpu: "100" }),
    nodes: [nodeInfo(node("n1", { unschedulable: true }))],
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) were unschedulable. ${notHelpful(1)}` },
  },
  {
    name: "a nodeSelector no node matches",
    pod: pod("web-0", { nodeSelector: { disktype: "ssd" } }),
    nodes: [nodeInfo(node("n1", { labels: { disktype: "hdd" } }))],
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. ${notHelpful(1)}` },
  },
  {
    name: "required node affinity terms are ORed, their expressions ANDed",
    pod: pod("web-0", {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }, { key: "gpu", operator: "Exists" }] },
              { matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] },
            ],
          },
        },
      },
    }),
    nodes: [nodeInfo(node("n1", { labels: { zone: "a" } })), nodeInfo(node("n2", { labels: { zone: "b" } }))],
    expect: { node: "n2" },
  },
  {
    name: "a full node says Too many pods",
    pod: pod("web-1"),
    nodes: [nodeInfo(node("n1", { pods: "1" }), [pod("web-0")])],
    expect: { unschedulable: `0/1 nodes are available: 1 Too many pods. ${noVictims(1)}` },
  },
  {
    name: "reasons of several nodes are counted and sorted, and preemption says which nodes it cannot help",
    pod: requesting("web-0", { memory: "4Gi" }, { nodeSelector: { pool: "main" } }),
    nodes: [
      nodeInfo(node("n1", { memory: "2Gi", labels: { pool: "main" } })),
      nodeInfo(node("n2", { labels: { pool: "other" } })),
      nodeInfo(node("n3", { labels: { pool: "main" }, taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] })),
    ],
    expect: {
      unschedulable:
        "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}. " +
        "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..",
    },
  },
  {
    name: "a tolerated NoSchedule taint does not keep the pod off the node",
    pod: pod("web-0", { tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }] }),
    nodes: [nodeInfo(node("n1", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }))],
    expect: { node: "n1" },
  },
  {
    name: "a NoExecute taint keeps untolerating pods off too",
    pod: pod("web-0"),
    nodes: [nodeInfo(node("n1", { taints: [{ key: "maintenance", effect: "NoExecute" }] }))],
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) had untolerated taint {maintenance: }. ${notHelpful(1)}` },
  },
  {
    name: "the least loaded of two fitting nodes is chosen",
    pod: requesting("web-2", { cpu: "500m", memory: "512Mi" }),
    nodes: [
      nodeInfo(node("busy"), [requesting("a", { cpu: "2", memory: "4Gi" })]),
      nodeInfo(node("idle")),
    ],
    expect: { node: "idle" },
  },
  {
    name: "a PreferNoSchedule taint steers the pod to the other node",
    pod: pod("web-0"),
    nodes: [nodeInfo(node("a", { taints: [{ key: "spot", effect: "PreferNoSchedule" }] })), nodeInfo(node("b"))],
    expect: { node: "b" },
  },
  {
    name: "preferred node affinity outweighs a lighter load",
    pod: pod("web-0", {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: "ssd", operator: "Exists" }] } }] } },
    }),
    nodes: [nodeInfo(node("fast", { labels: { ssd: "true" } }), [requesting("a", { cpu: "1" })]), nodeInfo(node("slow"))],
    expect: { node: "fast" },
  },
  {
    name: "equal scores go to the node with fewer pods",
    pod: pod("web-1"),
    nodes: [nodeInfo(node("a", { cpu: "64", memory: "256Gi" }), [pod("web-0")]), nodeInfo(node("b", { cpu: "64", memory: "256Gi" }))],
    expect: { node: "b" },
  },
  {
    name: "a host port already taken on the node",
    pod: pod("web-1", { containers: [{ name: "main", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
    nodes: [nodeInfo(node("n1"), [pod("web-0", { containers: [{ name: "main", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }] }] })])],
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. ${noVictims(1)}` },
  },
  {
    name: "a pod that may not preempt says so",
    pod: requesting("big", { cpu: "5" }, { preemptionPolicy: "Never" }),
    nodes: [nodeInfo(node("n1"))],
    expect: { unschedulable: "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.." },
  },
  {
    name: "no nodes at all is a scheduler error, not a fit failure",
    pod: pod("web-0"),
    nodes: [],
    expect: { error: "no nodes available to schedule pods" },
  },
  {
    name: "a claim that does not exist fails the prefilter for every node",
    pod: withClaim(pod("web-0"), "data"),
    nodes: [nodeInfo(node("n1")), nodeInfo(node("n2"))],
    expect: { unschedulable: `0/2 nodes are available: persistentvolumeclaim "data" not found. ${notHelpful(2)}` },
  },
  {
    name: "an unbound claim of an Immediate class waits for the PV controller",
    pod: withClaim(pod("web-0"), "data"),
    nodes: [nodeInfo(node("n1"))],
    volumes: { claims: [claim("data", { className: "fast" })], classes: [storageClass("fast", "Immediate")] },
    expect: { unschedulable: `0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${notHelpful(1)}` },
  },
  {
    name: "an unbound claim whose class does not exist binds immediately too",
    pod: withClaim(pod("web-0"), "data"),
    nodes: [nodeInfo(node("n1"))],
    volumes: { claims: [claim("data", { className: "managed-nfs-storage" })] },
    expect: { unschedulable: `0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${notHelpful(1)}` },
  },
  {
    name: "a bound claim's volume pinned to another node",
    pod: withClaim(pod("web-0"), "data"),
    nodes: [nodeInfo(node("n1"))],
    volumes: {
      claims: [claim("data", { volumeName: "pv-1", annotations: { "pv.kubernetes.io/bind-completed": "yes" } })],
      volumes: [volume("pv-1", { hostname: "n2", phase: "Bound" })],
    },
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) had volume node affinity conflict. ${notHelpful(1)}` },
  },
  {
    name: "a bound claim's volume follows its pod to the node it names",
    pod: withClaim(pod("web-0"), "data"),
    nodes: [nodeInfo(node("n1")), nodeInfo(node("n2"))],
    volumes: {
      claims: [claim("data", { volumeName: "pv-1", annotations: { "pv.kubernetes.io/bind-completed": "yes" } })],
      volumes: [volume("pv-1", { hostname: "n2", phase: "Bound" })],
    },
    expect: { node: "n2" },
  },
  {
    name: "a class that cannot provision and no static volume: no persistent volumes to bind",
    pod: withClaim(pod("web-0"), "data"),
    nodes: [nodeInfo(node("n1"))],
    volumes: { claims: [claim("data", { className: "manual" })], classes: [storageClass("manual", "WaitForFirstConsumer", "kubernetes.io/no-provisioner")] },
    expect: { unschedulable: `0/1 nodes are available: 1 node(s) didn't find available persistent volumes to bind. ${notHelpful(1)}` },
  },
];

function outcome(d: ScheduleDecision): Case["expect"] {
  if (d.kind === "bind") return { node: d.node };
  if (d.kind === "unschedulable") return { unschedulable: d.message };
  return { error: d.message };
}

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(outcome(schedulePod(c.pod, { nodes: c.nodes, volumes: volumeView(c.volumes) })), c.expect);
  });
}

test("a WaitForFirstConsumer claim is provisioned on the chosen node", () => {
  const d = schedulePod(withClaim(pod("web-0"), "data"), {
    nodes: [nodeInfo(node("n1"))],
    volumes: volumeView({ claims: [claim("data", { className: "standard" })], classes: [storageClass("standard", "WaitForFirstConsumer")] }),
  });
  assert.equal(d.kind, "bind");
  assert.deepEqual(d.kind === "bind" && d.volumes?.provisions.map((c) => c.metadata?.name), ["data"]);
  assert.deepEqual(d.kind === "bind" && d.volumes?.staticBindings, []);
});

test("a WaitForFirstConsumer claim takes the smallest fitting static volume before provisioning", () => {
  const d = schedulePod(withClaim(pod("web-0"), "data"), {
    nodes: [nodeInfo(node("n1"))],
    volumes: volumeView({
      claims: [claim("data", { className: "local", size: "1Gi" })],
      classes: [storageClass("local", "WaitForFirstConsumer")],
      volumes: [volume("big", { className: "local", size: "10Gi" }), volume("small", { className: "local", size: "2Gi" }), volume("tiny", { className: "local", size: "500Mi" })],
    }),
  });
  assert.deepEqual(d.kind === "bind" && d.volumes?.staticBindings.map((b) => b.volume.metadata?.name), ["small"]);
  assert.deepEqual(d.kind === "bind" && d.volumes?.provisions, []);
});

test("a claim already provisioned for one node keeps the pod off the others", () => {
  const d = schedulePod(withClaim(pod("web-0"), "data"), {
    nodes: [nodeInfo(node("n1")), nodeInfo(node("n2"))],
    volumes: volumeView({
      claims: [claim("data", { className: "standard", annotations: { "volume.kubernetes.io/selected-node": "n2" } })],
      classes: [storageClass("standard", "WaitForFirstConsumer")],
    }),
  });
  assert.deepEqual(outcome(d), { node: "n2" });
});

test("the unschedulable decision names the plugins that rejected nodes, so only their events retry it", () => {
  const d = schedulePod(requesting("big", { cpu: "8" }), { nodes: [nodeInfo(node("n1")), nodeInfo(node("n2", { ready: "False" }))], volumes: volumeView() });
  assert.deepEqual(d.kind === "unschedulable" && [...d.rejectedBy].sort(), ["NodeResourcesFit", "TaintToleration"]);
});
