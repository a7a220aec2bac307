// The plan, case by case: what one look at a StatefulSet decides, as upstream's UpdateStatefulSet
// would act, plus what the set says it waits for.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { StatefulSet, StatefulSetStatus } from "kubernetes-types/apps/v1.js";
import type { Stored } from "../../api/object.js";
import { rfc3339 } from "../../util/clock.js";
import type { Observed, StatefulSetPlan } from "./plan-types.js";
import { plan } from "./plan.js";
import { makeClaims, makePod, makeSet, type PodState, revisionName, storedRevision, t0, withImage, world } from "./testing/fixtures.js";

const now = t0 + 60_000;

function summary(p: StatefulSetPlan): string[] {
  return p.actions.map((a) => {
    switch (a.type) {
      case "createPod": {
        const claims = a.claims.map((c) => c.metadata?.name).join(",");
        return `create ${a.pod.metadata?.name}${claims ? ` with ${claims}` : ""}`;
      }
      case "createClaims":
        return `create ${a.claims.map((c) => c.metadata?.name).join(",")} for ${a.pod.metadata.name}`;
      case "deletePod":
        return `delete ${a.pod.metadata.name} (${a.why})`;
      case "updatePod":
        return `update ${a.pod.metadata.name}`;
      case "updateClaim":
        return `update claim ${a.claim.metadata.name}`;
    }
  });
}

/** The set with a status naming its current revision, as after an earlier rollout. */
function rolledOut(set: Stored<StatefulSet>, from: StatefulSet & { metadata: { name: string } }, status: Partial<StatefulSetStatus> = {}): Stored<StatefulSet> {
  return { ...set, status: { replicas: 3, currentRevision: revisionName(from), updateRevision: revisionName(from), ...status } };
}

const v1 = makeSet();
const v2 = withImage(v1, "nginx:1.26");
const old = (ordinal: number, state: PodState = "ready") => makePod(rolledOut(v2, v1), ordinal, state, { from: v1 });
const fresh = (ordinal: number, state: PodState = "ready") => makePod(rolledOut(v2, v1), ordinal, state);
/** The world of a rollout from v1 to v2: both revisions stored. */
function rollout(set: Stored<StatefulSet>, pods: ReturnType<typeof old>[]): Observed {
  return world(rolledOut(set, withImage(set, "nginx:1.25")), pods, { revisions: [storedRevision(withImage(set, "nginx:1.25"), 1), storedRevision(set, 2)] });
}

interface Case {
  name: string;
  observed: Observed;
  at?: number;
  expect: {
    actions: string[];
    waiting?: string;
    status?: Partial<StatefulSetStatus>;
    requeueAfterMs?: number;
  };
  check?: (p: StatefulSetPlan) => void;
}

