import { performance } from "node:perf_hooks";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Lease } from "kubernetes-types/coordination/v1.js";
import { refs } from "../../src/api/refs.js";
import type { HttpClient } from "../../src/client/http-client.js";
import { startEtcdCluster } from "../../src/store/etcd/testing/etcd-cluster.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { median, round } from "../lib/stats.js";
import { withTempDir } from "../lib/temp-dir.js";
import { startEtcdServer } from "./etcd-write.js";
import type { EtcdServer } from "./etcd-write.js";

const ROUNDS = 3;
const budgetMs = 20_000;

export const failover: Scenario = {
  name: "failover",
  description:
    "Two tinykube servers on a 3-member etcd cluster; kill -9 of the server leading the controllers, then a Job created " +
    `through the other: time until the new leader's Job controller has made its pod (${ROUNDS} rounds, the killed server ` +
    `restarted between them). Upstream's leader election: 15 s lease, 10 s renew deadline, 2 s retry. ratio = worst ÷ budget ${budgetMs} ms (≤ 1 meets it)`,
  run: (context) => withTempDir((dir) => measure(dir, context)),
};

async function holder(client: HttpClient): Promise<string> {
  return (await client.get<Lease>(refs.leases, "kube-system", "kube-controller-manager")).spec?.holderIdentity ?? "";
}

/** Polls (every 50 ms) until check returns a value. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function measure(dir: string, { progress }: ScenarioContext) {
  const etcd = await startEtcdCluster({ members: 3 });
  const servers: EtcdServer[] = [];
  const acting: number[] = [];
  try {
    servers.push(await startEtcdServer(dir, { name: "a", store: etcd.url }));
    servers.push(await startEtcdServer(dir, { name: "b", store: etcd.url, pkiFrom: servers[0]!.dataDir }));
    for (let r = 0; r < ROUNDS; r++) {
      const probe = servers[0]!.client();
      const id = await until("a controller leader", async () => (await holder(probe)) || undefined, 30_000);
      probe.close();
      const leaderIndex = servers.findIndex((s) => s.stderr().includes(`${id} became leader`));
      if (leaderIndex < 0) throw new Error(`no server says it leads as ${id}`);
      const [leader, survivor] = [servers[leaderIndex]!, servers[1 - leaderIndex]!];
      const client = survivor.client();
      const killedAt = performance.now();
      await leader.stop("SIGKILL");
      const job: Job = {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: `probe-${r}`, namespace: "default" },
        spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox", command: ["true"] }] } } },
      };
      await until("the Job's create", () => client.create(refs.jobs, job), 30_000);
      await until("the new leader's Job controller to make a pod", async () => ((await client.list(refs.pods, "default", { labelSelector: `job-name=probe-${r}` })).items.length > 0 ? true : undefined), 60_000);
      acting.push(performance.now() - killedAt);
      client.close();
      progress({ round: r, killed: leader.name, newLeaderActingMs: round(acting[r]!) });
      // bring the killed server back (same data directory) for the next round
      servers[leaderIndex] = await startEtcdServer(dir, { name: leader.name, store: etcd.url, ...(leader.name === "a" ? {} : { pkiFrom: servers[0]!.dataDir }) });
    }
  } catch (err) {
    for (const s of servers) progress({ server: s.name, stderr: s.stderr().slice(-3000) });
    throw err;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await etcd.stop();
  }
  const worst = Math.max(...acting);
  return {
    ratio: round(worst / budgetMs),
    newLeaderActingMs: { median: round(median(acting)), worst: round(worst), rounds: acting.map((x) => round(x)) },
    budgetMs,
  };
}
