// /work/shared/seed/WALKTHROUGH.md's 17 steps with the real kubectl and the seed's three manifests,
// unchanged, as a user types them. Steps 1-13 and 17 run on `tinykube up` (process runtime, real
// clock); the CronJob minutes of steps 14-16 on `tinykube up --runtime simulated --clock virtual`,
// moved by `tinykube clock`, where a minute shows the same as a real one without the wait.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { tableRows } from "./harness/output.js";
import { runProcess } from "./harness/run-process.js";
import { startTinykube, type Tinykube, tinykubeBin, writeManifest } from "./harness/tinykube.js";

const seed = "/work/shared/seed";
const sts = `${seed}/sample-statefulset.yaml`;
const job = `${seed}/sample-job.yaml`;
const cron = `${seed}/sample-cronjob.yaml`;
const set = "sample-statefulset";
const mount = "/usr/share/nginx/html";
const deprecation = "Warning: batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob\n";

let real: Tinykube;
let virtual: Tinykube;
before(async () => {
  [real, virtual] = await Promise.all([startTinykube(), startTinykube({ args: ["--runtime", "simulated", "--clock", "virtual"] })]);
});
after(() => Promise.all([real.dispose(), virtual.dispose()]));

const k = (args: readonly string[]) => real.kubectlOk(args, { timeoutMs: 200_000 });

/** Polls fn every 200 ms until it returns something defined. */
async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function podNames(t: Tinykube, selector: string): Promise<string[]> {
  return (await t.kubectlOk(["get", "pods", "-l", selector, "-o", "jsonpath={.items[*].metadata.name}"])).split(" ").filter(Boolean).sort();
}

const rollout = () => k(["rollout", "status", `statefulset/${set}`, "--timeout=180s"]);

/** The seed's StatefulSet with lines added under spec (steps 8-10 change its policies). */
function stsWith(specLines: string, change: (s: string) => string = (s) => s): string {
  return change(readFileSync(sts, "utf8").replace("spec:\n  serviceName:", `spec:\n${specLines}  serviceName:`));
}

test("1. apply: sample-statefulset-0, -1, -2 come up one after another, each with a Bound 1Gi ReadWriteMany claim", async () => {
  assert.equal(await k(["apply", "-f", sts]), "statefulset.apps/sample-statefulset created\n");
  await rollout();
  const pods = tableRows(await k(["get", "pods"]));
  assert.deepEqual(pods, ["NAME | READY | STATUS | RESTARTS | AGE", ...[0, 1, 2].map((i) => `${set}-${i} | 1/1 | Running | 0 | <age>`)]);
  const claims = tableRows(await k(["get", "pvc"])).slice(1).map((r) => r.split(" | "));
  assert.deepEqual(claims.map((c) => [c[0], c[1], c[3], c[4], c[5]]), [0, 1, 2].map((i) => [`www-${set}-${i}`, "Bound", "1Gi", "RWX", "managed-nfs-storage"]));
});

test("2. exec -it sample-statefulset-0 -- df -h: the volume is mounted at /usr/share/nginx/html", async () => {
  assert.match(await k(["exec", "-it", `${set}-0`, "--", "df", "-h"]), new RegExp(`${mount}\\r?$`, "m"));
});

test("3. exec -it sample-statefulset-0 touch …: kubectl 1.32 wants the -- the 2019 post left out", async () => {
  const old = await real.kubectl(["exec", "-it", `${set}-0`, "touch", `${mount}/sample.html`]);
  assert.equal(old.code, 1);
  assert.match(old.stderr, /^error: exec \[POD\] \[COMMAND\] is not supported anymore\. Use exec \[POD\] -- \[COMMAND\] instead\n/);
  await k(["exec", "-it", `${set}-0`, "--", "touch", `${mount}/sample.html`]);
});

test("4. delete pod sample-statefulset-0: it comes back under the same name, and the file is still there", async () => {
  const uid = await k(["get", "pod", `${set}-0`, "-o", "jsonpath={.metadata.uid}"]);
  assert.equal(await k(["delete", "pod", `${set}-0`]), `pod "${set}-0" deleted\n`);
  await until("a new sample-statefulset-0", async () => {
    const r = await real.kubectl(["get", "pod", `${set}-0`, "-o", "jsonpath={.metadata.uid} {.status.containerStatuses[0].ready}"]);
    return r.code === 0 && !r.stdout.startsWith(uid) && r.stdout.endsWith("true") ? true : undefined;
  });
  assert.match(await k(["exec", "-it", `${set}-0`, "--", "ls", `${mount}/sample.html`]), /sample\.html/);
});