const cases: Case[] = [
  // creation
  {
    name: "a new OrderedReady set creates web-0 after its claim, and says it waits for it before creating web-1",
    observed: world(v1, [], { revisions: [] }),
    expect: { actions: ["create web-0 with www-web-0"], waiting: "waiting for web-0 to be Running and Ready before creating web-1" },
    check: (p) => assert.deepEqual(p.revisions.write?.type, "create"),
  },
  {
    name: "OrderedReady waits for a Pending web-0 before creating web-1",
    observed: world(v1, [makePod(v1, 0, "pending")]),
    expect: { actions: [], waiting: "waiting for web-0 to be Running and Ready before creating web-1" },
  },
  {
    name: "OrderedReady waits for a running web-0 that is not Ready yet",
    observed: world(v1, [makePod(v1, 0, "running")]),
    expect: { actions: [], waiting: "waiting for web-0 to be Running and Ready before creating web-1" },
  },
  {
    name: "OrderedReady creates web-1 once web-0 is Running and Ready",
    observed: world(v1, [makePod(v1, 0, "ready")]),
    expect: { actions: ["create web-1 with www-web-1"], waiting: "waiting for web-1 to be Running and Ready before creating web-2" },
  },
  {
    name: "the last pod coming up holds nothing, so nothing is said",
    observed: world(v1, [makePod(v1, 0, "ready"), makePod(v1, 1, "ready"), makePod(v1, 2, "pending")]),
    expect: { actions: [] },
  },
  {
    name: "Parallel creates every missing pod at once",
    observed: world(makeSet({ policy: "Parallel" }), [], { revisions: [] }),
    expect: { actions: ["create web-0 with www-web-0", "create web-1 with www-web-1", "create web-2 with www-web-2"] },
  },
  {
    name: "Parallel does not wait for web-0 to be Ready",
    observed: world(makeSet({ policy: "Parallel" }), [makePod(makeSet({ policy: "Parallel" }), 0, "pending")]),
    expect: { actions: ["create web-1 with www-web-1", "create web-2 with www-web-2"] },
  },
  {
    name: "minReadySeconds holds creation until web-0 has been Ready that long, and asks to look again then",
    observed: world(makeSet({ minReadySeconds: 10 }), [makePod(makeSet({ minReadySeconds: 10 }), 0, "ready", { readySince: now - 4000 })]),
    expect: { actions: [], waiting: "waiting for web-0 to be available (Ready for minReadySeconds: 10) before creating web-1", requeueAfterMs: 6001 },
  },
  {
    name: "web-0 Ready for longer than minReadySeconds is available and web-1 is created",
    observed: world(makeSet({ minReadySeconds: 10 }), [makePod(makeSet({ minReadySeconds: 10 }), 0, "ready", { readySince: now - 11_000 })]),
    expect: { actions: ["create web-1 with www-web-1"], waiting: "waiting for web-1 to be Running and Ready before creating web-2" },
  },
  {
    name: "ordinals.start 5 makes web-5 the first pod",
    observed: world(makeSet({ start: 5 }), []),
    expect: { actions: ["create web-5 with www-web-5"], waiting: "waiting for web-5 to be Running and Ready before creating web-6" },
  },
  {
    name: "a claim that outlived its pod is reused, not created again",
    observed: world(v1, [], { claims: makeClaims(v1, [0]) }),
    expect: { actions: ["create web-0"], waiting: "waiting for web-0 to be Running and Ready before creating web-1" },
  },
  {
    name: "a claim still being deleted holds its pod's creation",
    observed: world(v1, [makePod(v1, 0, "ready")], {
      claims: new Map([...makeClaims(v1, [0]), ...[...makeClaims(v1, [1])].map(([k, c]) => [k, { ...c, metadata: { ...c.metadata, deletionTimestamp: rfc3339(t0) } }] as const)]),
    }),
    expect: { actions: [], waiting: "waiting for PersistentVolumeClaim www-web-1 to finish terminating before creating web-1" },
  },
  {
    name: "under whenScaled Delete a claim still owned by an earlier web-1 holds web-1's creation",
    observed: (() => {
      const set = makeSet({ whenScaled: "Delete" });
      const claims = makeClaims(set, [0, 1]);
      const c = claims.get("www-web-1")!;
      claims.set("www-web-1", { ...c, metadata: { ...c.metadata, ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "web-1", uid: "uid-old-web-1", controller: true }] } });
      return world(set, [makePod(set, 0, "ready")], { claims });
    })(),
    expect: { actions: [], waiting: "waiting for stale PersistentVolumeClaim www-web-1 (owned by an earlier web-1) to be deleted before creating web-1" },
  },
  // failed pods
  {
    name: "a failed pod is deleted and OrderedReady creates nothing past it",
    observed: world(v1, [makePod(v1, 0, "ready"), makePod(v1, 1, "failed")]),
    expect: { actions: ["delete web-1 (ended)"], waiting: "waiting for web-1 to be replaced before creating web-2" },
  },
  {
    name: "a succeeded pod is replaced as well",
    observed: world(v1, [makePod(v1, 0, "succeeded"), makePod(v1, 1, "ready"), makePod(v1, 2, "ready")]),
    expect: { actions: ["delete web-0 (ended)"] },
  },
  {
    name: "Parallel deletes a failed pod and goes on creating the others",
    observed: world(makeSet({ policy: "Parallel" }), [makePod(makeSet({ policy: "Parallel" }), 0, "failed")]),
    expect: { actions: ["delete web-0 (ended)", "create web-1 with www-web-1", "create web-2 with www-web-2"] },
  },
  {
    name: "a failed pod already being deleted is left to go, and is waited for as terminating",
    observed: world(v1, [{ ...makePod(v1, 0, "failed"), metadata: { ...makePod(v1, 0, "failed").metadata, deletionTimestamp: rfc3339(t0) } }]),
    expect: { actions: [], waiting: "waiting for web-0 to terminate before creating web-1" },
  },
  // scale-down
  {
    name: "scale 3→1 OrderedReady deletes web-2 first and waits",
    observed: world(makeSet({ replicas: 1 }), [0, 1, 2].map((i) => makePod(makeSet({ replicas: 1 }), i, "ready"))),
    expect: { actions: ["delete web-2 (condemned)"], waiting: "waiting for web-2 to terminate before deleting web-1" },
  },
  {
    name: "scale-down deletes web-1 only after web-2 is gone",
    observed: world(makeSet({ replicas: 1 }), [makePod(makeSet({ replicas: 1 }), 0, "ready"), makePod(makeSet({ replicas: 1 }), 1, "ready"), makePod(makeSet({ replicas: 1 }), 2, "terminating")]),
    expect: { actions: [], waiting: "waiting for web-2 to terminate before deleting web-1" },
  },
  {
    name: "OrderedReady scale-down waits for an unhealthy wanted pod",
    observed: world(makeSet({ replicas: 1 }), [makePod(makeSet({ replicas: 1 }), 0, "running"), makePod(makeSet({ replicas: 1 }), 1, "ready"), makePod(makeSet({ replicas: 1 }), 2, "ready")]),
    expect: { actions: [], waiting: "waiting for web-0 to be Running and Ready before deleting web-2" },
  },
  {
    name: "Parallel deletes every condemned pod at once",
    observed: world(makeSet({ replicas: 1, policy: "Parallel" }), [0, 1, 2].map((i) => makePod(makeSet({ replicas: 1, policy: "Parallel" }), i, "ready"))),
    expect: { actions: ["delete web-2 (condemned)", "delete web-1 (condemned)"] },
  },
  {
    name: "OrderedReady deletes an unhealthy condemned pod only when it is the lowest unhealthy one",
    observed: world(makeSet({ replicas: 1 }), [makePod(makeSet({ replicas: 1 }), 0, "ready"), makePod(makeSet({ replicas: 1 }), 1, "ready"), makePod(makeSet({ replicas: 1 }), 2, "crashing"), makePod(makeSet({ replicas: 1 }), 3, "crashing")]),
    expect: { actions: [], waiting: "waiting for web-2 to be Running and Ready before deleting web-3" },
  },
  {
    name: "whenScaled Delete gives condemned pods' claims to the pods before the first deletion",
    observed: world(makeSet({ replicas: 1, whenScaled: "Delete" }), [0, 1, 2].map((i) => makePod(makeSet({ replicas: 1, whenScaled: "Delete" }), i, "ready"))),
    expect: { actions: ["update claim www-web-2", "update claim www-web-1", "delete web-2 (condemned)"], waiting: "waiting for web-2 to terminate before deleting web-1" },
  },
  // updates
  {
    name: "a template change creates revision 2 and replaces web-2 first",
    observed: world(rolledOut(v2, v1), [old(0), old(1), old(2)], { revisions: [storedRevision(v1, 1)] }),
    expect: { actions: ["delete web-2 (update)"], status: { currentReplicas: 2, updatedReplicas: undefined, replicas: 3 } },
    check: (p) => assert.equal(p.revisions.write?.type === "create" ? p.revisions.write.revision.revision : undefined, 2),
  },
  {
    name: "the rolling update holds while the new web-2 crash-loops, and says so",
    observed: rollout(v2, [old(0), old(1), fresh(2, "crashing")]),
    expect: { actions: [], waiting: "rolling update held: web-2 is not Ready (CrashLoopBackOff)" },
  },
  {
    name: "Parallel holds the rolling update the same way",
    observed: rollout(makeSet({ policy: "Parallel", image: "nginx:1.26" }), [old(0), old(1), fresh(2, "crashing")]),
    expect: { actions: [], waiting: "rolling update held: web-2 is not Ready (CrashLoopBackOff)" },
  },
  {
    name: "the rolling update replaces web-1 once the new web-2 is Ready",
    observed: rollout(v2, [old(0), old(1), fresh(2)]),
    expect: { actions: ["delete web-1 (update)"] },
  },
  {
    name: "partition 2 updates web-2 only",
    observed: rollout(makeSet({ partition: 2, image: "nginx:1.26" }), [old(0), old(1), fresh(2)]),
    expect: { actions: [], status: { currentReplicas: 2, updatedReplicas: 1 } },
  },
  {
    name: "a pod re-created below the partition keeps the current revision",
    observed: rollout(makeSet({ partition: 2, image: "nginx:1.26" }), [old(0), fresh(2)]),
    expect: { actions: ["create web-1 with www-web-1"] },
    check: (p) => {
      const created = p.actions[0];
      assert.equal(created?.type === "createPod" ? created.pod.metadata?.labels?.["controller-revision-hash"] : "", revisionName(v1));
      assert.equal(created?.type === "createPod" ? created.pod.spec?.containers[0]?.image : "", "nginx:1.25");
    },
  },
  {
    name: "OnDelete leaves old pods alone and makes a deleted one again at the new revision",
    observed: rollout(makeSet({ onDelete: true, image: "nginx:1.26" }), [old(0), old(1)]),
    expect: { actions: ["create web-2 with www-web-2"] },
    check: (p) => {
      const created = p.actions[0];
      assert.equal(created?.type === "createPod" ? created.pod.spec?.containers[0]?.image : "", "nginx:1.26");
    },
  },
  {
    name: "maxUnavailable 2 replaces the two highest pods at once",
    observed: rollout(makeSet({ maxUnavailable: 2, image: "nginx:1.26" }), [old(0), old(1), old(2)]),
    expect: { actions: ["delete web-2 (update)", "delete web-1 (update)"], status: { currentReplicas: 1 } },
  },
  {
    name: "maxUnavailable counts pods already down",
    observed: rollout(makeSet({ maxUnavailable: 2, policy: "Parallel", image: "nginx:1.26" }), [old(0), old(1), fresh(2, "crashing")]),
    expect: { actions: ["delete web-1 (update)"] },
  },
  {
    name: "maxUnavailable as a percentage rounds down, but never below one",
    observed: rollout(makeSet({ maxUnavailable: "10%", image: "nginx:1.26" }), [old(0), old(1), old(2)]),
    expect: { actions: ["delete web-2 (update)"] },
  },
  {
    name: "maxUnavailable holds the rolling update when as many pods are down as allowed",
    observed: rollout(makeSet({ maxUnavailable: 1, policy: "Parallel", image: "nginx:1.26" }), [old(0), fresh(1, "crashing"), fresh(2)]),
    expect: { actions: [], waiting: "rolling update held: 1 pod is unavailable and maxUnavailable is 1 (web-1 is not Ready (CrashLoopBackOff))" },
  },
  {
    name: "when every pod is updated and Ready the update revision becomes current",
    observed: rollout(v2, [fresh(0), fresh(1), fresh(2)]),
    expect: { actions: [], status: { currentRevision: revisionName(v2), updateRevision: revisionName(v2), currentReplicas: 3, updatedReplicas: 3 } },
  },
  {
    name: "a rollback to an earlier template renumbers that revision as the newest",
    observed: world(rolledOut(v1, v2), [0, 1, 2].map((i) => makePod(v1, i, "ready", { from: v2 })), { revisions: [storedRevision(v1, 1), storedRevision(v2, 2)] }),
    expect: { actions: ["delete web-2 (update)"] },
    check: (p) => {
      assert.equal(p.revisions.write?.type, "renumber");
      assert.equal(p.revisions.write?.type === "renumber" ? `${p.revisions.write.revision.metadata?.name} → ${p.revisions.write.to}` : "", `${revisionName(v1)} → 3`);
      assert.equal(p.status.updateRevision, revisionName(v1));
    },
  },
  {
    name: "revisions beyond revisionHistoryLimit go, oldest first, never a live one",
    observed: (() => {
      const v3 = withImage(v1, "nginx:1.27");
      const set = { ...rolledOut(v3, v3), spec: { ...v3.spec!, revisionHistoryLimit: 1 } };
      return world(set, [0, 1, 2].map((i) => makePod(set, i, "ready")), { revisions: [storedRevision(v1, 1), storedRevision(v2, 2), storedRevision(v3, 3)] });
    })(),
    expect: { actions: [] },
    check: (p) => assert.deepEqual(p.truncate.map((r) => r.metadata.name), [revisionName(v1)]),
  },
  // identity, deletion, status
  {
    name: "a pod that lost its pod-name label gets it back",
    observed: (() => {
      const pod = makePod(v1, 0, "ready");
      const labels = { ...pod.metadata.labels };
      delete labels["statefulset.kubernetes.io/pod-name"];
      return world(v1, [{ ...pod, metadata: { ...pod.metadata, labels } }, makePod(v1, 1, "ready"), makePod(v1, 2, "ready")]);
    })(),
    expect: { actions: ["update web-0"] },
  },
  {
    name: "a set being deleted only reports its status",
    observed: world({ ...v1, metadata: { ...v1.metadata, deletionTimestamp: rfc3339(t0) } }, [makePod(v1, 0, "ready")]),
    expect: { actions: [], status: { replicas: 1, readyReplicas: 1 } },
  },
  {
    name: "the status counts replicas, Ready ones and those Ready for minReadySeconds",
    observed: world(makeSet({ minReadySeconds: 10, policy: "Parallel" }), [
      makePod(makeSet({ minReadySeconds: 10 }), 0, "ready", { readySince: t0 }),
      makePod(makeSet({ minReadySeconds: 10 }), 1, "ready", { readySince: now - 5000 }),
      makePod(makeSet({ minReadySeconds: 10 }), 2, "pending"),
    ]),
    expect: { actions: [], status: { replicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1, collisionCount: 0 }, requeueAfterMs: 5001 },
  },
];

