// Step simulations: plan → apply to an in-memory world (writes failing now and then) → a toy
// kubelet moves pods along, asserting the StatefulSet guarantees after every step, under both pod
// management policies and every PVC retention policy, through scale-up, scale-down and updates.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import { ordinalOf } from "./ordinals.js";
import type { Observed, StatefulSetPlan } from "./plan-types.js";
import { plan } from "./plan.js";
import { isRunningAndReady, isTerminating, podRevision } from "./pod-state.js";
import { makeSet, t0 } from "./testing/fixtures.js";
import { random, SimWorld } from "./testing/sim-world.js";

type Policy = "OrderedReady" | "Parallel";
type Retention = "Retain" | "Delete";

const wanted = (set: StatefulSet, ordinal: number): boolean => ordinal >= 0 && ordinal < (set.spec?.replicas ?? 0);

/** The guarantees checked after every step; each failure names the step and what broke. */
function checkStep(w: SimWorld, step: { p: StatefulSetPlan; seen: Observed }): void {
  const { p, seen } = step;
  const at = `step ${w.step}`;
  const monotonic = seen.set.spec?.podManagementPolicy !== "Parallel";
  const seenPods = new Map(seen.pods.map((pod) => [pod.metadata.name, pod]));
  for (const a of p.actions) {
    if (a.type === "createPod") assert.ok(!seenPods.has(a.pod.metadata?.name ?? ""), `${at}: at most one pod per identity, ${a.pod.metadata?.name} exists`);
  }
  for (const pod of w.pods.values()) {
    const name = pod.metadata.name;
    assert.equal(pod.metadata.labels?.["statefulset.kubernetes.io/pod-name"], name, `${at}: ${name} keeps its identity label`);
    assert.equal(pod.spec?.hostname, name, `${at}: ${name} keeps its hostname`);
    for (const v of pod.spec?.volumes ?? []) {
      assert.equal(v.persistentVolumeClaim?.claimName, `www-${name}`, `${at}: ${name} mounts its own claim`);
      assert.ok(w.claims.has(`www-${name}`), `${at}: the claim of ${name} exists while it does`);
    }
  }
  for (const change of w.changes.filter((c) => c.step === w.step)) {
    const ordinal = ordinalOf(change.pod);
    if (monotonic && change.kind === "create") {
      for (let lower = 0; lower < ordinal; lower++) {
        const pred = seenPods.get(`web-${lower}`);
        assert.ok(pred && isRunningAndReady(pred) && !isTerminating(pred), `${at}: web-${lower} was Running and Ready before web-${ordinal} was created`);
      }
    }
    if (monotonic && change.kind === "delete" && !wanted(seen.set, ordinal)) {
      const higher = seen.pods.filter((x) => ordinalOf(x.metadata.name) > ordinal);
      assert.deepEqual(higher.map((x) => x.metadata.name), [], `${at}: ${change.pod} is deleted only once every higher pod is gone`);
    }
  }
  const updates = p.actions.filter((a) => a.type === "deletePod" && a.why === "update");
  if (seen.set.spec?.updateStrategy?.rollingUpdate?.maxUnavailable === undefined) assert.ok(updates.length <= 1, `${at}: one pod updated at a time`);
  const s = p.status;
  assert.ok((s.readyReplicas ?? 0) <= s.replicas && (s.availableReplicas ?? 0) <= (s.readyReplicas ?? 0), `${at}: status counts are consistent`);
}

/** Every wanted pod Running, Ready and at the update revision; nothing else; status says so. */
function converged(w: SimWorld): boolean {
  const set = w.set;
  const replicas = set.spec?.replicas ?? 0;
  const update = set.status?.updateRevision;
  const pods: Pod[] = [...w.pods.values()];
  if (pods.length !== replicas) return false;
  const rolling = set.spec?.updateStrategy?.type === "RollingUpdate";
  return (
    pods.every((p) => wanted(set, ordinalOf(p.metadata?.name ?? "")) && isRunningAndReady(p) && !isTerminating(p) && (!rolling || podRevision(p) === update)) &&
    set.status?.readyReplicas === (replicas || undefined) &&
    set.status?.observedGeneration === set.metadata.generation &&
    (!rolling || set.status?.currentRevision === update)
  );
}

