// The seed walkthrough's StatefulSet steps 1–10 with the real kubectl and the seed's manifest
// unchanged (steps 1–7), then Parallel, OnDelete, RollingUpdate with a partition and the rollout
// commands, each in a namespace of its own. Needs the node agent, scheduler and volume provisioner.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { awaitNode, startTinykube, type Tinykube, writeManifest } from "./harness/tinykube.js";

const seedFile = "/work/shared/seed/sample-statefulset.yaml";
const set = "sample-statefulset";
const mount = "/usr/share/nginx/html";

let t: Tinykube;
before(async () => {
  t = await startTinykube();
  await awaitNode(t);
});
after(() => t.dispose());

interface PodJson {
  metadata: { name: string; uid: string; creationTimestamp: string; deletionTimestamp?: string };
  spec: { containers: Array<{ image: string }> };
  status: { phase?: string; conditions?: Array<{ type: string; status: string; lastTransitionTime: string }> };
}

async function pods(ns = "default"): Promise<PodJson[]> {
  return (JSON.parse(await t.kubectlOk(["get", "pods", "-n", ns, "-o", "json"])) as { items: PodJson[] }).items;
}

/** Polls fn (every 200 ms) until it returns something defined; fails after timeoutMs. */
async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const readyAt = (p: PodJson): string | undefined => p.status.conditions?.find((c) => c.type === "Ready" && c.status === "True")?.lastTransitionTime;

function rolloutStatus(name: string, ns = "default"): Promise<string> {
  return t.kubectlOk(["rollout", "status", `statefulset/${name}`, "-n", ns, "--timeout=180s"], { timeoutMs: 200_000 });
}

/** The seed's manifest with extra lines under spec (for the steps that change the policy). */
function seedWith(specLines: string): string {
  return readFileSync(seedFile, "utf8").replace("spec:\n  serviceName:", `spec:\n${specLines}  serviceName:`);
}