test("5. delete -f, apply -f: the claims outlive the StatefulSet, so the file is still there", async () => {
  assert.equal(await k(["delete", "-f", sts]), `statefulset.apps "${set}" deleted\n`);
  await until("the pods gone", async () => ((await podNames(real, "app=sample-app")).length === 0 ? true : undefined));
  assert.equal((await k(["get", "pvc", "-o", "name"])).split("\n").filter(Boolean).length, 3);
  await k(["apply", "-f", sts]);
  await rollout();
  assert.match(await k(["exec", `${set}-0`, "--", "ls", `${mount}/sample.html`]), /sample\.html/);
});

test("6-7. replicas 3 → 4 adds sample-statefulset-3; 4 → 2 removes -3 first, then -2", async () => {
  await k(["scale", "statefulset", set, "--replicas=4"]);
  await rollout();
  assert.deepEqual(await podNames(real, "app=sample-app"), [0, 1, 2, 3].map((i) => `${set}-${i}`));
  const watch = real.kubectlStream(["get", "pods", "-w", "--output-watch-events"]);
  try {
    await watch.until((l) => l.some((x) => x.includes(`${set}-3 `)));
    await k(["scale", "statefulset", set, "--replicas=2"]);
    const lines = await watch.until((l) => l.some((x) => x.startsWith("DELETED") && x.includes(`${set}-2 `)), 120_000);
    const gone3 = lines.findIndex((l) => l.startsWith("DELETED") && l.includes(`${set}-3 `));
    const going2 = lines.findIndex((l) => l.includes(`${set}-2 `) && l.includes("Terminating"));
    assert.ok(gone3 >= 0 && going2 > gone3, "-2 goes only once -3 is gone");
  } finally {
    await watch.stop();
  }
});

test("8. podManagementPolicy: Parallel creates them all at once", async () => {
  await k(["delete", "-f", sts]);
  await until("the pods gone", async () => ((await podNames(real, "app=sample-app")).length === 0 ? true : undefined));
  await k(["apply", "-f", writeManifest(real, "parallel.yaml", stsWith("  podManagementPolicy: Parallel\n"))]);
  const created = await until("three pods", async () => {
    const out = await k(["get", "pods", "-l", "app=sample-app", "-o", "jsonpath={.items[*].metadata.creationTimestamp}"]);
    const ts = out.split(" ").filter(Boolean);
    return ts.length === 3 ? ts : undefined;
  });
  assert.ok(Date.parse(created.sort().at(-1)!) - Date.parse(created[0]!) <= 1000, "created within a second of each other");
  await rollout();
  await k(["delete", "-f", sts]);
  await until("the pods gone", async () => ((await podNames(real, "app=sample-app")).length === 0 ? true : undefined));
});

test("9. OnDelete: the image changes to nginx:1.13 only in a pod that is deleted", async () => {
  const file = writeManifest(real, "ondelete.yaml", stsWith("  updateStrategy:\n    type: OnDelete\n"));
  await k(["apply", "-f", file]);
  // rollout status knows only RollingUpdate.
  await k(["wait", "--for=jsonpath={.status.readyReplicas}=3", `statefulset/${set}`, "--timeout=180s"]);
  writeManifest(real, "ondelete.yaml", stsWith("  updateStrategy:\n    type: OnDelete\n", (s) => s.replace("nginx:1.12", "nginx:1.13")));
  await k(["apply", "-f", file]);
  const image = async (): Promise<string> => (await k(["describe", "pod", `${set}-0`])).split("\n").filter((l) => l.includes("Image:")).map((l) => l.trim().replace(/\s+/g, " ")).join();
  assert.equal(await image(), "Image: nginx:1.12");
  await k(["delete", "pod", `${set}-0`]);
  await until("the new pod", async () => ((await real.kubectl(["get", "pod", `${set}-0`])).code === 0 ? true : undefined));
  assert.equal(await image(), "Image: nginx:1.13");
});

