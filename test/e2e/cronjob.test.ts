// The seed's CronJob (batch/v1beta1, unchanged) with the real kubectl on `tinykube up --runtime
// simulated --clock virtual`, the clock moved by `tinykube clock`: walkthrough steps 13-16, a whole
// virtual day, the concurrency policies, kubectl create job --from; then kill -9 around a schedule
// tick with the real clock. Needs the Job controller, scheduler and node agent.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { tableRows } from "./harness/output.js";
import { type ProcessResult, runProcess } from "./harness/run-process.js";
import { startTinykube, type Tinykube, tinykubeBin, writeManifest } from "./harness/tinykube.js";

const seedFile = "/work/shared/seed/sample-cronjob.yaml";
const deprecation = "Warning: batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob\n";

let t: Tinykube;
before(async () => {
  t = await startTinykube({ args: ["--runtime", "simulated", "--clock", "virtual"] });
});
after(() => t.dispose());

function clock(server: Tinykube, args: readonly string[] = []): Promise<ProcessResult> {
  return runProcess(process.execPath, [tinykubeBin, "clock", ...args, "--kubeconfig", server.kubeconfig], { timeoutMs: 300_000 });
}

async function clockOk(args: readonly string[] = []): Promise<string> {
  const r = await clock(t, args);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** Virtual now, in ms. */
async function now(): Promise<number> {
  return Date.parse((await clockOk()).split(" ")[0]!);
}

/** Moves the virtual clock to `seconds` past the next whole minute (+ the controller's 100 ms). */
async function toNextMinute(seconds = 0): Promise<number> {
  const minute = Math.floor((await now()) / 60_000) + 1;
  await clockOk(["--to", new Date(minute * 60_000 + seconds * 1000 + 100).toISOString()]);
  return minute;
}

interface JobJson {
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> };
  status: { conditions?: Array<{ type: string; status: string }>; active?: number; succeeded?: number; failed?: number };
}

async function jobs(ns = "default"): Promise<JobJson[]> {
  return (JSON.parse(await t.kubectlOk(["get", "jobs", "-n", ns, "-o", "json"])) as { items: JobJson[] }).items;
}

const finished = (j: JobJson): string | undefined => j.status.conditions?.find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True")?.type;

async function namespace(name: string): Promise<void> {
  await t.kubectlOk(["create", "namespace", name]);
}

// Before the CronJob exists: a second moved here may cross a minute, which would start a job.
test("tinykube clock prints the virtual time, which stands still until moved", async () => {
  const first = await clockOk();
  assert.match(first, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(virtual\)\n$/);
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal(await clockOk(), first);
  const moved = await clockOk(["advance", "1s"]);
  assert.match(moved, /^\S+ \(virtual, advanced 1s in \d+\.\d s of wall time\)\n$/);
  assert.equal(Date.parse(moved.split(" ")[0]!) - Date.parse(first.split(" ")[0]!), 1000);
});

test("13. the seed's batch/v1beta1 CronJob applies unchanged, with upstream's deprecation warning, and nothing runs before the next minute", async () => {
  const r = await t.kubectl(["apply", "-f", seedFile]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "cronjob.batch/sample-cronjob created\n");
  assert.equal(r.stderr, deprecation);
  const all = tableRows(await t.kubectlOk(["get", "all"]));
  assert.ok(all.includes("NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE"), all.join("\n"));
  assert.ok(all.includes("cronjob.batch/sample-cronjob | */1 * * * * | <none> | False | 0 | <none> | <age>"), all.join("\n"));
  assert.deepEqual(await jobs(), []);
});

test("the CronJob reads back in both versions", async () => {
  assert.equal(await t.kubectlOk(["get", "cronjobs.v1.batch", "sample-cronjob", "-o", "jsonpath={.apiVersion} {.spec.startingDeadlineSeconds}"]), "batch/v1 30");
  const old = await t.kubectl(["get", "cronjobs.v1beta1.batch", "sample-cronjob", "-o", "jsonpath={.apiVersion} {.spec.schedule}"]);
  assert.equal(old.stdout, "batch/v1beta1 */1 * * * *");
  assert.equal(old.stderr, deprecation);
});

