// Pods end to end with the real kubectl against `tinykube up --runtime process`: restart policies,
// logs (-f, --previous), exec (exit codes, stdin), probes gating Ready, delete with grace, and a
// claim's data outliving its pod. Pods name their node (no scheduler needed), except those with a
// claim (the default class binds on the scheduler's choice, as upstream).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { kubeTools } from "./harness/kube-tools.js";
import { runProcess } from "./harness/run-process.js";
import { awaitNode, startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

let t: Tinykube;
let node = "";

before(async () => {
  t = await startTinykube({ args: ["--runtime", "process"] });
  node = await awaitNode(t);
});
after(() => t.dispose());

interface PodOptions {
  readonly script: string;
  readonly restartPolicy?: string;
  readonly extra?: string;
  readonly grace?: number;
  /** Leave the pod to the scheduler: a claim of a WaitForFirstConsumer class binds only to a scheduled pod. */
  readonly scheduled?: boolean;
}

function podManifest(name: string, o: PodOptions): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${o.scheduled ? "" : `  nodeName: ${node}\n`}  restartPolicy: ${o.restartPolicy ?? "Always"}
  terminationGracePeriodSeconds: ${o.grace ?? 30}
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(o.script)}]
${o.extra ?? ""}`;
}

async function apply(name: string, o: PodOptions): Promise<void> {
  await t.kubectlOk(["apply", "-f", writeManifest(t, `${name}.yaml`, podManifest(name, o))]);
}

async function jsonpath(name: string, path: string): Promise<string> {
  return (await t.kubectlOk(["get", "pod", name, "-o", `jsonpath=${path}`])).trim();
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("restartPolicy Never: a pod that exits 0 Succeeds and its logs stay readable", async () => {
  await apply("once", { script: "echo hello from $HOSTNAME", restartPolicy: "Never" });
  await t.kubectlOk(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/once", "--timeout=30s"]);
  assert.equal(await t.kubectlOk(["logs", "once"]), "hello from once\n");
  assert.equal(await jsonpath("once", "{.status.containerStatuses[0].state.terminated.reason}"), "Completed");
});

test("restartPolicy Never: exit 3 fails the pod with the exit code in its status", async () => {
  await apply("fails", { script: "exit 3", restartPolicy: "Never" });
  await t.kubectlOk(["wait", "--for=jsonpath={.status.phase}=Failed", "pod/fails", "--timeout=30s"]);
  assert.equal(await jsonpath("fails", "{.status.containerStatuses[0].state.terminated.exitCode}"), "3");
});

test("restartPolicy OnFailure: a failing container is restarted and --previous shows the last run", async () => {
  await apply("retry", { script: "echo run; exit 1", restartPolicy: "OnFailure" });
  await eventually("a restart", async () => Number(await jsonpath("retry", "{.status.containerStatuses[0].restartCount}")) >= 1);
  assert.equal(await t.kubectlOk(["logs", "retry", "--previous"]), "run\n");
});

test("restartPolicy Always: a crashing container ends in CrashLoopBackOff", async () => {
  await apply("crash", { script: "exit 1" });
  await eventually("CrashLoopBackOff", async () => (await jsonpath("crash", "{.status.containerStatuses[0].state.waiting.reason}")) === "CrashLoopBackOff");
  const table = await t.kubectlOk(["get", "pod", "crash"]);
  assert.match(table, /crash\s+0\/1\s+CrashLoopBackOff\s+1/);
});

test("exec passes exit codes and stdin through", async () => {
  await apply("shell", { script: "sleep 3600", grace: 1 });
  await t.kubectlOk(["wait", "--for=condition=Ready", "pod/shell", "--timeout=30s"]);
  const failed = await t.kubectl(["exec", "shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3"]);
  assert.equal(failed.code, 3);
  assert.equal(failed.stdout, "out\n");
  assert.match(failed.stderr, /^err\ncommand terminated with exit code 3\n$/);
  const upper = await t.kubectl(["exec", "-i", "shell", "--", "tr", "a-z", "A-Z"], { input: "hello\nworld\n" });
  assert.equal(upper.stdout, "HELLO\nWORLD\n");
  assert.equal(upper.code, 0);
});

test("exec -it runs the command under a terminal and passes its exit code", async () => {
  await apply("term", { script: "sleep 3600", grace: 1 });
  await t.kubectlOk(["wait", "--for=condition=Ready", "pod/term", "--timeout=30s"]);
  // kubectl -t needs a terminal of its own: script(1) gives it one.
  const kubectl = [kubeTools().kubectl, "--kubeconfig", t.kubeconfig, "--cache-dir", join(t.dir, "kubectl-cache"), "exec", "-it", "term", "--", "sh", "-c", "tty; exit 5"];
  const r = await runProcess("script", ["-qec", kubectl.map((a) => `'${a}'`).join(" "), "/dev/null"], { input: "" });
  assert.match(r.stdout, /\/dev\/pts\/\d+/);
  assert.match(r.stdout, /command terminated with exit code 5/);
});

test("logs -f follows a running container until it exits", async () => {
  await apply("counter", { script: "for i in 1 2 3; do echo $i; sleep 1; done", restartPolicy: "Never" });
  await eventually("the container to start", async () => (await jsonpath("counter", "{.status.containerStatuses[0].state.running.startedAt}")) !== "");
  const followed = await t.kubectlOk(["logs", "-f", "counter"], { timeoutMs: 20_000 });
  assert.equal(followed, "1\n2\n3\n");
});

test("a readiness probe gates Ready until it passes", async () => {
  const probe = `    readinessProbe:
      exec:
        command: ["test", "-f", "/tmp/ready-probed"]
      periodSeconds: 1
