import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { SandboxSpec } from "../runtime.js";
import { helperStart } from "./container-launch.js";
import type { LaunchPlan } from "./container-launch.js";
import { ContainerHelper } from "./container-helper.js";
import type { HelperLayers } from "./helper-ops.js";
import { startHelperProcess } from "./helper-process.js";
import type { HostSupport } from "./host-support.js";
import type { Launcher, PodLauncher } from "./launcher.js";

export interface HelperLauncherOptions {
  readonly binary: string;
  readonly support: HostSupport;
  /** The runtime's state directory. */
  readonly stateDir: string;
  /** Layers on a tmpfs of this size (mounted in each container's namespace at `<stateDir>/layers`), or on disk. */
  readonly layers: { readonly on: "tmpfs"; readonly size: string } | { readonly on: "disk" };
}

/**
 * Starts containers through the native helper: a pod's namespaces are held by the helper
 * itself (no infra process), and no directory is made per pod or container when layers are
 * on tmpfs. The helper is started again if it has died (its containers died with it).
 */
export class HelperLauncher implements Launcher {
  readonly kind = "helper";
  private helper: ContainerHelper | undefined;

  constructor(private readonly options: HelperLauncherOptions) {}

  async sandbox(spec: SandboxSpec): Promise<PodLauncher> {
    if (!this.helper?.running) this.helper = new ContainerHelper(this.options.binary);
    const helper = this.helper;
    const isolated = this.options.support.capabilities.isolation === "namespaces";
    const id = isolated ? await helper.createSandbox(spec.hostname) : undefined;
    const podDir = join(this.options.stateDir, "pods", spec.uid);
    const onDisk = this.options.layers.on === "disk";
    return {
      container: (plan: LaunchPlan, at) => {
        const scratch = onDisk && plan.view ? join(podDir, `${at.name}-${at.n}`) : undefined;
        const layers: HelperLayers = scratch
          ? { dir: join(scratch, "layers") }
          : { dir: join(this.options.stateDir, "layers"), tmpfsSize: this.options.layers.on === "tmpfs" ? this.options.layers.size : "512m" };
        const request = helperStart(plan, { support: this.options.support, ...(id !== undefined ? { sandbox: id } : {}), layers });
        return { start: (events) => startHelperProcess(helper, request, events), ...(scratch ? { scratch } : {}) };
      },
      release: async () => {
        if (id !== undefined) helper.removeSandbox(id);
        if (onDisk) await rm(podDir, { recursive: true, force: true });
      },
    };
  }

  async close(): Promise<void> {
    await this.helper?.close();
  }
}