test("1. apply brings up sample-statefulset-0, -1, -2 one after another, each with a Bound claim", async () => {
  assert.equal(await t.kubectlOk(["apply", "-f", seedFile]), "statefulset.apps/sample-statefulset created\n");
  assert.match(await rolloutStatus(set), /partitioned roll out complete: 3 new pods have been updated\.\.\.\n$/);
  const byName = new Map((await pods()).map((p) => [p.metadata.name, p]));
  for (const i of [1, 2]) {
    const pred = readyAt(byName.get(`${set}-${i - 1}`)!);
    assert.ok(pred && byName.get(`${set}-${i}`)!.metadata.creationTimestamp >= pred, `${set}-${i} created after ${set}-${i - 1} was Ready`);
  }
  const claims = await until("three Bound claims", async () => {
    const out = await t.kubectlOk(["get", "pvc", "-o", 'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.spec.storageClassName} {.spec.accessModes[0]} {.status.capacity.storage}{"\\n"}{end}']);
    return out.split("\n").filter((l) => l.endsWith("1Gi")).length === 3 ? out : undefined;
  });
  assert.equal(claims, [0, 1, 2].map((i) => `www-${set}-${i} Bound managed-nfs-storage ReadWriteMany 1Gi\n`).join(""));
  const events = await t.kubectlOk(["get", "events", "--field-selector", `involvedObject.name=${set}`, "--sort-by=.metadata.creationTimestamp", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}"]);
  for (const i of [0, 1, 2]) {
    assert.ok(events.includes(`create Claim www-${set}-${i} Pod ${set}-${i} in StatefulSet ${set} success`));
    assert.ok(events.includes(`create Pod ${set}-${i} in StatefulSet ${set} successful`));
  }
});

test("2. exec -it sample-statefulset-0 -- df -h shows the volume mounted at /usr/share/nginx/html", async () => {
  const r = await t.kubectl(["exec", "-it", `${set}-0`, "--", "df", "-h"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${mount}\\r?$`, "m"));
});

test("3. exec -it sample-statefulset-0 touch creates a file on the volume", async () => {
  const r = await t.kubectl(["exec", "-it", `${set}-0`, "--", "touch", `${mount}/sample.html`]);
  assert.equal(r.code, 0, r.stderr);
});

test("4. a deleted pod comes back under the same name and the file is still there", async () => {
  const before = (await pods()).find((p) => p.metadata.name === `${set}-0`)!;
  assert.equal(await t.kubectlOk(["delete", "pod", `${set}-0`], { timeoutMs: 120_000 }), `pod "${set}-0" deleted\n`);
  await until(`${set}-0 Ready again`, async () => {
    const p = (await pods()).find((x) => x.metadata.name === `${set}-0`);
    return p && p.metadata.uid !== before.metadata.uid && readyAt(p) ? p : undefined;
  });
  const r = await t.kubectl(["exec", "-it", `${set}-0`, "--", "ls", `${mount}/sample.html`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /sample\.html/);
});

test("5. delete -f then apply -f: the claims outlived the set and the file is still there", async () => {
  assert.equal(await t.kubectlOk(["delete", "-f", seedFile], { timeoutMs: 120_000 }), `statefulset.apps "${set}" deleted\n`);
  await until("the pods gone", async () => ((await pods()).length === 0 ? true : undefined));
  assert.equal((await t.kubectlOk(["get", "pvc", "-o", "name"])).split("\n").filter(Boolean).length, 3);
  assert.equal(await t.kubectlOk(["apply", "-f", seedFile]), "statefulset.apps/sample-statefulset created\n");
  await rolloutStatus(set);
  const r = await t.kubectl(["exec", `${set}-0`, "--", "ls", `${mount}/sample.html`]);
  assert.equal(r.code, 0, r.stderr);
});

test("6. replicas 3 → 4: sample-statefulset-3 appears, ContainerCreating or Pending, then Running", async () => {
  const watch = t.kubectlStream(["get", "pods", "-w"]);
  try {
    await watch.until((lines) => lines.some((l) => l.startsWith(`${set}-2 `)));
    assert.equal(await t.kubectlOk(["scale", "statefulset", set, "--replicas=4"]), `statefulset.apps/${set} scaled\n`);
    const lines = await watch.until((ls) => ls.some((l) => /^sample-statefulset-3\s+1\/1\s+Running/.test(l)), 120_000);
    const states = lines.filter((l) => l.startsWith(`${set}-3 `)).map((l) => l.split(/\s+/)[2]);
    assert.ok(states[0] === "Pending" || states[0] === "ContainerCreating", `first seen as ${states[0]}`);
  } finally {
    await watch.stop();
  }
  await rolloutStatus(set);
});

test("7. replicas 4 → 2: sample-statefulset-3 terminates first and only once it is gone does -2 go", async () => {
  const watch = t.kubectlStream(["get", "pods", "-w", "--output-watch-events"]);
  try {
    await watch.until((lines) => lines.some((l) => l.includes(`${set}-3 `)));
    await t.kubectlOk(["scale", "statefulset", set, "--replicas=2"]);
    const lines = await watch.until((ls) => ls.some((l) => l.startsWith("DELETED") && l.includes(`${set}-2 `)), 120_000);
    const gone3 = lines.findIndex((l) => l.startsWith("DELETED") && l.includes(`${set}-3 `));
    const going2 = lines.findIndex((l) => l.includes(`${set}-2 `) && l.includes("Terminating"));
    const going3 = lines.findIndex((l) => l.includes(`${set}-3 `) && l.includes("Terminating"));
    assert.ok(going3 >= 0 && gone3 > going3, "-3 shown Terminating, then deleted");
    assert.ok(going2 > gone3, "-2 starts terminating only after -3 is gone");
  } finally {
    await watch.stop();
  }
  assert.deepEqual((await pods()).map((p) => p.metadata.name).sort(), [`${set}-0`, `${set}-1`]);
});

test("8. podManagementPolicy Parallel creates and removes all the pods at once", async () => {
  await t.kubectlOk(["create", "namespace", "parallel"]);
  // A readiness probe that never passes: OrderedReady would stop at -0, Parallel does not wait.
  // A preStop hook of 2 s: each pod takes that long to go, so one waiting for another would show.
  const manifest = seedWith("  podManagementPolicy: Parallel\n").replace(
    "          ports:",
    "          readinessProbe:\n            exec:\n              command: [\"false\"]\n            periodSeconds: 1\n" +
      "          lifecycle:\n            preStop:\n              exec:\n                command: [\"sleep\", \"2\"]\n          ports:",
  );
  await t.kubectlOk(["apply", "-n", "parallel", "-f", writeManifest(t, "parallel.yaml", manifest)]);
  const names = await until("three pods", async () => {
    const ps = await pods("parallel");
    return ps.length === 3 ? ps.map((p) => p.metadata.name).sort() : undefined;
  });
  assert.deepEqual(names, [`${set}-0`, `${set}-1`, `${set}-2`]);
  await until("three Running pods", async () => ((await pods("parallel")).every((p) => p.status.phase === "Running") ? true : undefined));
  assert.ok((await pods("parallel")).every((p) => !readyAt(p)), "none of them Ready");
  const watch = t.kubectlStream(["get", "pods", "-n", "parallel", "-w", "--output-watch-events"]);
  try {
    await watch.until((lines) => lines.some((l) => l.includes(`${set}-2 `)));
    await t.kubectlOk(["scale", "statefulset", set, "-n", "parallel", "--replicas=0"]);
    const lines = await watch.until((ls) => ls.filter((l) => l.startsWith("DELETED")).length === 3, 120_000);
    const firstGone = lines.findIndex((l) => l.startsWith("DELETED"));
    for (const i of [0, 1, 2]) {
      const terminating = lines.findIndex((l) => l.includes(`${set}-${i} `) && l.includes("Terminating"));
      assert.ok(terminating >= 0 && terminating < firstGone, `${set}-${i} terminating before any pod is gone:\n${lines.join("\n")}`);
    }
  } finally {
    await watch.stop();
  }
});

test("9. OnDelete: describe shows nginx:1.12 until the pod is deleted, the new pod nginx:1.13", async () => {
  await t.kubectlOk(["create", "namespace", "ondelete"]);
  const file = writeManifest(t, "ondelete.yaml", seedWith("  updateStrategy:\n    type: OnDelete\n"));
  await t.kubectlOk(["apply", "-n", "ondelete", "-f", file]);
  await t.kubectlOk(["wait", "-n", "ondelete", "--for=jsonpath={.status.readyReplicas}=3", `statefulset/${set}`, "--timeout=180s"], { timeoutMs: 200_000 });
  writeManifest(t, "ondelete.yaml", seedWith("  updateStrategy:\n    type: OnDelete\n").replace("nginx:1.12", "nginx:1.13"));
  await t.kubectlOk(["apply", "-n", "ondelete", "-f", file]);
  await t.kubectlOk(["wait", "-n", "ondelete", "--for=jsonpath={.status.observedGeneration}=2", `statefulset/${set}`, "--timeout=30s"]);
  const image = async (): Promise<string> => {
    const described = await t.kubectlOk(["describe", "pod", `${set}-0`, "-n", "ondelete"]);
    return described.split("\n").filter((l) => l.includes("Image:")).map((l) => l.trim().replace(/\s+/g, " ")).join("\n");
  };
  assert.equal(await image(), "Image: nginx:1.12");
  const uid = (await pods("ondelete")).find((p) => p.metadata.name === `${set}-0`)!.metadata.uid;
  await t.kubectlOk(["delete", "pod", `${set}-0`, "-n", "ondelete"], { timeoutMs: 120_000 });
  await until("a new sample-statefulset-0", async () => ((await pods("ondelete")).some((p) => p.metadata.name === `${set}-0` && p.metadata.uid !== uid) ? true : undefined));
  assert.equal(await image(), "Image: nginx:1.13");
  const others = (await pods("ondelete")).filter((p) => p.metadata.name !== `${set}-0`).map((p) => p.spec.containers[0]!.image);
  assert.deepEqual(others, ["nginx:1.12", "nginx:1.12"]);
});

test("10. RollingUpdate replaces the highest ordinal first; partition 1 keeps -0; rollout history, undo and restart", async () => {
  const ns = "rolling";
  await t.kubectlOk(["create", "namespace", ns]);
  await t.kubectlOk(["apply", "-n", ns, "-f", seedFile]);
  await rolloutStatus(set, ns);
  await t.kubectlOk(["patch", "statefulset", set, "-n", ns, "-p", '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}']);
  const watch = t.kubectlStream(["get", "pods", "-n", ns, "-w", "--output-watch-events"]);
  try {
    await watch.until((lines) => lines.some((l) => l.includes(`${set}-2 `)));
    await t.kubectlOk(["set", "image", `statefulset/${set}`, "-n", ns, "nginx-container=nginx:1.13"]);
    const status = await rolloutStatus(set, ns);
    assert.match(status, /partitioned roll out complete: 2 new pods have been updated\.\.\.\n$/);
    const lines = watch.lines();
    const gone = (i: number): number => lines.findIndex((l) => l.startsWith("DELETED") && l.includes(`${set}-${i} `));
    assert.ok(gone(2) >= 0 && gone(1) > gone(2), "-2 replaced before -1");
    assert.equal(gone(0), -1, "-0 is below the partition");
  } finally {
    await watch.stop();
  }
  const images = async (): Promise<string[]> => (await pods(ns)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)).map((p) => p.spec.containers[0]!.image);
  assert.deepEqual(await images(), ["nginx:1.12", "nginx:1.13", "nginx:1.13"]);

  await t.kubectlOk(["patch", "statefulset", set, "-n", ns, "-p", '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}']);
  await rolloutStatus(set, ns);
  assert.deepEqual(await images(), ["nginx:1.13", "nginx:1.13", "nginx:1.13"]);
  assert.match(await t.kubectlOk(["rollout", "history", `statefulset/${set}`, "-n", ns]), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
  assert.equal(await t.kubectlOk(["rollout", "undo", `statefulset/${set}`, "-n", ns]), `statefulset.apps/${set} rolled back\n`);
  await rolloutStatus(set, ns);
  assert.deepEqual(await images(), ["nginx:1.12", "nginx:1.12", "nginx:1.12"]);
  assert.match(await t.kubectlOk(["rollout", "history", `statefulset/${set}`, "-n", ns]), /REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
  assert.equal(await t.kubectlOk(["rollout", "restart", `statefulset/${set}`, "-n", ns]), `statefulset.apps/${set} restarted\n`);
  await rolloutStatus(set, ns);
  const restarted = await t.kubectlOk(["get", "pods", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}{\"\\n\"}{end}"]);
  assert.equal(restarted.split("\n").filter(Boolean).length, 3, "every pod made again from the restarted template");
});

test("a rolling update held by a crash-looping pod is said in the Waiting condition and an event", async () => {
  const ns = "held";
  await t.kubectlOk(["create", "namespace", ns]);
  await t.kubectlOk(["apply", "-n", ns, "-f", seedFile]);
  await rolloutStatus(set, ns);
  // Without a readiness probe a container is Ready for the moment it runs before it exits, which
  // lets a rolling update move on (as upstream); a probe that never passes keeps it not Ready.
  const patch = [
    { op: "add", path: "/spec/template/spec/containers/0/command", value: ["sh", "-c", "exit 1"] },
    { op: "add", path: "/spec/template/spec/containers/0/readinessProbe", value: { exec: { command: ["false"] }, periodSeconds: 1 } },
  ];
  await t.kubectlOk(["patch", "statefulset", set, "-n", ns, "--type=json", "-p", JSON.stringify(patch)]);
  const message = `rolling update held: ${set}-2 is not Ready (CrashLoopBackOff)`;
  await until("the held condition", async () => {
    const c = await t.kubectlOk(["get", "sts", set, "-n", ns, "-o", 'jsonpath={.status.conditions[?(@.type=="Waiting")].message}']);
    return c === message ? c : undefined;
  });
  const described = await t.kubectlOk(["describe", "sts", set, "-n", ns]);
  assert.match(described, /RollingUpdateHeld\s+\S+\s+statefulset-controller\s+rolling update held: sample-statefulset-2 is not Ready \(CrashLoopBackOff\)/);
});
