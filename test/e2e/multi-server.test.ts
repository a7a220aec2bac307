// Beyond one machine, on loopback: 3 etcd members, 2 tinykube servers (`up --store etcd://…`) and
// 2 node agents (`tinykube node`), all separate processes. A StatefulSet of 5 and a 200-completion
// Job run; mid-run the server leading the controllers and the etcd leader are killed with kill -9.
// Everything completes: exact Job counts, each StatefulSet identity one pod (one UID) throughout,
// and every object whose create was acknowledged is still there.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Stored } from "../../src/api/object.js";
import { refs } from "../../src/api/refs.js";
import { NodeFailoverClient } from "../../src/cli/node-failover-client.js";
import { HttpClient } from "../../src/client/http-client.js";
import { startEtcdCluster } from "../../src/store/etcd/testing/etcd-cluster.js";
import type { EtcdCluster } from "../../src/store/etcd/testing/etcd-cluster.js";
import { kubeTools } from "./harness/kube-tools.js";
import { runProcess } from "./harness/run-process.js";

const bin = join(import.meta.dirname, "..", "..", "bin", "tinykube");
const COMPLETIONS = 200;

/** A tinykube process (server or node agent) and what it printed. */
interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  out(): string;
  err(): string;
  /** kill -9 */
  kill(): void;
}

function startProc(name: string, args: readonly string[]): Proc {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  return { name, child, out: () => out, err: () => err, kill: () => void child.kill("SIGKILL") };
}

/** The last lines each process printed on stderr, for a failure's message. */
function diagnostics(): string {
  return procs.map((p) => `--- ${p.name}:\n${p.err().split("\n").slice(-15).join("\n")}`).join("\n");
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(check()).catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${diagnostics()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const t0 = Date.now();
/** A progress line on stderr (the test's own timeline, for when it fails or is slow). */
function note(line: string): void {
  process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)}s ${line}\n`);
}

let etcd: EtcdCluster;
let dir: string;
const procs: Proc[] = [];
let servers: Array<{ proc: Proc; dataDir: string; kubeconfig: string; url: string }> = [];
let client: NodeFailoverClient;
let https: HttpClient[] = [];

async function startServer(name: string, extra: readonly string[]) {
  const dataDir = join(dir, name);
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  const proc = startProc(name, ["up", "--data-dir", dataDir, "--port", "0", "--kubeconfig", kubeconfig, "--store", etcd.url, ...extra]);
  procs.push(proc);
  await until(`${name} to serve`, () => existsSync(kubeconfig) && proc.out().includes("listening"), 30_000);
  const url = /server: "?([^"\s]+)"?/.exec(readFileSync(kubeconfig, "utf8"))?.[1] ?? "";
  return { proc, dataDir, kubeconfig, url };
}

function kubectl(server: { kubeconfig: string }, args: readonly string[]) {
  return runProcess(kubeTools().kubectl, ["--kubeconfig", server.kubeconfig, "--cache-dir", join(dir, "kubectl-cache"), ...args]);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tinykube-multi-"));
  etcd = await startEtcdCluster({ members: 3 });
  const a = await startServer("server-a", []);
  const b = await startServer("server-b", ["--pki-from", a.dataDir]);
  servers = [a, b];
  const pki = join(a.dataDir, "pki");
  const token = readFileSync(join(pki, "admin.token"), "utf8").trim();
  const caCert = readFileSync(join(pki, "ca.crt"), "utf8");
  for (const [name, order] of [["node-1", [a, b]], ["node-2", [b, a]]] as const) {
    const args = ["node", "--server", order.map((s) => s.url).join(","), "--token", token, "--certificate-authority", join(pki, "ca.crt"), "--name", name, "--data-dir", join(dir, name)];
    procs.push(startProc(name, args));
  }
  https = [a, b].map((s) => new HttpClient({ server: s.url, token, caCert }));
  client = new NodeFailoverClient(https);
});

/** SIGTERM, and SIGKILL what has not exited 10 s later. */
async function stopAll(): Promise<void> {
  const running = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  const exited = running.map((p) => new Promise((resolve) => p.child.once("exit", resolve)));
  for (const p of running) p.child.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const p of running) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
      process.stderr.write(`# ${p.name} did not stop on SIGTERM:\n${p.err().slice(-2000)}\n`);
      p.kill();
    }
  }, 10_000);
  await Promise.all(exited);
  clearTimeout(timer);
}

