import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Node, NodeStatus } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { nodeDefinition } from "./node.js";

const { strategy, info } = nodeDefinition;
const now = Date.parse("2024-05-03T10:00:00Z");

function node(spec: Node["spec"] = {}, status?: NodeStatus, labels?: Record<string, string>): Node {
  const n: Node = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "node-1", uid: "u", resourceVersion: "3", creationTimestamp: "2024-05-01T10:00:00Z", ...(labels ? { labels } : {}) },
    spec,
  };
  if (status) (n as { status?: NodeStatus }).status = status;
  return n;
}

function created(n: Node): Node {
  const c = structuredClone(n);
  strategy.applyDefaults(c);
  strategy.prepareForCreate(c);
  return c;
}

const errors = (list: ReturnType<typeof strategy.validate>): string[] => list.map(formatFieldError);

describe("node info", () => {
  test("nodes are cluster-scoped with short name no", () => {
    assert.deepEqual([info.namespaced, info.shortNames, info.subresources], [false, ["no"], ["status", "proxy"]]);
  });
});

describe("node defaults", () => {
  test("allocatable defaults to capacity and quantities are canonical", () => {
    const n = created(node({}, { capacity: { cpu: "2", memory: "4096Mi", pods: "110" } }));
    assert.deepEqual(n.status, { capacity: { cpu: "2", memory: "4Gi", pods: "110" }, allocatable: { cpu: "2", memory: "4Gi", pods: "110" } });
  });

  test("a node registers with its status kept", () => {
    const n = created(node({}, { nodeInfo: { kubeletVersion: "v1.32.0" } as NodeStatus["nodeInfo"] }));
    assert.equal(n.status?.nodeInfo?.kubeletVersion, "v1.32.0");
  });
});

describe("node validation", () => {
  const cases: Array<{ name: string; node: Node; expect: string[] }> = [
    { name: "a plain node is valid", node: node(), expect: [] },
    { name: "a node may not have a namespace", node: { ...node(), metadata: { name: "n", namespace: "default" } }, expect: ["metadata.namespace: Forbidden: not allowed on this type"] },
    {
      name: "a taint needs an effect from upstream's list",
      node: node({ taints: [{ key: "dedicated", effect: "" }, { key: "gpu", effect: "Sometimes" }] }),
      expect: [
        "metadata.taints[0].effect: Required value",
        'metadata.taints[1].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      ],
    },
    {
      name: "taints are unique by key and effect",
      node: node({ taints: [{ key: "a", effect: "NoSchedule" }, { key: "a", effect: "NoSchedule" }] }),
      expect: ['metadata.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair'],
    },
    {
      name: "negative capacity is reported, and again in the allocatable defaulted from it",
      node: node({}, { capacity: { cpu: "-1" } }),
      expect: [
        'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
        'status.allocatable.cpu: Invalid value: "-1": must be greater than or equal to 0',
      ],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(errors(strategy.validate(created(c.node))), c.expect));
});

describe("node update", () => {
  const stored = created(node({ podCIDRs: ["10.244.0.0/24"], providerID: "tinykube://node-1" }, { capacity: { cpu: "2" } }));

  function update(change: (n: Node) => void): string[] {
    const n = structuredClone(stored);
    change(n);
    strategy.prepareForUpdate(n, stored);
    return errors(strategy.validateUpdate(n, stored));
  }

  test("cordoning is a valid update", () => assert.deepEqual(update((n) => (n.spec!.unschedulable = true)), []));
  test("pod CIDRs may not change once set", () => {
    assert.deepEqual(update((n) => (n.spec!.podCIDRs = ["10.244.1.0/24"])), ["spec.podCIDRs: Forbidden: may not change once set"]);
  });
  test("the provider ID may not change once set", () => {
    assert.deepEqual(update((n) => (n.spec!.providerID = "other")), ["spec.providerID: Forbidden: must not change once set"]);
  });
  test("an update keeps the stored status", () => {
    const n = structuredClone(stored);
    (n as { status?: NodeStatus }).status = {};
    strategy.prepareForUpdate(n, stored);
    assert.deepEqual(n.status, stored.status);
  });
  test("a status write keeps the spec", () => {
    const n = structuredClone(stored);
    n.spec = { unschedulable: true };
    strategy.status!.prepareForUpdate(n, stored);
    assert.deepEqual(n.spec, stored.spec);
  });
});

describe("node table", () => {
  const ready = { type: "Ready", status: "True" };
  const rows: Array<[string, Node, unknown[]]> = [
    [
      "a ready worker prints Ready with no roles",
      node({}, { conditions: [ready], nodeInfo: { kubeletVersion: "v1.32.0" } as NodeStatus["nodeInfo"] }),
      ["node-1", "Ready", "<none>", "2d", "v1.32.0", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"],
    ],
    [
      "a cordoned control-plane node with addresses",
      node(
        { unschedulable: true },
        {
          conditions: [{ type: "Ready", status: "False" }],
          addresses: [{ type: "InternalIP", address: "192.168.1.5" }, { type: "ExternalIP", address: "1.2.3.4" }],
          nodeInfo: { kubeletVersion: "v1.32.0", osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.1.0", containerRuntimeVersion: "tinykube://0.1.0" } as NodeStatus["nodeInfo"],
        },
        { "node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "master" },
      ),
      ["node-1", "NotReady,SchedulingDisabled", "control-plane,master", "2d", "v1.32.0", "192.168.1.5", "1.2.3.4", "Debian GNU/Linux 12 (bookworm)", "6.1.0", "tinykube://0.1.0"],
    ],
    ["a node without a Ready condition is Unknown", node(), ["node-1", "Unknown", "<none>", "2d", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"]],
  ];
  for (const [name, n, want] of rows) test(name, () => assert.deepEqual(strategy.table.cells(n, now), want));

  test("the columns are upstream's", () => {
    assert.deepEqual(
      strategy.table.columns.map((c) => c.name),
      ["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"],
    );
  });
});

test("nodes can be selected by spec.unschedulable", () => {
  assert.deepEqual(strategy.selectableFields!(node({ unschedulable: true })), { "spec.unschedulable": "true" });
});