for (const c of cases) {
  test(c.name, () => {
    const p = plan(c.observed, c.at ?? now);
    assert.deepEqual(summary(p), c.expect.actions);
    assert.equal(p.waiting?.message, c.expect.waiting);
    for (const [k, v] of Object.entries(c.expect.status ?? {})) assert.deepEqual(p.status[k as keyof StatefulSetStatus], v, `status.${k}`);
    assert.equal(p.requeueAfterMs, c.expect.requeueAfterMs);
    c.check?.(p);
  });
}

test("the Waiting condition turns False once nothing is held, keeping when it last changed apart", () => {
  const held = { type: "Waiting", status: "True", lastTransitionTime: rfc3339(t0), reason: "CreationHeld", message: "waiting for web-0 to be Running and Ready before creating web-1" };
  const set = { ...v1, status: { replicas: 3, conditions: [held] } };
  const settled = plan(world(set, [0, 1, 2].map((i) => makePod(v1, i, "ready"))), now);
  assert.deepEqual(settled.status.conditions, [{ type: "Waiting", status: "False", lastTransitionTime: rfc3339(now), reason: "NotWaiting", message: "" }]);
  const still = plan(world(set, [makePod(v1, 0, "pending")]), now);
  assert.deepEqual(still.status.conditions, [held]);
});