after(async () => {
  await stopAll();
  for (const h of https) h.close();
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const workloads = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 5
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      # a lost node's pods are evicted 5 s after it is tainted unreachable (300 s by default)
      tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}]
      containers: [{name: main, image: busybox, command: ["sleep", "3600"]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  completions: ${COMPLETIONS}
  parallelism: 10
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox, command: ["sh", "-c", "sleep 0.5"]}]
`;

/** The UIDs each StatefulSet pod name has had, gathered from watches on both servers. */
function identityRecorder() {
  const uids = new Map<string, Set<string>>();
  const nodes = new Map<string, Set<string>>();
  const handles = https.map((h) =>
    h.watch<Pod>(refs.pods, "default", { labelSelector: "app=web" }, (e) => {
      if (e.type !== "ADDED" && e.type !== "MODIFIED") return;
      const pod = e.object as Stored<Pod>;
      const name = pod.metadata.name;
      if (!uids.has(name)) uids.set(name, new Set());
      uids.get(name)!.add(pod.metadata.uid);
      if (pod.spec?.nodeName) {
        if (!nodes.has(name)) nodes.set(name, new Set());
        nodes.get(name)!.add(pod.spec.nodeName);
      }
    }),
  );
  // A watch through a dead server fails to open: the other server's watch still sees everything.
  for (const h of handles) h.catch(() => undefined);
  return { uids, nodes, stop: async () => (await Promise.allSettled(handles)).forEach((r) => r.status === "fulfilled" && r.value.stop()) };
}

async function leaseHolder(name: string): Promise<string> {
  return (await client.get<Lease>(refs.leases, "kube-system", name)).spec?.holderIdentity ?? "";
}

test("a StatefulSet and a 200-completion Job finish across the kill -9 of the leading server and of the etcd leader", async () => {
  const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
  await until("both nodes Ready", async () => {
    const nodes = await client.list(refs.nodes, undefined);
    const ready = nodes.items.filter((n) => (n as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
    return ready.length === 2 || undefined;
  });
  note("both nodes Ready");
  const identities = identityRecorder();
  const manifest = join(dir, "workloads.yaml");
  writeFileSync(manifest, workloads);
  const applied = await kubectl(b, ["apply", "-f", manifest]);
  assert.equal(applied.code, 0, applied.stderr);

  // Objects created through both servers before and during the failures: none may be lost.
  const acknowledged: string[] = [];
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const name = `cm-${i}`;
      try {
        await https[i % 2]!.create(refs.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data: { i: String(i) } });
        acknowledged.push(name);
      } catch {
        // the server it went to may be dead: only acknowledged creates count
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  let failoverMs = 0;
  // An assertion failing while the writer and the recorder run must stop them too, or the test process never ends.
  try {
    await until("the Job a quarter done", async () => ((await client.get<Job>(refs.jobs, "default", "batch")).status?.succeeded ?? 0) >= COMPLETIONS / 4 || undefined, 90_000);
    const holder = await leaseHolder("kube-controller-manager");
    const leader = [a, b].find((s) => s.proc.err().includes(`${holder} became leader`));
    assert.ok(leader, `no server announced it leads as ${holder}`);
    const survivor = leader === a ? b : a;
    const etcdLeader = await etcd.leader();
    note(`killing ${leader.proc.name} (controller leader) and etcd ${etcdLeader.name} (etcd leader)`);
    const killedAt = Date.now();
    leader.proc.kill();
    await etcdLeader.kill();

    const takeover = await until("the surviving server to lead the controllers", () => (survivor.proc.err().match(/kube-controller-manager: \S+ became leader/g)?.length ?? 0) > 0 || undefined, 40_000);
    assert.ok(takeover);
    failoverMs = Date.now() - killedAt;
    note(`${survivor.proc.name} leads the controllers ${failoverMs} ms after the kill`);
    assert.ok(failoverMs <= 25_000, `failover took ${failoverMs} ms`);

    const job = await until("the Job to complete", async () => {
      const j = await client.get<Job>(refs.jobs, "default", "batch");
      return j.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True") ? j : undefined;
    }, 120_000);
    note(`Job complete: ${JSON.stringify(job.status)}`);
    assert.equal(job.status?.succeeded, COMPLETIONS);
    const jobPods = await client.list<Pod>(refs.pods, "default", { labelSelector: "job-name=batch" });
    assert.equal(jobPods.items.filter((p) => p.status?.phase === "Succeeded").length, COMPLETIONS);

    await until("5 StatefulSet replicas ready", async () => {
      const sts = await client.get<{ apiVersion: string; kind: string; status?: { readyReplicas?: number } }>(refs.statefulSets, "default", "web");
      return sts.status?.readyReplicas === 5 || undefined;
    }, 60_000);
  } finally {
    writing = false;
    await writer;
    await identities.stop();
  }
  for (const name of ["kube-controller-manager", "kube-scheduler"]) {
    const lease = await client.get<Lease>(refs.leases, "kube-system", name);
    assert.deepEqual(lease.metadata.managedFields?.map((e) => e.manager), [name], `the ${name} Lease is written by ${name}, as upstream's`);
  }
  const names = [...identities.uids.keys()].sort();
  assert.deepEqual(names, ["web-0", "web-1", "web-2", "web-3", "web-4"]);
  for (const [name, uids] of identities.uids) assert.equal(uids.size, 1, `${name} had ${uids.size} pods`);
  const placed = new Set([...identities.nodes.values()].flatMap((s) => [...s]));
  assert.deepEqual([...placed].sort(), ["node-1", "node-2"], "the scheduler spread the pods over both nodes");

  const stored = await client.list(refs.configMaps, "default");
  const present = new Set(stored.items.map((c) => c.metadata.name));
  assert.ok(acknowledged.length > 50, `only ${acknowledged.length} creates were acknowledged`);
  assert.deepEqual(acknowledged.filter((n) => !present.has(n)), [], "acknowledged creates lost");
  process.stdout.write(`# failover: ${failoverMs} ms from kill -9 to the new controller leader\n`);
});