`;
  await apply("probed", { script: "rm -f /tmp/ready-probed; sleep 3; touch /tmp/ready-probed; sleep 3600", extra: probe, grace: 1 });
  await eventually("the container to run", async () => (await jsonpath("probed", "{.status.phase}")) === "Running");
  assert.equal(await jsonpath("probed", '{.status.conditions[?(@.type=="Ready")].status}'), "False");
  await t.kubectlOk(["wait", "--for=condition=Ready", "pod/probed", "--timeout=30s"]);
});

test("delete waits out the grace period of a process that ignores SIGTERM, then the pod is gone", async () => {
  await apply("stubborn", { script: "trap '' TERM; sleep 3600 & wait", grace: 3 });
  await t.kubectlOk(["wait", "--for=condition=Ready", "pod/stubborn", "--timeout=30s"]);
  const started = Date.now();
  await t.kubectlOk(["delete", "pod", "stubborn", "--timeout=30s"]);
  const took = Date.now() - started;
  assert.ok(took >= 2500, `deleted after ${took} ms, before the 3 s grace period`);
  const gone = await t.kubectl(["get", "pod", "stubborn"]);
  assert.match(gone.stderr, /NotFound/);
});

test("data on a claim survives the pod's deletion and comes back with a new pod", async (ctx) => {
  // Without root there are no mount namespaces, so nothing is mounted at the pod's mountPath.
  if (process.getuid?.() !== 0) return ctx.skip("not root: the process runtime mounts no volumes at their mountPath");
  await t.kubectlOk([
    "apply",
    "-f",
    writeManifest(t, "claim.yaml", `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: keep
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Mi
`),
  ]);
  // The default class binds on first consumer (upstream's WaitForFirstConsumer): Pending until a pod uses it.
  assert.equal((await t.kubectlOk(["get", "pvc", "keep", "-o", "jsonpath={.status.phase}"])).trim(), "Pending");
  const volume = `    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: keep
`;
  await apply("writer", { script: "echo kept > /data/file", restartPolicy: "Never", extra: volume, scheduled: true });
  await t.kubectlOk(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/writer", "--timeout=60s"]);
  assert.equal((await t.kubectlOk(["get", "pvc", "keep", "-o", "jsonpath={.status.phase}"])).trim(), "Bound");
  await t.kubectlOk(["delete", "pod", "writer"]);
  await apply("reader", { script: "cat /data/file", restartPolicy: "Never", extra: volume, scheduled: true });
  await t.kubectlOk(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/reader", "--timeout=60s"]);
  assert.equal(await t.kubectlOk(["logs", "reader"]), "kept\n");
});