test("14. each minute a job sample-cronjob-<minutes since the epoch> and its pod appear; 40 s later they end Completed or Error", async () => {
  const minute = await toNextMinute();
  const name = `sample-cronjob-${minute}`;
  const [job] = await jobs();
  assert.equal(job?.metadata.name, name);
  assert.equal(job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"], new Date(minute * 60_000).toISOString().replace(".000Z", "Z"));
  assert.deepEqual(job.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller]), [["CronJob", "sample-cronjob", true]]);
  const cj = tableRows(await t.kubectlOk(["get", "cronjob", "sample-cronjob"]));
  assert.equal(cj[1], "sample-cronjob | */1 * * * * | <none> | False | 1 | <age> | <age>");
  const pods = await t.kubectlOk(["get", "pods", "-l", `job-name=${name}`, "-o", "jsonpath={.items[*].metadata.name}"]);
  assert.match(pods, new RegExp(`^${name}-[a-z0-9]{5}$`));
  await clockOk(["advance", "45s"]);
  const status = tableRows(await t.kubectlOk(["get", "pods", "-l", `job-name=${name}`]))[1]?.split(" | ")[2];
  assert.ok(status === "Completed" || status === "Error", `pod status ${status}`);
  assert.match(await t.kubectlOk(["describe", "cronjob", "sample-cronjob"]), new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+cronjob-controller\\s+Created job ${name}`));
});

test("15-16. a virtual day: exactly 1,440 jobs, about half failing, at most 5 succeeded and 3 failed kept at every minute", async () => {
  const watch = t.kubectlStream(["get", "jobs", "--watch", "--output-watch-events", "-o", 'jsonpath={.type} {.object.metadata.name} {.object.status.conditions[*].type}{"\\n"}']);
  await watch.until((l) => l.length > 0);
  const before = (await jobs()).map((j) => j.metadata.name);
  const started = performance.now();
  const out = await clockOk(["advance", "24h"]);
  const wallS = (performance.now() - started) / 1000;
  await clockOk(["advance", "1s"]);
  const last = `sample-cronjob-${Math.floor((Date.parse(out.split(" ")[0]!) - 100) / 60_000)}`;
  const lines = await watch.until((l) => l.some((x) => x.split(" ")[1] === last), 120_000);
  await watch.stop();
  // Replays the watch: at each new job (a new minute), the finished jobs kept must be within the limits.
  const state = new Map<string, string>();
  const created = new Set<string>();
  let worst = { Complete: 0, Failed: 0 };
  for (const line of lines) {
    const [event, name, ...conditions] = line.trim().split(/\s+/);
    if (!name?.startsWith("sample-cronjob-")) continue;
    if (event === "ADDED" && !state.has(name) && !before.includes(name)) {
      const kept = { Complete: 0, Failed: 0 };
      for (const c of state.values()) if (c === "Complete" || c === "Failed") kept[c]++;
      worst = { Complete: Math.max(worst.Complete, kept.Complete), Failed: Math.max(worst.Failed, kept.Failed) };
      created.add(name);
    }
    if (event === "DELETED") state.delete(name);
    else state.set(name, conditions.find((c) => c === "Complete" || c === "Failed") ?? "");
  }
  assert.equal(created.size, 1440, `jobs created in the day (advance took ${wallS.toFixed(1)} s)`);
  assert.ok(worst.Complete <= 5 && worst.Failed <= 3, JSON.stringify(worst));
  const kept = await jobs();
  const count = (c: string): number => kept.filter((j) => finished(j) === c).length;
  assert.equal(count("Complete"), 5);
  assert.equal(count("Failed"), 3);
  // About 110 s on an idle two-core machine with every controller and the node agent at work.
  assert.ok(wallS < 240, `a virtual day took ${wallS} s of wall time`);
});

test("16. suspend: true stops new runs", async () => {
  const before = (await jobs()).length;
  const r = await t.kubectl(["patch", "cronjob", "sample-cronjob", "--type=merge", "-p", '{"spec":{"suspend":true}}']);
  assert.equal(r.code, 0, r.stderr);
  await clockOk(["advance", "5m"]);
  const after = await jobs();
  assert.equal(after.filter((j) => !finished(j)).length, 0, "nothing runs");
  assert.ok(after.length <= before);
  assert.equal(tableRows(await t.kubectlOk(["get", "cronjob", "sample-cronjob"]))[1]?.split(" | ")[3], "True");
});

/** A CronJob whose jobs run 90 s: longer than the minute between two starts. */
function slowCronJob(name: string, ns: string, policy: string): string {
  return readFileSync(seedFile, "utf8")
    .replace("name: sample-cronjob", `name: ${name}\n  namespace: ${ns}`)
    .replace("concurrencyPolicy: Allow", `concurrencyPolicy: ${policy}`)
    .replace(/"sleep 40;.*"/, '"sleep 90"');
}

test("16. Forbid skips a minute while a job runs (JobAlreadyActive); Replace deletes the running job and starts anew", async () => {
  await namespace("forbid");
  await namespace("replace");
  await t.kubectlOk(["apply", "-f", writeManifest(t, "forbid.yaml", slowCronJob("slow", "forbid", "Forbid"))]);
  await t.kubectlOk(["apply", "-f", writeManifest(t, "replace.yaml", slowCronJob("slow", "replace", "Replace"))]);
  await toNextMinute(-1);
  const running = { forbid: 0, replace: 0 };
  for (let m = 0; m < 10; m++) {
    await clockOk(["advance", "1m"]);
    for (const ns of ["forbid", "replace"] as const) running[ns] = Math.max(running[ns], (await jobs(ns)).filter((j) => !finished(j)).length);
  }
  assert.deepEqual(running, { forbid: 1, replace: 1 }, "never two jobs at once");
  const forbidEvents = await t.kubectlOk(["get", "events", "-n", "forbid", "--field-selector", "reason=JobAlreadyActive", "-o", "jsonpath={.items[*].message}"]);
  assert.match(forbidEvents, /^Not starting job because prior execution is running and concurrency policy is Forbid/);
  const replaced = await t.kubectlOk(["get", "events", "-n", "replace", "--field-selector", "reason=SuccessfulDelete,involvedObject.kind=CronJob", "-o", "jsonpath={.items[*].message}"]);
  assert.match(replaced, /^Deleted job slow-\d+/);
  const forbidCreated = await t.kubectlOk(["get", "events", "-n", "forbid", "--field-selector", "reason=SuccessfulCreate,involvedObject.kind=CronJob", "-o", "jsonpath={.items[*].count}"]);
  const total = forbidCreated.split(" ").reduce((a, b) => a + Number(b), 0);
  assert.equal(total, 5, "a 90 s job with a 30 s deadline: one start every other minute");
});

test("kubectl create job --from=cronjob/… makes a job marked manual and owned by the CronJob", async () => {
  await namespace("manual");
  await t.kubectlOk(["apply", "-f", writeManifest(t, "manual.yaml", slowCronJob("hello", "manual", "Allow").replace("suspend: false", "suspend: true"))]);
  const r = await t.kubectl(["create", "job", "--from=cronjob/hello", "hello-now", "-n", "manual"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "job.batch/hello-now created\n");
  const [job] = await jobs("manual");
  assert.equal(job?.metadata.annotations?.["cronjob.kubernetes.io/instantiate"], "manual");
  assert.deepEqual(job.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.controller]), [["CronJob", "hello", true]]);
  await clockOk(["advance", "1s"]);
  const events = await t.kubectlOk(["get", "events", "-n", "manual", "--field-selector", "reason=UnexpectedJob", "-o", "jsonpath={.items[*].message}"]);
  assert.equal(events, "Saw a job that the controller did not create or forgot: hello-now");
});

test("17. kubectl delete -f removes the CronJob, and with it its jobs and pods", async () => {
  const r = await t.kubectl(["delete", "-f", seedFile]);
  assert.equal(r.stdout, 'cronjob.batch "sample-cronjob" deleted\n');
  await clockOk(["advance", "1m"]);
  assert.deepEqual(await jobs(), []);
});

/** Real seconds until the wall clock is `second` seconds into a minute. */
function untilSecondOfMinute(second: number): Promise<void> {
  const ms = (((second * 1000 - (Date.now() % 60_000)) % 60_000) + 60_000) % 60_000;
  return new Promise((r) => setTimeout(r, ms));
}

function kill9(server: Tinykube): void {
  process.kill(Number(readFileSync(`${server.dataDir}/tinykube.pid`, "utf8")), "SIGKILL");
}

async function jobUids(server: Tinykube): Promise<Map<string, string>> {
  const out = await server.kubectlOk(["get", "jobs", "-o", 'jsonpath={range .items[*]}{.metadata.name} {.metadata.uid}{"\\n"}{end}']);
  return new Map(out.split("\n").filter(Boolean).map((l) => l.split(" ") as [string, string]));
}

test("kill -9 around a schedule tick with the real clock: no scheduled time fires twice, and a tick missed by less than startingDeadlineSeconds still fires", async () => {
  const servers: Tinykube[] = [await startTinykube({ args: ["--runtime", "simulated"] })];
  const current = (): Tinykube => servers.at(-1)!;
  const restart = async (): Promise<void> => {
    kill9(current());
    await current().stop();
    servers.push(await startTinykube({ dataDir: servers[0]!.dataDir, args: ["--runtime", "simulated"] }));
  };
  try {
    const manifest = readFileSync(seedFile, "utf8").replace(/"sleep 40;.*"/, '"sleep 5"');
    // Applied early in a minute: applied after its 57th second, the wait below would cross a tick
    // that fires, rightly, a job the test does not count on.
    if (new Date().getSeconds() >= 45) await untilSecondOfMinute(1);
    await current().kubectlOk(["apply", "-f", writeManifest(current(), "tick.yaml", manifest)]);
    // Down from 57 s past a minute to 5 s past the next: that tick is missed by 5 s, less than the 30 s deadline.
    await untilSecondOfMinute(57);
    const missed = Math.floor(Date.now() / 60_000) + 1;
    await restart().then(() => untilSecondOfMinute(5));
    const restarted = Date.now();
    let uids = new Map<string, string>();
    while (!uids.has(`sample-cronjob-${missed}`)) {
      assert.ok(Date.now() - restarted < 20_000, "the missed tick fired after the restart");
      await new Promise((r) => setTimeout(r, 200));
      uids = await jobUids(current());
    }
    // Killed as soon as the next tick's job exists: its status update may not have been written.
    const tick = missed + 1;
    for (;;) {
      uids = await jobUids(current());
      if (uids.has(`sample-cronjob-${tick}`)) break;
      assert.ok(Date.now() < (tick + 1) * 60_000, "the next tick fired");
      await new Promise((r) => setTimeout(r, 50));
    }
    await restart();
    await new Promise((r) => setTimeout(r, 3000));
    const after = await jobUids(current());
    assert.deepEqual([...after.keys()].sort(), [`sample-cronjob-${missed}`, `sample-cronjob-${tick}`], "one job per tick, none for a time twice");
    for (const m of [missed, tick]) assert.equal(after.get(`sample-cronjob-${m}`), uids.get(`sample-cronjob-${m}`), `the job of ${m} is the one made before the kill`);
    const status = await current().kubectlOk(["get", "cronjob", "sample-cronjob", "-o", "jsonpath={.status.lastScheduleTime}"]);
    assert.equal(status, new Date(tick * 60_000).toISOString().replace(".000Z", "Z"));
  } finally {
    for (const s of servers.slice(0, -1)) await s.stop();
    await current().stop();
    await servers[0]!.dispose();
  }
});