test("10. RollingUpdate with partition 1 updates the ordinals from 1 up, and leaves -0", async () => {
  await k(["delete", "-f", sts]);
  await until("the pods gone", async () => ((await podNames(real, "app=sample-app")).length === 0 ? true : undefined));
  await k(["apply", "-f", writeManifest(real, "rolling.yaml", stsWith("  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 1\n"))]);
  await rollout();
  await k(["set", "image", `statefulset/${set}`, "nginx-container=nginx:1.13"]);
  assert.match(await rollout(), /partitioned roll out complete: 2 new pods have been updated\.\.\.\n$/);
  const images = await k(["get", "pods", "-l", "app=sample-app", "-o", 'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image}{"\\n"}{end}']);
  assert.deepEqual(images.split("\n").filter(Boolean).sort(), [`${set}-0=nginx:1.12`, `${set}-1=nginx:1.13`, `${set}-2=nginx:1.13`]);
});

test("11. the Job runs sleep 10: its pod ends Completed, get job shows 1/1 and a duration", async () => {
  assert.equal(await k(["apply", "-f", job]), "job.batch/sample-job created\n");
  await k(["wait", "--for=condition=complete", "job/sample-job", "--timeout=60s"]);
  const pod = tableRows(await k(["get", "pod", "-l", "job-name=sample-job"]));
  assert.match(pod[1]!, /^sample-job-[a-z0-9]{5} \| 0\/1 \| Completed \| 0 \| <age>$/);
  const table = await k(["get", "job", "sample-job"]);
  assert.equal(tableRows(table)[0], "NAME | STATUS | COMPLETIONS | DURATION | AGE");
  assert.match(table.split("\n")[1]!, /^sample-job\s+Complete\s+1\/1\s+1\ds\s+\d+s$/, "about ten seconds of sleep");
});