test("whenDeleted Delete creates claims owned by the set; Retain creates them with no owner", () => {
  const owned = plan(world(makeSet({ whenDeleted: "Delete" }), []), now).actions[0];
  assert.deepEqual(owned?.type === "createPod" ? owned.claims[0]?.metadata?.ownerReferences : "", [
    { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "uid-web", controller: true, blockOwnerDeletion: true },
  ]);
  const kept = plan(world(v1, []), now).actions[0];
  assert.equal(kept?.type === "createPod" ? kept.claims[0]?.metadata?.ownerReferences : "", undefined);
});

test("a new pod carries the set's identity: name, labels, hostname, subdomain, owner and its claim as a volume", () => {
  const created = plan(world(v1, []), now).actions[0];
  assert.equal(created?.type, "createPod");
  const pod = created.type === "createPod" ? created.pod : undefined;
  assert.deepEqual(pod?.metadata, {
    name: "web-0",
    generateName: "web-",
    namespace: "default",
    labels: { app: "web", "statefulset.kubernetes.io/pod-name": "web-0", "apps.kubernetes.io/pod-index": "0", "controller-revision-hash": revisionName(v1) },
    ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "uid-web", controller: true, blockOwnerDeletion: true }],
  });
  assert.equal(pod?.spec?.hostname, "web-0");
  assert.equal(pod?.spec?.subdomain, "web");
  assert.deepEqual(pod?.spec?.volumes, [{ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } }]);
});
