import type { SandboxSpec } from "../runtime.js";
import type { LaunchPlan } from "./container-launch.js";
import type { MainProcessStarter } from "./main-process.js";

/** How a process runtime starts processes: through its native helper, or util-linux programs spawned from Node. */
export interface Launcher {
  readonly kind: "helper" | "programs";
  /** Sets up a pod's sandbox (its UTS and IPC namespaces when isolated). */
  sandbox(spec: SandboxSpec): Promise<PodLauncher>;
  /** Releases the launcher once every sandbox is gone. */
  close(): Promise<void>;
}

/** One pod's way of starting its containers. */
export interface PodLauncher {
  /**
   * How to start one container of the plan; scratch is a directory of the runtime's own for it,
   * to remove once it has exited, if it needs one.
   */
  container(plan: LaunchPlan, at: { name: string; n: number }): { start: MainProcessStarter; scratch?: string };
  /** Lets the sandbox go, once nothing runs in it. */
  release(): Promise<void>;
}
