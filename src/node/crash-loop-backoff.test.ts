import assert from "node:assert/strict";
import { test } from "node:test";
import { CrashLoopBackoff } from "./crash-loop-backoff.js";

/** Plays a container that crashes runMs after each start; returns the delays between exit and restart. */
function delays(runMs: number, crashes: number): number[] {
  const b = new CrashLoopBackoff();
  const out: number[] = [];
  let now = 0;
  for (let i = 0; i < crashes; i++) {
    now += runMs;
    const exitedAt = now;
    const until = b.heldUntil("pod/app", exitedAt, now);
    if (until !== undefined) now = until;
    b.next("pod/app", exitedAt, now);
    out.push(now - exitedAt);
  }
  return out;
}

const cases = [
  { name: "a container that crashes at once is restarted at once, then after 10s, 20s, 40s… up to 5m", runMs: 0, crashes: 9, expect: [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000] },
  { name: "a container that runs 5 minutes between crashes keeps doubling its back-off", runMs: 300_000, crashes: 4, expect: [0, 10_000, 20_000, 40_000] },
  { name: "a container that runs more than 10 minutes between crashes starts over each time", runMs: 600_001, crashes: 4, expect: [0, 0, 0, 0] },
];

for (const c of cases) {
  test(c.name, () => assert.deepEqual(delays(c.runMs, c.crashes), c.expect));
}

test("current names the back-off in force, and forget drops a pod's entries", () => {
  const b = new CrashLoopBackoff();
  b.next("uid1/app", 0, 0);
  b.next("uid1/app", 1000, 11_000);
  assert.equal(b.current("uid1/app"), 20_000);
  b.forget("uid1/");
  assert.equal(b.heldUntil("uid1/app", 12_000, 12_000), undefined);
});
