import assert from "node:assert/strict";
import { test } from "node:test";
import type { OwnerReference } from "../../api/object.js";
import { decide, type Dependent, type GcAction, type GcObserved, type OwnerState } from "./decide.js";

const ref = (uid: string, opts: { block?: boolean } = {}): OwnerReference => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  name: `owner-${uid}`,
  uid,
  controller: uid === "a",
  blockOwnerDeletion: opts.block ?? true,
});

const present: OwnerState = { state: "present", deletingDependents: false };
const deleting: OwnerState = { state: "present", deletingDependents: true };
const absent: OwnerState = { state: "absent" };
const unresolvable: OwnerState = { state: "unresolvable" };

const dep = (uid: string, opts: Partial<Omit<Dependent, "uid">> = {}): Dependent => ({
  uid,
  blocksOwnerDeletion: opts.blocksOwnerDeletion ?? true,
  beingDeleted: opts.beingDeleted ?? false,
  deletingDependents: opts.deletingDependents ?? false,
});

interface Case {
  name: string;
  object?: { deletionTimestamp?: string; finalizers?: string[]; refs?: OwnerReference[] };
  owners?: Record<string, OwnerState>;
  dependents?: Dependent[];
  expect: GcAction[];
}

const deletedAt = "2026-01-01T00:00:00Z";

const cases: Case[] = [
  // Dependents: is an owner still there?
  { name: "an object without owners is not subject to collection", expect: [] },
  { name: "a dependent whose owner exists stays", object: { refs: [ref("a")] }, owners: { a: present }, expect: [] },
  {
    name: "a dependent whose only owner is gone is deleted in the background",
    object: { refs: [ref("a")] },
    owners: { a: absent },
    expect: [{ type: "delete", policy: "Background" }],
  },
  {
    name: "a dependent whose owners are all gone is deleted",
    object: { refs: [ref("a"), ref("b")] },
    owners: { a: absent, b: absent },
    expect: [{ type: "delete", policy: "Background" }],
  },
  {
    name: "a dependent with one owner left only loses the dangling reference",
    object: { refs: [ref("a"), ref("b")] },
    owners: { a: present, b: absent },
    expect: [{ type: "removeOwnerReferences", uids: ["b"] }],
  },
  {
    name: "a dependent with one owner left drops the reference to an owner deleting in the foreground too",
    object: { refs: [ref("a"), ref("b"), ref("c")] },
    owners: { a: present, b: deleting, c: absent },
    expect: [{ type: "removeOwnerReferences", uids: ["c", "b"] }],
  },
  {
    name: "an owner that cannot be looked up keeps the dependent, as upstream",
    object: { refs: [ref("a"), ref("b")] },
    owners: { a: unresolvable, b: absent },
    expect: [{ type: "removeOwnerReferences", uids: ["b"] }],
  },
  {
    name: "an owner deleting in the foreground has its dependent deleted",
    object: { refs: [ref("a")] },
    owners: { a: deleting },
    expect: [{ type: "delete", policy: "Background" }],
  },
  {
    name: "a dependent with dependents of its own is deleted in the foreground when its owner is",
    object: { refs: [ref("a")] },
    owners: { a: deleting },
    dependents: [dep("x")],
    expect: [{ type: "delete", policy: "Foreground" }],
  },
  {
    name: "a possible foreground cycle first unblocks the object's owner references",
    object: { refs: [ref("a")] },
    owners: { a: deleting },
    dependents: [dep("x", { beingDeleted: true, deletingDependents: true })],
    expect: [{ type: "unblockOwnerReferences" }, { type: "delete", policy: "Foreground" }],
  },
  {
    name: "an orphan finalizer already on a collected object is honoured",
    object: { refs: [ref("a")], finalizers: ["orphan"] },
    owners: { a: absent },
    expect: [{ type: "delete", policy: "Orphan" }],
  },
  {
    name: "a foregroundDeletion finalizer already on a collected object is honoured",
    object: { refs: [ref("a")], finalizers: ["foregroundDeletion"] },
    owners: { a: absent },
    expect: [{ type: "delete", policy: "Foreground" }],
  },
  {
    name: "an owner reference missing from the observation counts as unresolvable, never as gone",
    object: { refs: [ref("a")] },
    owners: {},
    expect: [],
  },
  // Owners being deleted
  {
    name: "an object being deleted without a GC finalizer is left to go",
    object: { deletionTimestamp: deletedAt, refs: [ref("a")], finalizers: ["example.com/keep"] },
    owners: { a: absent },
    dependents: [dep("x")],
    expect: [],
  },
  {
    name: "orphan deletion removes the owner from every dependent, then its orphan finalizer",
    object: { deletionTimestamp: deletedAt, finalizers: ["orphan"] },
    dependents: [dep("x"), dep("y", { blocksOwnerDeletion: false })],
    expect: [{ type: "orphanDependents", uids: ["x", "y"] }, { type: "removeFinalizer", finalizer: "orphan" }],
  },
  {
    name: "orphan deletion with no dependents only removes the finalizer",
    object: { deletionTimestamp: deletedAt, finalizers: ["orphan"] },
    expect: [{ type: "orphanDependents", uids: [] }, { type: "removeFinalizer", finalizer: "orphan" }],
  },
  {
    name: "foreground deletion with blocking dependents processes those not yet being deleted",
    object: { deletionTimestamp: deletedAt, finalizers: ["foregroundDeletion"] },
    dependents: [dep("x"), dep("y", { beingDeleted: true }), dep("z", { blocksOwnerDeletion: false })],
    expect: [{ type: "processDependents", uids: ["x", "z"] }],
  },
  {
    name: "foreground deletion waits while a blocking dependent is terminating",
    object: { deletionTimestamp: deletedAt, finalizers: ["foregroundDeletion"] },
    dependents: [dep("y", { beingDeleted: true })],
    expect: [],
  },
  {
    name: "foreground deletion removes its finalizer once no blocking dependent is left",
    object: { deletionTimestamp: deletedAt, finalizers: ["foregroundDeletion"] },
    dependents: [dep("z", { blocksOwnerDeletion: false })],
    expect: [{ type: "removeFinalizer", finalizer: "foregroundDeletion" }],
  },
  {
    name: "a foreground-deleting object is processed as an owner even when its own owner is gone",
    object: { deletionTimestamp: deletedAt, finalizers: ["foregroundDeletion"], refs: [ref("a")] },
    owners: { a: absent },
    expect: [{ type: "removeFinalizer", finalizer: "foregroundDeletion" }],
  },
];

test("garbage collector decisions", () => {
  for (const c of cases) {
    const object: GcObserved["object"] = {
      finalizers: c.object?.finalizers ?? [],
      ownerReferences: c.object?.refs ?? [],
      ...(c.object?.deletionTimestamp ? { deletionTimestamp: c.object.deletionTimestamp } : {}),
    };
    const observed: GcObserved = { object, owners: new Map(Object.entries(c.owners ?? {})), dependents: c.dependents ?? [] };
    assert.deepEqual(decide(observed).actions, c.expect, c.name);
  }
});
