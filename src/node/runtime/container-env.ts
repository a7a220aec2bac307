import type { ContainerSpec, SandboxSpec } from "./runtime.js";

/** The PATH container images usually set (and containerd's default when an image sets none). */
export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The environment a container's process gets: the agent's list (later duplicates win), plus what
 * containerd and runc add when absent: PATH, HOSTNAME (the pod's hostname), HOME and, under a tty,
 * TERM=xterm.
 */
export function containerEnvironment(container: Pick<ContainerSpec, "env" | "tty">, sandbox: Pick<SandboxSpec, "hostname">): Map<string, string> {
  const env = new Map<string, string>([["PATH", DEFAULT_PATH], ["HOSTNAME", sandbox.hostname]]);
  if (container.tty) env.set("TERM", "xterm");
  for (const { name, value } of container.env) env.set(name, value);
  if (!env.has("HOME")) env.set("HOME", "/root");
  return env;
}

/** The same environment as the `env` argument of child_process.spawn. */
export function environmentRecord(env: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(env);
}
