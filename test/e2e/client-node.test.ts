// @kubernetes/client-node 1.4 against tinykube: typed list, a raw watch, and an informer that
// survives its resourceVersion being compacted away while tinykube was down (a 410, then a relist).
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { refs } from "../../src/api/refs.js";
import { servedResources } from "../../src/api/served.js";
import { createRegistry } from "../../src/registry/generic-registry.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { RealClock } from "../../src/util/clock.js";
import { startTinykube, type Tinykube } from "./harness/tinykube.js";

let t: Tinykube;
let restarted: Tinykube | undefined;
before(async () => {
  t = await startTinykube();
});
after(async () => {
  await restarted?.dispose();
  await t.dispose();
});

function kubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  return kc;
}

/** Resolves once cond holds, re-checked whenever poke() is called. */
function condition(cond: () => boolean): { poke(): void; met: Promise<void> } {
  let resolve = (): void => {};
  const met = new Promise<void>((r) => (resolve = r));
  const poke = (): void => {
    if (cond()) resolve();
  };
  return { poke, met };
}

test("the typed client lists config maps with their data", async () => {
  await t.kubectlOk(["create", "namespace", "listed"]);
  await t.kubectlOk(["create", "configmap", "one", "-n", "listed", "--from-literal=k=1"]);
  const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
  const list = await core.listNamespacedConfigMap({ namespace: "listed" });
  assert.deepEqual(list.items.map((i) => [i.metadata?.name, i.data]), [["one", { k: "1" }]]);
  assert.ok(Number(list.metadata?.resourceVersion) > 0);
});

test("a watch from a list's resourceVersion sees ADDED, MODIFIED and DELETED", async () => {
  await t.kubectlOk(["create", "namespace", "watched"]);
  const kc = kubeConfig();
  const list = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedConfigMap({ namespace: "watched" });
  const seen: string[] = [];
  const all = condition(() => seen.length >= 3);
  const controller = await new k8s.Watch(kc).watch(
    "/api/v1/namespaces/watched/configmaps",
    { resourceVersion: list.metadata?.resourceVersion },
    (type, obj: k8s.V1ConfigMap) => {
      seen.push(`${type} ${obj.metadata?.name} ${JSON.stringify(obj.data ?? {})}`);
      all.poke();
    },
    () => {},
  );
  await t.kubectlOk(["create", "configmap", "w", "-n", "watched", "--from-literal=k=1"]);
  await t.kubectlOk(["patch", "configmap", "w", "-n", "watched", "--type=merge", "-p", '{"data":{"k":"2"}}']);
  await t.kubectlOk(["delete", "configmap", "w", "-n", "watched"]);
  await all.met;
  controller.abort();
  assert.deepEqual(seen, ['ADDED w {"k":"1"}', 'MODIFIED w {"k":"2"}', 'DELETED w {"k":"2"}']);
});

test("an informer survives a restart that compacted its resourceVersion away: 410, relist, then live events", async () => {
  await t.kubectlOk(["create", "namespace", "informed"]);
  await t.kubectlOk(["create", "configmap", "before", "-n", "informed"]);
  const kc = kubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, "/api/v1/namespaces/informed/configmaps", () => core.listNamespacedConfigMap({ namespace: "informed" }));
  const names = (): string[] => informer.list("informed").map((c) => c.metadata?.name ?? "").sort();
  const events: string[] = [];
  const waiters = new Set<() => void>();
  const note = (what: string) => (obj: k8s.V1ConfigMap) => {
    events.push(`${what} ${obj.metadata?.name}`);
    for (const w of waiters) w();
  };
  const until = (cond: () => boolean): Promise<void> => {
    const c = condition(cond);
    waiters.add(c.poke);
    c.poke();
    return c.met.finally(() => waiters.delete(c.poke));
  };
  informer.on("add", note("add"));
  informer.on("delete", note("delete"));
  let stopped = false;
  // client-node leaves restarting to its user after an error (here: the server going away)
  informer.on("error", () => {
    if (!stopped) setTimeout(() => void informer.start().catch(() => {}), 100);
  });
  await informer.start();
  try {
    await until(() => names().includes("before"));

    await t.stop();
    // while tinykube is down: changes it will not replay, and history compacted past them
    const store = await openSqliteStore(join(t.dataDir, "store.db"));
    const registry = createRegistry({ store, resources: servedResources(), clock: new RealClock() });
    await registry.create(refs.configMaps, "informed", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "offline" } });
    await registry.delete(refs.configMaps, "informed", "before");
    await store.compact(await store.currentRevision());
    await store.close();

    restarted = await startTinykube({ dataDir: t.dataDir, port: t.port });
    await until(() => names().join(",") === "offline");
    await restarted.kubectlOk(["create", "configmap", "live", "-n", "informed"]);
    await until(() => names().join(",") === "live,offline");
    // A relist reports deletions before additions; replayed watch events would have come in write order.
    assert.deepEqual(events, ["add before", "delete before", "add offline", "add live"]);
  } finally {
    stopped = true;
    await informer.stop();
  }
});