test("a node agent killed: its node goes Unknown after the grace period and is tainted, its StatefulSet pods are evicted but not replaced while they exist", async () => {
  const lost = procs.find((p) => p.name === "node-2")!;
  const identities = identityRecorder();
  const before = await client.list<Pod>(refs.pods, "default", { labelSelector: "app=web" });
  const onLost = before.items.filter((p) => p.spec?.nodeName === "node-2").map((p) => p.metadata.name);
  assert.ok(onLost.length > 0, "no StatefulSet pod on node-2 to lose");
  const killedAt = Date.now();
  lost.kill();
  note(`killed node-2 (it ran ${onLost.join(", ")})`);
  const node = await until("node-2 Ready=Unknown", async () => {
    const n = await client.get<{ apiVersion: string; kind: string; spec?: { taints?: Array<{ key: string; effect: string }> }; status?: { conditions?: Array<{ type: string; status: string; reason?: string }> } }>(refs.nodes, undefined, "node-2");
    const ready = n.status?.conditions?.find((c) => c.type === "Ready");
    return ready?.status === "Unknown" && n.spec?.taints?.some((t) => t.key === "node.kubernetes.io/unreachable" && t.effect === "NoExecute") ? n : undefined;
  }, 70_000);
  const unknownAfter = Date.now() - killedAt;
  note(`node-2 Unknown and tainted ${unknownAfter} ms after the kill`);
  assert.ok(unknownAfter >= 35_000, `node-2 went Unknown after only ${unknownAfter} ms (grace period 40 s)`);
  assert.equal(node.status?.conditions?.find((c) => c.type === "Ready")?.reason, "NodeStatusUnknown");
  const evicted = await until("node-2's StatefulSet pods to be evicted", async () => {
    const pods = await client.list<Pod>(refs.pods, "default", { labelSelector: "app=web" });
    const gone = pods.items.filter((p) => onLost.includes(p.metadata.name));
    return gone.every((p) => p.metadata.deletionTimestamp) ? gone : undefined;
  }, 30_000);
  for (const p of evicted) {
    const target = p.status?.conditions?.find((c) => c.type === "DisruptionTarget");
    assert.deepEqual([target?.status, target?.reason], ["True", "DeletionByTaintManager"]);
  }
  // Give the StatefulSet controller time to (wrongly) replace them: nothing may appear.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  await identities.stop();
  const after = await client.list<Pod>(refs.pods, "default", { labelSelector: "app=web" });
  for (const name of onLost) {
    const pod = after.items.find((p) => p.metadata.name === name);
    assert.ok(pod?.metadata.deletionTimestamp, `${name} should still be there, terminating, on the lost node`);
    assert.equal(pod.spec?.nodeName, "node-2");
    assert.equal(identities.uids.get(name)?.size ?? 1, 1, `${name} was replaced while the lost pod exists`);
  }
});
