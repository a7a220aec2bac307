import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import type { Lease } from "kubernetes-types/coordination/v1.js";
import { apiErrors } from "../api/status.js";
import type { Client } from "./client.js";
import { LeaderElector } from "./leader-election.js";
import { openTestCluster } from "./testing/test-cluster.js";
import type { TestCluster } from "./testing/test-cluster.js";

const leases = { group: "coordination.k8s.io", version: "v1", resource: "leases" };
const start = Date.parse("2026-01-01T00:00:00Z");

/** A candidate, what it went through, and a switch that cuts it off from the API. */
interface Candidate {
  readonly name: string;
  readonly elector: LeaderElector;
  /** [event, clock ms] for started/stopped leading. */
  readonly log: Array<[string, number]>;
  /** "reject": calls fail at once (connection refused); "hang": calls never answer. */
  cut(how: "reject" | "hang" | "none"): void;
}

let cluster: TestCluster;
let candidates: Candidate[];

beforeEach(async () => {
  cluster = await openTestCluster(start);
  candidates = [];
});
afterEach(async () => {
  for (const c of candidates) c.cut("none");
  await Promise.all(candidates.map((c) => c.elector.stop()));
  await cluster.close();
});

function candidate(name: string, random = () => 0.5): Candidate {
  let mode: "reject" | "hang" | "none" = "none";
  const severable = new Proxy(cluster.client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (mode === "reject") return Promise.reject(apiErrors.serviceUnavailable("connection refused"));
        if (mode === "hang") return new Promise(() => undefined);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Client;
  const log: Array<[string, number]> = [];
  const elector = new LeaderElector({
    client: severable,
    clock: cluster.clock,
    namespace: "kube-system",
    name: "kube-controller-manager",
    identity: name,
    random,
    callbacks: {
      onStartedLeading: () => void log.push(["started", cluster.clock.now()]),
      onStoppedLeading: () => void log.push(["stopped", cluster.clock.now()]),
    },
  });
  const c: Candidate = { name, elector, log, cut: (how) => void (mode = how) };
  candidates.push(c);
  elector.start();
  return c;
}

async function lease(): Promise<Lease> {
  return cluster.client.get<Lease>(leases, "kube-system", "kube-controller-manager");
}

/** Advances the clock a second at a time, checking that no two candidates lead at once. */
async function run(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    await cluster.clock.advance(1000);
    const leading = candidates.filter((c) => c.elector.isLeading).map((c) => c.name);
    assert.ok(leading.length <= 1, `two leaders at ${i} s: ${leading.join(", ")}`);
  }
}

describe("LeaderElector", () => {
  test("the first candidate creates the Lease as client-go writes it and starts leading", async () => {
    const a = candidate("a");
    await run(1);
    const spec = (await lease()).spec;
    assert.deepEqual(spec, {
      holderIdentity: "a",
      leaseDurationSeconds: 15,
      acquireTime: "2026-01-01T00:00:00.000000Z",
      renewTime: "2026-01-01T00:00:00.000000Z",
      leaseTransitions: 0,
    });
    assert.deepEqual(a.log, [["started", start]]);
  });

  test("the holder renews every retry period, keeping its acquire time; the other candidate waits and knows who leads", async () => {
    const a = candidate("a");
    await run(1);
    const b = candidate("b");
    await run(60);
    const spec = (await lease()).spec;
    assert.equal(spec?.holderIdentity, "a");
    assert.equal(spec?.acquireTime, "2026-01-01T00:00:00.000000Z");
    assert.ok(Date.parse(spec?.renewTime ?? "") >= cluster.clock.now() - 2000, `renewTime ${spec?.renewTime} is stale`);
    assert.equal(spec?.leaseTransitions, 0);
    assert.deepEqual([a.log.length, b.log.length], [1, 0]);
    assert.equal(b.elector.leader, "a");
  });

  test("two candidates starting together: exactly one leads", async () => {
    const [a, b] = [candidate("a"), candidate("b")];
    await run(30);
    assert.equal(a.log.length + b.log.length, 1);
  });

  const deaths = [
    { name: "a holder whose calls fail", how: "reject" as const },
    { name: "a holder whose calls never answer", how: "hang" as const },
  ];
  for (const death of deaths) {
    test(`${death.name} stops leading within the renew deadline, and the other takes over 15 s after the last renewal it saw`, async () => {
      const a = candidate("a");
      await run(1);
      const b = candidate("b");
      await run(10);
      const lastRenew = Date.parse((await lease()).spec?.renewTime ?? "");
      a.cut(death.how);
      await run(30);
      const stopped = a.log.find(([e]) => e === "stopped")?.[1];
      const took = b.log.find(([e]) => e === "started")?.[1];
      assert.ok(stopped !== undefined && stopped <= lastRenew + 2000 + 10_000 + 1000, `a stopped at ${stopped}`);
      assert.ok(took !== undefined, "b never led");
      assert.ok(took >= lastRenew + 15_000 && took <= lastRenew + 15_000 + 2000, `b took over ${took - lastRenew} ms after the last renewal`);
      const spec = (await lease()).spec;
      assert.deepEqual([spec?.holderIdentity, spec?.leaseTransitions], ["b", 1]);
    });
  }

  test("a leader that stops releases the lease (no holder, one second) and the other takes over at once", async () => {
    const a = candidate("a");
    await run(1);
    const b = candidate("b");
    await run(5);
    const stoppedAt = cluster.clock.now();
    await a.elector.stop();
    await run(3);
    assert.deepEqual(a.log.map(([e]) => e), ["started", "stopped"]);
    const took = b.log.find(([e]) => e === "started")?.[1];
    assert.ok(took !== undefined && took - stoppedAt <= 2000, `b took over ${took === undefined ? "never" : `${took - stoppedAt} ms`} after the release`);
  });

  test("three candidates cut off and back at random for ten minutes: never two leaders, leadership changes hands, and a reachable one leads at the end", async () => {
    const all = ["a", "b", "c"].map((n, i) => candidate(n, () => (i + 1) / 4));
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 30; round++) {
      for (const c of all) c.cut(random() < 0.4 ? (random() < 0.5 ? "reject" : "hang") : "none");
      await run(20);
    }
    for (const c of all) c.cut("none");
    await run(60);
    assert.equal(all.filter((c) => c.elector.isLeading).length, 1);
    assert.ok(((await lease()).spec?.leaseTransitions ?? 0) >= 5, "leadership hardly moved: the run tested little");
  });
});
