// Test and benchmark fixture: a local etcd cluster of real etcd processes on loopback, one
// data directory each (in /dev/shm when there is one: fsync on tmpfs costs nothing).
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Etcd3 } from "etcd3";

export interface EtcdMember {
  readonly name: string;
  /** host:port of the client URL. */
  readonly endpoint: string;
  readonly process: ChildProcess;
  /** True once the process has exited. */
  readonly exited: boolean;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
  /** The name and the last line etcd wrote to stderr, for failure messages. */
  toString(): string;
}

export interface EtcdCluster {
  readonly members: readonly EtcdMember[];
  /** host:port of every member. */
  readonly endpoints: readonly string[];
  /** The --store URL of tinykube up: etcd://h1:p1,h2:p2,... */
  readonly url: string;
  /** The member that is raft leader now. */
  leader(): Promise<EtcdMember>;
  /** SIGKILLs every member (SIGTERM without quorum takes ~7 s) and removes the data. */
  stop(): Promise<void>;
}

export interface StartEtcdClusterOptions {
  /** Default 1. */
  members?: number;
}

const etcdBinary = "/usr/bin/etcd";

/** Installs Debian's etcd-server when etcd is missing (CI machines start without it). */
export function ensureEtcdInstalled(): void {
  if (existsSync(etcdBinary)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "etcd-server"]]) {
    const result = spawnSync("apt-get", args, { stdio: "ignore", env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (status ${result.status})`);
  }
  if (!existsSync(etcdBinary)) throw new Error(`etcd-server installed but ${etcdBinary} is missing`);
}

export async function startEtcdCluster(options: StartEtcdClusterOptions = {}): Promise<EtcdCluster> {
  ensureEtcdInstalled();
  const count = options.members ?? 1;
  const root = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "tinykube-etcd-"));
  const ports = await freePorts(count * 2);
  const names = Array.from({ length: count }, (_, i) => `m${i}`);
  const peer = (i: number) => `http://127.0.0.1:${ports[2 * i + 1]}`;
  const initialCluster = names.map((name, i) => `${name}=${peer(i)}`).join(",");
  const members = names.map((name, i) =>
    startMember({ name, dir: join(root, name), clientPort: ports[2 * i]!, peerUrl: peer(i), initialCluster, token: `tinykube-${process.pid}-${ports[0]}` }),
  );
  const endpoints = members.map((m) => m.endpoint);
  const cluster: EtcdCluster = {
    members,
    endpoints,
    url: `etcd://${endpoints.join(",")}`,
    leader: () => findLeader(members),
    stop: async () => {
      await Promise.all(members.map((m) => m.kill()));
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await untilServing(endpoints);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

interface MemberSpec {
  name: string;
  dir: string;
  clientPort: number;
  peerUrl: string;
  initialCluster: string;
  /** The same for every member of one cluster. */
  token: string;
}

function startMember(spec: MemberSpec): EtcdMember {
  const clientUrl = `http://127.0.0.1:${spec.clientPort}`;
  const child = spawn(
    etcdBinary,
    [
      `--name=${spec.name}`,
      `--data-dir=${spec.dir}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${spec.peerUrl}`,
      `--initial-advertise-peer-urls=${spec.peerUrl}`,
      `--initial-cluster=${spec.initialCluster}`,
      "--initial-cluster-state=new",
      `--initial-cluster-token=${spec.token}`,
      "--logger=zap",
      "--log-level=error",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  let exited = child.exitCode !== null;
  const gone = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  return {
    name: spec.name,
    endpoint: `127.0.0.1:${spec.clientPort}`,
    process: child,
    get exited() {
      return exited;
    },
    kill: async () => {
      if (!exited) child.kill("SIGKILL");
      await gone;
    },
    toString: () => `${spec.name} (${stderr.trim().split("\n").at(-1) ?? ""})`,
  };
}

/** Ports that were free a moment ago (the kernel hands out a fresh one for each port-0 bind). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Waits until a write through every member succeeds (so there is a leader and a quorum). */
async function untilServing(endpoints: readonly string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const endpoint of endpoints) {
    const client = new Etcd3({ hosts: [endpoint], dialTimeout: 1000 });
    try {
      for (;;) {
        try {
          await client.put("/tinykube-etcd-ready").value("1").options({ deadline: Date.now() + 2000 }).exec();
          break;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`etcd ${endpoint} did not start`, { cause: err });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    } finally {
      client.close();
    }
  }
}

/** The member that says it is the leader (its own id is the leader id it reports). */
async function findLeader(members: readonly EtcdMember[]): Promise<EtcdMember> {
  for (const member of members.filter((m) => !m.exited)) {
    const client = new Etcd3({ hosts: [member.endpoint], dialTimeout: 1000 });
    try {
      const status = await client.maintenance.status({ deadline: Date.now() + 2000 });
      if (status.leader === status.header.member_id) return member;
    } catch {
      // a member that does not answer is not the leader
    } finally {
      client.close();
    }
  }
  throw new Error("no etcd member says it is the leader");
}