/** Steps the world until it converges: failures for a while, then calm. */
function runUntilConverged(w: SimWorld, what: string): void {
  const failPods = w.o.failPods;
  const failWrites = w.o.failWrites;
  for (let i = 0; i < 400; i++) {
    if (i === 150) Object.assign(w.o, { failPods: 0, failWrites: 0 });
    w.step++;
    const seen = w.observe();
    const p = plan(seen, w.now);
    w.apply(p, seen);
    checkStep(w, { p, seen });
    if (converged(w)) {
      Object.assign(w.o, { failPods, failWrites });
      return;
    }
    w.advancePods();
  }
  assert.fail(`${what}: no convergence after 400 steps (pods: ${[...w.pods.keys()].join(",")}, status: ${JSON.stringify(w.set.status)})`);
}

function claimOrdinals(w: SimWorld): number[] {
  return [...w.claims.keys()].map(ordinalOf).sort((a, b) => a - b);
}

const policies: Policy[] = ["OrderedReady", "Parallel"];
const retentions: Array<{ whenDeleted: Retention; whenScaled: Retention }> = [
  { whenDeleted: "Retain", whenScaled: "Retain" },
  { whenDeleted: "Delete", whenScaled: "Retain" },
  { whenDeleted: "Retain", whenScaled: "Delete" },
  { whenDeleted: "Delete", whenScaled: "Delete" },
];

for (const policy of policies) {
  for (const r of retentions) {
    test(`${policy}, whenDeleted ${r.whenDeleted}, whenScaled ${r.whenScaled}: scale 0→5→2, roll out, scale to 4 with a partition, keep the guarantees`, () => {
      for (const seed of [1, 2, 3]) {
        const w = new SimWorld(makeSet({ replicas: 0, policy, ...r }), random(seed), { failWrites: 0.1, failPods: 0.03, start: t0 });
        w.edit((spec) => (spec.replicas = 5));
        runUntilConverged(w, `seed ${seed}: scale to 5`);
        assert.deepEqual(claimOrdinals(w), [0, 1, 2, 3, 4]);
        w.edit((spec) => (spec.replicas = 2));
        runUntilConverged(w, `seed ${seed}: scale to 2`);
        assert.deepEqual(claimOrdinals(w), r.whenScaled === "Delete" ? [0, 1] : [0, 1, 2, 3, 4], "claims of removed pods follow whenScaled");
        const setOwned = [...w.claims.values()].filter((c) => c.metadata.ownerReferences?.some((o) => o.kind === "StatefulSet"));
        assert.equal(setOwned.length, r.whenDeleted === "Delete" ? w.claims.size : 0, "claims left are owned by the set exactly under whenDeleted Delete");
        w.edit((spec) => (spec.template.spec!.containers[0]!.image = "nginx:1.26"));
        runUntilConverged(w, `seed ${seed}: roll out nginx:1.26`);
        assert.ok([...w.pods.values()].every((p) => p.spec?.containers[0]?.image === "nginx:1.26"));
        w.edit((spec) => {
          spec.replicas = 4;
          spec.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 2 } };
        });
        runUntilConverged(w, `seed ${seed}: scale to 4 with partition 2`);
        assert.equal(w.revisions.size, 2);
      }
    });
  }
}

test("maxUnavailable 2 under Parallel rolls out with never more than two pods down at once", () => {
  for (const seed of [1, 2, 3]) {
    const w = new SimWorld(makeSet({ replicas: 6, policy: "Parallel", maxUnavailable: 2 }), random(seed), { failWrites: 0.1, failPods: 0, start: t0 });
    runUntilConverged(w, `seed ${seed}: create`);
    w.edit((spec) => (spec.template.spec!.containers[0]!.image = "nginx:1.26"));
    const original = w.advancePods.bind(w);
    let worst = 0;
    w.advancePods = () => {
      const down = [...w.pods.values()].filter((p) => !isRunningAndReady(p) || isTerminating(p)).length + (6 - w.pods.size);
      worst = Math.max(worst, down);
      original();
    };
    runUntilConverged(w, `seed ${seed}: roll out`);
    assert.ok(worst <= 2, `at most 2 pods down, saw ${worst}`);
  }
});
