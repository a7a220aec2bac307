// The seed walkthrough's Job steps 11–12 with the real kubectl: the seed's sample-job.yaml
// unchanged, `kubectl wait --for=condition=complete`, failing Jobs under Never and OnFailure,
// `kubectl logs job/x`, an Indexed Job and suspend/resume.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cells, tableRows } from "./harness/output.js";
import { awaitNode, startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

const seedFile = "/work/shared/seed/sample-job.yaml";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
  await awaitNode(t);
});
after(() => t.dispose());

function job(name: string, o: { script: string; restartPolicy?: string; extra?: string }): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${o.extra ?? ""}  template:
    spec:
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", ${JSON.stringify(o.script)}]
      restartPolicy: ${o.restartPolicy ?? "Never"}
`;
}

async function apply(name: string, text: string): Promise<void> {
  await t.kubectlOk(["apply", "-f", writeManifest(t, `${name}.yaml`, text)]);
}

const wait = (name: string, condition: string, timeout = 120): Promise<string> =>
  t.kubectlOk(["wait", `--for=condition=${condition}`, `job/${name}`, `--timeout=${timeout}s`], { timeoutMs: (timeout + 10) * 1000 });

const jsonpath = (name: string, path: string): Promise<string> => t.kubectlOk(["get", "job", name, "-o", `jsonpath=${path}`]);

test("11. apply sample-job.yaml: the pod ends Completed, get job shows 1/1 and a duration of about 10 s", async () => {
  assert.equal(await t.kubectlOk(["apply", "-f", seedFile]), "job.batch/sample-job created\n");
  assert.equal(await wait("sample-job", "complete"), "job.batch/sample-job condition met\n");
  const [header, row] = (await t.kubectlOk(["get", "job", "sample-job"])).trimEnd().split("\n").map(cells);
  assert.deepEqual(header, ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]);
  assert.deepEqual(row!.slice(0, 3), ["sample-job", "Complete", "1/1"]);
  assert.match(row![3]!, /^1[0-3]s$/, "the duration: sleep 10 and a little");
  const pods = tableRows(await t.kubectlOk(["get", "pod", "-l", "job-name=sample-job"]));
  assert.equal(pods[0], "NAME | READY | STATUS | RESTARTS | AGE");
  assert.match(pods[1]!, /^sample-job-[a-z0-9]{5} \| 0\/1 \| Completed \| 0 \| <age>$/);
  assert.equal(pods.length, 2);
  const conditions = await jsonpath("sample-job", '{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\\n"}{end}');
  assert.equal(conditions, "SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods\nComplete=True CompletionsReached: Reached expected number of succeeded pods\n");
  const events = await t.kubectlOk(["get", "events", "--field-selector", "involvedObject.kind=Job,involvedObject.name=sample-job", "-o", 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
  assert.match(events, /^SuccessfulCreate: Created pod: sample-job-[a-z0-9]{5}\nCompleted: Job completed\n$/);
  // upstream's managers: the controller manager wrote the pod, the kubelet its status, the controller manager the Job's status
  const managers = '{range .items[*].metadata.managedFields[*]}{.manager} {.operation} {.subresource}{"\\n"}{end}';
  const podManagers = await t.kubectlOk(["get", "pod", "-l", "job-name=sample-job", "--show-managed-fields", "-o", `jsonpath=${managers}`]);
  assert.equal(podManagers, "kube-controller-manager Update \nkubelet Update status\n");
  const jobManagers = await t.kubectlOk(["get", "job", "sample-job", "--show-managed-fields", "-o", `jsonpath={range .metadata.managedFields[*]}{.manager} {.operation} {.subresource}{"\\n"}{end}`]);
  assert.equal(jobManagers, "kubectl-client-side-apply Update \nkube-controller-manager Update status\n");
});

test("kubectl logs job/x prints the output of the Job's pod", async () => {
  await apply("hello", job("hello", { script: "echo hello from $HOSTNAME" }));
  await wait("hello", "complete");
  const pod = (await t.kubectlOk(["get", "pods", "-l", "job-name=hello", "-o", "jsonpath={.items[0].metadata.name}"])).trim();
  assert.equal(await t.kubectlOk(["logs", "job/hello"]), `hello from ${pod}\n`);
});

test("12. restartPolicy Never: each failure is a new pod, and backoffLimit 1 fails the Job after two", async () => {
  await apply("never", job("never", { script: "exit 3", extra: "  backoffLimit: 1\n" }));
  assert.equal(await wait("never", "failed"), "job.batch/never condition met\n");
  const pods = tableRows(await t.kubectlOk(["get", "pods", "-l", "job-name=never", "--no-headers"]));
  assert.equal(pods.length, 2);
  for (const row of pods) assert.match(row, /^never-[a-z0-9]{5} \| 0\/1 \| Error \| 0 \| <age>$/);
  assert.equal(await jsonpath("never", "{.status.failed}"), "2");
  const failed = await jsonpath("never", '{.status.conditions[?(@.type=="Failed")].reason}: {.status.conditions[?(@.type=="Failed")].message}');
  assert.equal(failed, "BackoffLimitExceeded: Job has reached the specified backoff limit");
  assert.equal(tableRows(await t.kubectlOk(["get", "job", "never", "--no-headers"]))[0], "never | Failed | 0/1 | <age> | <age>");
});

test("12. restartPolicy OnFailure: the container restarts inside one pod until backoffLimit fails the Job", async () => {
  await apply("onfailure", job("onfailure", { script: "exit 3", restartPolicy: "OnFailure", extra: "  backoffLimit: 2\n" }));
  await t.kubectlOk(["wait", "--for=jsonpath={.status.containerStatuses[0].restartCount}=1", "pod", "-l", "job-name=onfailure", "--timeout=60s"], { timeoutMs: 70_000 });
  assert.equal((await t.kubectlOk(["get", "pods", "-l", "job-name=onfailure", "-o", "name"])).trim().split("\n").length, 1);
  assert.equal(await wait("onfailure", "failed", 180), "job.batch/onfailure condition met\n");
  const reason = await jsonpath("onfailure", '{.status.conditions[?(@.type=="Failed")].reason}');
  assert.equal(reason, "BackoffLimitExceeded");
  const events = await t.kubectlOk(["get", "events", "--field-selector", "involvedObject.kind=Job,involvedObject.name=onfailure", "-o", 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}']);
  assert.deepEqual(events.trim().split("\n"), ["SuccessfulCreate", "SuccessfulDelete", "BackoffLimitExceeded"]);
});

test("an Indexed Job gives each pod its index (env, annotation, label, hostname) and records completedIndexes", async () => {
  await apply("indexed", job("indexed", { script: 'echo "$JOB_COMPLETION_INDEX $(hostname)"', extra: "  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n" }));
  await wait("indexed", "complete");
  assert.equal(await jsonpath("indexed", "{.status.completedIndexes}"), "0-2");
  const out = await t.kubectlOk(["get", "pods", "-l", "job-name=indexed", "-o", 'jsonpath={range .items[*]}{.metadata.labels.batch\\.kubernetes\\.io/job-completion-index} {.metadata.annotations.batch\\.kubernetes\\.io/job-completion-index} {.spec.hostname}{"\\n"}{end}']);
  assert.deepEqual(out.trim().split("\n").sort(), ["0 0 indexed-0", "1 1 indexed-1", "2 2 indexed-2"]);
  for (const ix of [0, 1, 2]) {
    const pod = (await t.kubectlOk(["get", "pods", "-l", `batch.kubernetes.io/job-completion-index=${ix},job-name=indexed`, "-o", "name"])).trim();
    assert.equal(await t.kubectlOk(["logs", pod]), `${ix} indexed-${ix}\n`);
  }
  assert.equal(tableRows(await t.kubectlOk(["get", "job", "indexed", "--no-headers"]))[0], "indexed | Complete | 3/3 | <age> | <age>");
});

test("a Job created suspended is Suspended, with no pod and no startTime", async () => {
  await apply("later", job("later", { script: "true", extra: "  suspend: true\n" }));
  await t.kubectlOk(["wait", "--for=condition=suspended", "job/later", "--timeout=30s"]);
  // No duration before it starts: the empty cell leaves only the wider gap.
  assert.equal(tableRows(await t.kubectlOk(["get", "job", "later", "--no-headers"]))[0], "later | Suspended | 0/1 | <age>");
  assert.equal((await t.kubectlOk(["get", "pods", "-l", "job-name=later", "-o", "name"])).trim(), "");
  assert.equal(await jsonpath("later", "{.status.startTime}"), "");
  const suspended = await jsonpath("later", '{.status.conditions[?(@.type=="Suspended")].status} {.status.conditions[?(@.type=="Suspended")].reason}: {.status.conditions[?(@.type=="Suspended")].message}');
  assert.equal(suspended, "True JobSuspended: Job suspended");
});

test("resuming a Job created suspended starts its pod and completes it", async () => {
  await t.kubectlOk(["patch", "job", "later", "--type=strategic", "-p", '{"spec":{"suspend":false}}']);
  await wait("later", "complete");
  const suspended = await jsonpath("later", '{.status.conditions[?(@.type=="Suspended")].status} {.status.conditions[?(@.type=="Suspended")].reason}');
  assert.equal(suspended, "False JobResumed");
  const events = await t.kubectlOk(["get", "events", "--field-selector", "involvedObject.kind=Job,involvedObject.name=later", "-o", 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}']);
  assert.deepEqual(events.trim().split("\n"), ["Suspended", "SuccessfulCreate", "Resumed", "Completed"]);
});

test("suspending a running Job deletes its pods and sets the Suspended condition", async () => {
  await apply("pause", job("pause", { script: "sleep 600", extra: "  parallelism: 2\n  completions: 2\n" }));
  await t.kubectlOk(["wait", "--for=jsonpath={.status.active}=2", "job/pause", "--timeout=60s"], { timeoutMs: 70_000 });
  await t.kubectlOk(["patch", "job", "pause", "--type=merge", "-p", '{"spec":{"suspend":true}}']);
  await t.kubectlOk(["wait", "--for=condition=suspended", "job/pause", "--timeout=60s"], { timeoutMs: 70_000 });
  await t.kubectlOk(["wait", "--for=delete", "pod", "-l", "job-name=pause", "--timeout=60s"], { timeoutMs: 70_000 });
  assert.equal(await jsonpath("pause", "{.status.active}"), "");
  await t.kubectlOk(["delete", "job", "pause"]);
});

test("ttlSecondsAfterFinished: a finished Job and its pod are deleted that long after it finished", async () => {
  await apply("short-lived", job("short-lived", { script: "true", extra: "  ttlSecondsAfterFinished: 3\n" }));
  await wait("short-lived", "complete");
  assert.equal((await t.kubectlOk(["get", "job", "short-lived", "-o", "name"])).trim(), "job.batch/short-lived");
  await t.kubectlOk(["wait", "--for=delete", "job/short-lived", "--timeout=60s"], { timeoutMs: 70_000 });
  await t.kubectlOk(["wait", "--for=delete", "pod", "-l", "job-name=short-lived", "--timeout=60s"], { timeoutMs: 70_000 });
  assert.equal((await t.kubectlOk(["get", "pods", "-l", "job-name=short-lived", "-o", "name"])).trim(), "");
});
