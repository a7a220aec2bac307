import { join } from "node:path";
import type { Container, Pod } from "kubernetes-types/core/v1.js";
import type { AgentContext } from "./agent-context.js";
import { ContainerProbes } from "./container-probes.js";
import { apiContainerID, type ContainerRecord, specHash } from "./container-record.js";
import { ContainerConfigError, expandArgv, resolveEnv } from "./env/resolve-env.js";
import { runLifecycleHook } from "./lifecycle-hooks.js";
import type { Sandbox } from "./runtime/runtime.js";
import { containerMounts } from "./volumes/container-mounts.js";

export interface StartRequest {
  readonly pod: Pod;
  readonly spec: Container;
  readonly record: ContainerRecord;
  readonly sandbox: Sandbox;
  readonly volumeDirs: ReadonlyMap<string, string>;
  /** The pod's log directory (`<dataDir>/logs/<namespace>_<name>_<uid>`). */
  readonly logDir: string;
  /** Called when the start's process exits or a probe verdict changes. */
  readonly onChange: () => void;
}

/** The kubelet's startContainer: image (none here), config, create, start, postStart; with its events and reasons. */
export async function startContainer(ctx: AgentContext, r: StartRequest): Promise<void> {
  const { pod, spec, record } = r;
  const event = (type: "Normal" | "Warning", reason: string, message: string): void =>
    ctx.events.container(pod, spec.name, { type, reason, message });
  const previous = record.starts.at(-1);
  const attempt = previous ? previous.attempt + 1 : 0;
  event("Normal", "Pulled", `Container image ${JSON.stringify(spec.image ?? "")} already present on machine (tinykube runs no images)`);
  let env;
  try {
    env = await resolveEnv(pod, spec, { objects: ctx.objects, hostIP: ctx.hostIP, podIP: ctx.hostIP, allocatable: ctx.allocatable });
  } catch (err) {
    if (!(err instanceof ContainerConfigError)) throw err;
    record.waiting = { reason: "CreateContainerConfigError", message: err.message };
    event("Warning", "Failed", `Error: ${err.message}`);
    return;
  }
  const argv = expandArgv(spec, env);
  if (!argv) {
    event(
      "Warning",
      "NoCommand",
      `Container ${spec.name} has no command: the entrypoint of image ${JSON.stringify(spec.image ?? "")} cannot be known without the image, so the container idles`,
    );
  }
  // The runtime makes the directory, off the event loop and while the container starts.
  const logPath = join(r.logDir, spec.name, `${attempt}.log`);
  const container = await r.sandbox.startContainer({
    name: spec.name,
    ...(argv ? { argv } : {}),
    env,
    ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
    mounts: containerMounts(spec, r.volumeDirs, env),
    stdin: spec.stdin ?? false,
    stdinOnce: spec.stdinOnce ?? false,
    tty: spec.tty ?? false,
    logPath,
  });
  if (previous?.container.status().state === "exited") {
    const exit = previous.container.status();
    if (exit.state === "exited") ctx.backoff.next(backoffKey(pod, spec.name), exit.finishedAt, ctx.clock.now());
  }
  record.starts.push({ containerID: apiContainerID(container.id), attempt, container, specHash: specHash(spec), logPath });
  record.stopping = undefined;
  record.probes?.stop();
  record.probes = undefined;
  void container.exited.then(r.onChange);
  event("Normal", "Created", `Created container: ${spec.name}`);
  const status = container.status();
  if (status.state === "exited" && status.reason === "StartError") {
    record.waiting = { reason: "RunContainerError", message: status.message ?? "" };
    event("Warning", "Failed", `Error: ${status.message ?? ""}`);
    return;
  }
  record.waiting = undefined;
  event("Normal", "Started", `Started container ${spec.name}`);
  const startedAt = status.state === "running" ? status.startedAt : ctx.clock.now();
  const network = ctx.runtime.capabilities().isolation !== "simulated";
  record.probes = new ContainerProbes({ pod, spec, container, startedAt, clock: ctx.clock, events: ctx.events, podIP: ctx.hostIP, network, onChange: r.onChange });
  await runPostStart(ctx, r, container);
}

async function runPostStart(ctx: AgentContext, r: StartRequest, container: Parameters<typeof runLifecycleHook>[1]["container"]): Promise<void> {
  const hook = r.spec.lifecycle?.postStart;
  if (!hook) return;
  const network = ctx.runtime.capabilities().isolation !== "simulated";
  const failure = await runLifecycleHook(hook, { pod: r.pod, name: r.spec.name, container, clock: ctx.clock, podIP: ctx.hostIP, network });
  if (failure === undefined) return;
  ctx.events.container(r.pod, r.spec.name, { type: "Warning", reason: "FailedPostStartHook", message: failure });
  r.record.stopping = "FailedPostStartHook";
  container.signal("SIGKILL");
}

/** The back-off key of a container: the pod's identity and the container's name (upstream's getStableKey hashes the spec too). */
export function backoffKey(pod: Pod, name: string): string {
  return `${pod.metadata?.uid ?? ""}/${name}`;
}
