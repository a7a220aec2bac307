import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Lease } from "kubernetes-types/coordination/v1.js";
import { formatFieldError } from "../field-errors.js";
import { leaseDefinition } from "./lease.js";

const { strategy, info } = leaseDefinition;
const meta = { name: "tinykube-controllers", namespace: "kube-system" };

describe("lease validation", () => {
  const cases: Array<{ name: string; lease: Lease; expect: string[] }> = [
    {
      name: "a held lease with a positive duration is valid",
      lease: { metadata: meta, spec: { holderIdentity: "host-1_abc", leaseDurationSeconds: 15, leaseTransitions: 0, renewTime: "2026-11-28T12:00:00.000000Z" } },
      expect: [],
    },
    { name: "an empty spec is valid", lease: { metadata: meta }, expect: [] },
    {
      name: "the duration must be positive",
      lease: { metadata: meta, spec: { leaseDurationSeconds: 0 } },
      expect: ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"],
    },
    {
      name: "transitions may not be negative",
      lease: { metadata: meta, spec: { leaseTransitions: -1 } },
      expect: ["spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"],
    },
    { name: "a lease lives in a namespace", lease: { metadata: { name: "x" } }, expect: ["metadata.namespace: Required value"] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(strategy.validate(c.lease).map(formatFieldError), c.expect));
});

test("the alpha coordinated-election fields are dropped unless already stored", () => {
  const body = { metadata: meta, spec: { holderIdentity: "a", strategy: "OldestEmulationVersion", preferredHolder: "b" } } as Lease;
  strategy.prepareForCreate(body);
  assert.deepEqual(body.spec, { holderIdentity: "a" });
  const old = { metadata: meta, spec: { strategy: "OldestEmulationVersion" } } as Lease;
  const next = { metadata: meta, spec: { strategy: "OldestEmulationVersion", preferredHolder: "b" } } as Lease;
  strategy.prepareForUpdate(next, old);
  assert.deepEqual(next.spec, { strategy: "OldestEmulationVersion" });
});

test("the table prints NAME HOLDER AGE", () => {
  const lease: Lease = { metadata: { ...meta, creationTimestamp: "2026-11-28T11:59:59Z" }, spec: { holderIdentity: "host-1" } };
  assert.deepEqual(strategy.table.columns.map((c) => c.name), ["Name", "Holder", "Age"]);
  assert.deepEqual(strategy.table.cells(lease, Date.parse("2026-11-28T12:00:00Z")), ["tinykube-controllers", "host-1", "1s"]);
  assert.deepEqual(strategy.table.cells({ metadata: meta }, 0), ["tinykube-controllers", "", "<unknown>"]);
});

test("leases are namespaced coordination.k8s.io/v1 resources", () => {
  assert.deepEqual([info.group, info.version, info.resource, info.namespaced], ["coordination.k8s.io", "v1", "leases", true]);
});
