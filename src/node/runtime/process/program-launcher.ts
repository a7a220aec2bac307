import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { SandboxSpec } from "../runtime.js";
import { spawnLaunch } from "./container-launch.js";
import type { LaunchPlan } from "./container-launch.js";
import type { HostSupport } from "./host-support.js";
import type { Launcher, PodLauncher } from "./launcher.js";
import { startPodInfra } from "./pod-infra.js";
import type { SetupScriptOptions } from "./setup-script.js";
import { startSpawnedProcess } from "./spawned-process.js";

export interface ProgramLauncherOptions {
  readonly support: HostSupport;
  readonly stateDir: string;
  readonly layers: SetupScriptOptions["layers"];
}

/**
 * Starts containers with util-linux programs spawned from Node (where the native helper cannot
 * be built): a pod's namespaces held by an infra process, each container a chain of setpriv,
 * nsenter, unshare and a setup script, with a scratch directory of its own.
 */
export class ProgramLauncher implements Launcher {
  readonly kind = "programs";

  constructor(private readonly options: ProgramLauncherOptions) {}

  async sandbox(spec: SandboxSpec): Promise<PodLauncher> {
    const { support } = this.options;
    const dir = join(this.options.stateDir, "pods", spec.uid);
    const infra = support.capabilities.isolation === "namespaces" ? await startPodInfra(spec.hostname, support) : undefined;
    return {
      container: (plan: LaunchPlan, at) => {
        const scratch = join(dir, `${at.name}-${at.n}`);
        const launch = spawnLaunch(plan, { support, ...(infra ? { infraPid: infra.pid } : {}), scratch, layers: this.options.layers });
        return { start: (events) => startSpawnedProcess(launch, events), ...(plan.view ? { scratch } : {}) };
      },
      release: async () => {
        await infra?.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  async close(): Promise<void> {}
}
