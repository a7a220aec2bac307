import type { Container, Pod } from "kubernetes-types/core/v1.js";
import type { AgentContext } from "./agent-context.js";
import type { ContainerRecord } from "./container-record.js";
import { runLifecycleHook } from "./lifecycle-hooks.js";

/** The kubelet's minimumGracePeriodInSeconds: what is left of the grace period after preStop never goes below it. */
const minimumGraceMs = 2000;

export interface KillRequest {
  readonly pod: Pod;
  readonly spec: Container | undefined;
  readonly name: string;
  readonly record: ContainerRecord;
  /** The grace period for this stop, in seconds. */
  readonly graceSeconds: number;
  /** The Killing event's message; "Stopping container <name>" by default. */
  readonly message?: string;
}

/**
 * The kubelet's killContainer for the latest start: Killing event, preStop hook within the grace
 * period, SIGTERM, then SIGKILL once the rest of the grace period has passed on the clock. Resolves
 * when the process has exited. Calling it again while it runs does nothing.
 */
export async function killContainer(ctx: AgentContext, k: KillRequest): Promise<void> {
  const start = k.record.starts.at(-1);
  if (!start || start.container.status().state !== "running" || k.record.stopping) return;
  const message = k.message ?? `Stopping container ${k.name}`;
  k.record.stopping = message;
  k.record.probes?.stop();
  ctx.events.container(k.pod, k.name, { type: "Normal", reason: "Killing", message });
  const began = ctx.clock.now();
  let graceMs = k.graceSeconds * 1000;
  const preStop = k.spec?.lifecycle?.preStop;
  if (preStop && graceMs > 0) {
    await runPreStop(ctx, k, { hook: preStop, graceMs });
    graceMs = Math.max(minimumGraceMs, graceMs - (ctx.clock.now() - began));
  } else if (graceMs > 0) {
    graceMs = Math.max(minimumGraceMs, graceMs);
  }
  const container = start.container;
  if (graceMs === 0) {
    container.signal("SIGKILL");
  } else {
    container.signal("SIGTERM");
    const timer = ctx.clock.setTimeout(() => container.signal("SIGKILL"), graceMs);
    void container.exited.then(() => timer.cancel());
  }
  await container.exited;
}

async function runPreStop(ctx: AgentContext, k: KillRequest, o: { hook: NonNullable<NonNullable<Container["lifecycle"]>["preStop"]>; graceMs: number }): Promise<void> {
  const container = k.record.starts.at(-1)!.container;
  const network = ctx.runtime.capabilities().isolation !== "simulated";
  const hook = runLifecycleHook(o.hook, { pod: k.pod, name: k.name, container, clock: ctx.clock, podIP: ctx.hostIP, network });
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = ctx.clock.setTimeout(() => resolve("timeout"), o.graceMs)));
  const outcome = await Promise.race([hook, timeout, container.exited.then(() => "exited" as const)]);
  timer?.cancel();
  // A hook still running when the grace period ends is abandoned without an event, as in v1.32.
  if (outcome !== undefined && outcome !== "timeout" && outcome !== "exited") {
    ctx.events.container(k.pod, k.name, { type: "Warning", reason: "FailedPreStopHook", message: outcome });
  }
}
