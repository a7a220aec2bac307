import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import type { HostSupport } from "./host-support.js";

/**
 * The process that holds a pod's UTS and IPC namespaces (upstream's pause container): it sets
 * the hostname and sleeps. Containers join its namespaces; it dies with the runtime's process.
 */
export interface PodInfra {
  readonly pid: number;
  /** Kills it and waits until it is gone. */
  stop(): Promise<void>;
}

export function startPodInfra(hostname: string, support: HostSupport): Promise<PodInfra> {
  const { setpriv, unshare, sh, hostname: hostnameProgram, sleep } = support.programs;
  const script = `${hostnameProgram} "$1" && echo ok && exec ${sleep} infinity`;
  const child = spawn(setpriv!, ["--pdeathsig", "KILL", "--", unshare!, "--uts", "--ipc", "--", sh!, "-c", script, "sh", hostname], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const gone = new Promise<void>((resolve) => child.on("close", () => resolve()));
  return new Promise((resolve, reject) => {
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ok")) resolve(infra(child, gone));
    });
    child.on("error", reject);
    void gone.then(() => reject(new Error(`pod sandbox could not start: ${errors.trim() || `exit ${child.exitCode}`}`)));
  });
}

function infra(child: ChildProcess, gone: Promise<void>): PodInfra {
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await gone;
    },
  };
}
