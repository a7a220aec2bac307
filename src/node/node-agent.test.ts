import assert from "node:assert/strict";
import { test } from "node:test";
import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Node } from "kubernetes-types/core/v1.js";
import { refs } from "../api/refs.js";
import { openAgentHarness, testNode } from "./testing/agent-harness.js";

test("the agent registers its Node, Ready as the kubelet reports it, and keeps a Lease in kube-node-lease", async (t) => {
  const h = await openAgentHarness();
  t.after(() => h.close());
  const node = await h.cluster.client.get<Node>(refs.nodes, undefined, testNode);
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  assert.equal(ready?.status, "True");
  assert.equal(ready?.reason, "KubeletReady");
  assert.equal(ready?.message, "kubelet is posting ready status");
  assert.equal(node.status?.capacity?.pods, "110");
  assert.deepEqual(node.status?.addresses, [{ type: "InternalIP", address: "127.0.0.1" }, { type: "Hostname", address: testNode }]);
  assert.equal(node.metadata.labels?.["kubernetes.io/hostname"], testNode);
  const lease = await h.cluster.client.get<Lease>(refs.leases, "kube-node-lease", testNode);
  const first = lease.spec?.renewTime;
  assert.equal(lease.spec?.leaseDurationSeconds, 40);
  assert.equal(lease.spec?.holderIdentity, testNode);
  assert.equal(lease.metadata.ownerReferences?.[0]?.uid, node.metadata.uid);
  await h.advance(10);
  const renewed = await h.cluster.client.get<Lease>(refs.leases, "kube-node-lease", testNode);
  assert.notEqual(renewed.spec?.renewTime, first);
});