test("12. restartPolicy Never replaces a failed pod; OnFailure restarts the container in the same pod; backoffLimit caps failures", async () => {
  const failing = (policy: string) =>
    readFileSync(job, "utf8").replace("name: sample-job", `name: fail-${policy.toLowerCase()}`).replace("backoffLimit: 10", "backoffLimit: 2").replace('command: ["sleep"]', 'command: ["false"]').replace('args: ["10"]', "args: []").replace("restartPolicy: Never", `restartPolicy: ${policy}`);
  await k(["apply", "-f", writeManifest(real, "never.yaml", failing("Never")), "-f", writeManifest(real, "onfailure.yaml", failing("OnFailure"))]);
  await k(["wait", "--for=condition=failed", "job/fail-never", "job/fail-onfailure", "--timeout=180s"]);
  assert.equal((await podNames(real, "job-name=fail-never")).length, 3, "a new pod per failure: 1 + backoffLimit");
  const restarts = await k(["get", "pods", "-l", "job-name=fail-onfailure", "-o", "jsonpath={.items[*].status.containerStatuses[0].restartCount}"]);
  assert.ok(restarts.split(" ").length <= 1, "one pod, restarted in place");
  const reason = await k(["get", "job", "fail-never", "-o", 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}']);
  assert.equal(reason, "BackoffLimitExceeded");
});

test("13. apply the CronJob (batch/v1beta1, warned about): get all shows it, nothing runs before the next minute", async () => {
  for (const t of [real, virtual]) {
    const r = await t.kubectl(["apply", "-f", cron]);
    assert.equal(r.stdout, "cronjob.batch/sample-cronjob created\n");
    assert.equal(r.stderr, deprecation);
  }
  const all = tableRows(await virtual.kubectlOk(["get", "all"]));
  assert.deepEqual(all, ["NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE", "cronjob.batch/sample-cronjob | */1 * * * * | <none> | False | 0 | <none> | <age>"]);
});

function clock(args: readonly string[]): Promise<string> {
  return runProcess(process.execPath, [tinykubeBin, "clock", ...args, "--kubeconfig", virtual.kubeconfig], { timeoutMs: 300_000 }).then((r) => {
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  });
}

interface JobRow {
  name: string;
  state: string;
}

async function cronJobs(): Promise<JobRow[]> {
  const out = await virtual.kubectlOk(["get", "jobs", "-o", 'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.status=="True")].type}{"\\n"}{end}']);
  return out.split("\n").filter(Boolean).map((l) => {
    const [name = "", ...conditions] = l.split(" ");
    return { name, state: conditions.includes("Complete") ? "Complete" : conditions.includes("Failed") ? "Failed" : "Running" };
  });
}

/** Moves the virtual clock a minute at a time until done says so, or fails after limit minutes. */
async function advanceUntil(what: string, limitMinutes: number, done: (rows: JobRow[]) => boolean): Promise<JobRow[]> {
  for (let minutes = 1; ; minutes++) {
    await clock(["advance", "1m"]);
    const rows = await cronJobs();
    if (done(rows)) return rows;
    if (minutes >= limitMinutes) assert.fail(`${what}: not after ${limitMinutes} minutes: ${JSON.stringify(rows)}`);
  }
}

// A pod of the seed's job succeeds when a nanosecond digit is odd, so with backoffLimit 1 a job
// fails (two failed pods) a quarter of the time. The simulated digits hash the clock's
// milliseconds, which start from the wall clock, so which jobs fail differs from run to run:
// steps 14 and 15 move the clock until they have seen what they check, within bounds the
// odds make safe (no failure in 40 jobs: 0.75^40 = 1e-5).
test("14. each minute a job sample-cronjob-<minute> and its pod appear; ACTIVE counts them, LAST SCHEDULE follows; pods end Completed or Error", async () => {
  const now = Date.parse((await clock([])).split(" ")[0]!);
  const minute = Math.floor(now / 60_000) + 1;
  await clock(["--to", new Date(minute * 60_000 + 1000).toISOString()]);
  assert.deepEqual(await cronJobs(), [{ name: `sample-cronjob-${minute}`, state: "Running" }]);
  assert.deepEqual(tableRows(await virtual.kubectlOk(["get", "cronjob"]))[1], "sample-cronjob | */1 * * * * | <none> | False | 1 | <age> | <age>");
  await clock(["advance", "1m"]);
  const second = await cronJobs();
  assert.ok(second.some((r) => r.name === `sample-cronjob-${minute + 1}`), JSON.stringify(second));
  await advanceUntil("a job complete and one failed", 40, (rows) => rows.some((r) => r.state === "Complete") && rows.some((r) => r.state === "Failed"));
  const statuses = tableRows(await virtual.kubectlOk(["get", "pods"])).slice(1).map((r) => r.split(" | ")[2]);
  assert.ok(statuses.includes("Completed") && statuses.includes("Error"), JSON.stringify(statuses));
});

test("15. at most 5 succeeded and 3 failed jobs are kept", async () => {
  const within = (rows: JobRow[]) => {
    const complete = rows.filter((r) => r.state === "Complete").length;
    const failed = rows.filter((r) => r.state === "Failed").length;
    assert.ok(complete <= 5 && failed <= 3, JSON.stringify(rows));
    return complete === 5 && failed === 3;
  };
  await advanceUntil("5 complete and 3 failed jobs kept", 80, within);
  await clock(["advance", "10m"]);
  within(await cronJobs());
});

test("16. suspend: true stops new runs", async () => {
  await virtual.kubectlOk(["patch", "cronjob", "sample-cronjob", "-p", '{"spec":{"suspend":true}}']);
  await clock(["advance", "3m"]);
  assert.deepEqual((await cronJobs()).filter((r) => r.state === "Running"), []);
  assert.equal(tableRows(await virtual.kubectlOk(["get", "cronjob"]))[1]?.split(" | ")[3], "True");
});

test("17. delete -f of the three manifests, then the claims", async () => {
  const r = await real.kubectl(["delete", "-f", sts, "-f", job, "-f", cron], { timeoutMs: 200_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `statefulset.apps "${set}" deleted\njob.batch "sample-job" deleted\ncronjob.batch "sample-cronjob" deleted\n`);
  // -3's claim was kept when step 7 scaled in (claims are retained by default).
  const claims = await real.kubectl(["delete", "pvc", ...[0, 1, 2, 3].map((i) => `www-${set}-${i}`)], { timeoutMs: 200_000 });
  assert.equal(claims.code, 0, claims.stderr);
  assert.equal(claims.stdout, [0, 1, 2, 3].map((i) => `persistentvolumeclaim "www-${set}-${i}" deleted\n`).join(""));
});
