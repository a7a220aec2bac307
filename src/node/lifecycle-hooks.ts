import type { LifecycleHandler, Pod } from "kubernetes-types/core/v1.js";
import type { Clock } from "../util/clock.js";
import { formatPod } from "./kubelet-format.js";
import { runProbe } from "./probes/probe-runner.js";
import type { Container as RuntimeContainer } from "./runtime/runtime.js";

export interface HookTarget {
  readonly pod: Pod;
  readonly name: string;
  readonly container: RuntimeContainer;
  readonly clock: Clock;
  readonly podIP: string;
  readonly network: boolean;
}

/**
 * Runs a postStart or preStop handler (exec, httpGet, sleep) as the kubelet's handlerRunner; resolves
 * with the failure message its FailedPostStartHook/FailedPreStopHook event carries, or undefined.
 */
export async function runLifecycleHook(handler: LifecycleHandler, t: HookTarget): Promise<string | undefined> {
  if (handler.sleep) {
    await t.clock.sleep(handler.sleep.seconds * 1000);
    return undefined;
  }
  if (handler.exec) return execHook(handler.exec.command ?? [], t);
  if (handler.httpGet) {
    const probe = { httpGet: handler.httpGet, timeoutSeconds: 30 };
    const out = await runProbe(probe, { container: t.container, podIP: t.podIP, namedPorts: new Map(), clock: t.clock, network: t.network });
    if (out.result === "success") return undefined;
    return `HTTP lifecycle hook (${handler.httpGet.path ?? ""}) for Container "${t.name}" in Pod "${formatPod(t.pod)}" failed - error: ${out.output}`;
  }
  return undefined;
}

async function execHook(command: readonly string[], t: HookTarget): Promise<string | undefined> {
  const cmd = `[${command.join(" ")}]`;
  const failed = (error: string, output: string): string =>
    `Exec lifecycle hook (${cmd}) for Container "${t.name}" in Pod "${formatPod(t.pod)}" failed - error: ${error}, message: ${JSON.stringify(output)}`;
  try {
    const session = await t.container.exec({ command, stdin: false, stdout: true, stderr: true, tty: false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    session.stdout?.on("data", (c: Buffer) => out.push(c));
    session.stderr?.on("data", (c: Buffer) => err.push(c));
    const code = await session.exit;
    if (code === 0) return undefined;
    const stderr = Buffer.concat(err).toString();
    return failed(`command '${command.join(" ")}' exited with ${code}: ${stderr}`, Buffer.concat([...out, ...err]).toString());
  } catch (e) {
    return failed(e instanceof Error ? e.message : String(e), "");
  }
}
