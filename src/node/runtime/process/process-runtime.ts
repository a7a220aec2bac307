import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../../util/clock.js";
import { containerEnvironment } from "../container-env.js";
import type { CriLogWriterOptions } from "../log/cri-log-writer.js";
import {
  SandboxExistsError,
  SandboxRemovedError,
  type Container,
  type ContainerSpec,
  type Runtime,
  type RuntimeCapabilities,
  type Sandbox,
  type SandboxSpec,
} from "../runtime.js";
import { planLaunch } from "./container-launch.js";
import { canLayerOnDisk, detectHostSupport } from "./host-support.js";
import type { HostSupport } from "./host-support.js";
import { hostMountPoints } from "./mount-points.js";
import { startPodInfra } from "./pod-infra.js";
import type { PodInfra } from "./pod-infra.js";
import { ProcessContainer } from "./process-container.js";
import type { SetupScriptOptions } from "./setup-script.js";

export interface ProcessRuntimeOptions {
  clock: Clock;
  /** The runtime's own directory (per-container scratch mount points); a new temporary one by default. */
  stateDir?: string;
  /** "none" runs plain processes even where namespaces are available. Default "auto". */
  isolation?: "auto" | "none";
  /**
   * The most a container may write outside its volumes, as tmpfs's size= (e.g. "512m"), when its
   * copy-on-write layer cannot be kept on the state directory's disk (which is preferred). Default "512m".
   */
  layerTmpfsSize?: string;
  log?: Pick<CriLogWriterOptions, "maxBytes" | "maxFiles">;
}

/**
 * Runs containers as real processes: each pod in its own UTS and IPC namespaces (hostname set),
 * each container in its own mount and PID namespaces with its volumes bound at their mountPaths,
 * where the host allows it (root on Linux with util-linux); plain processes otherwise, as
 * capabilities() says. Exec enters the namespaces with nsenter.
 */
export class ProcessRuntime implements Runtime {
  private readonly support: HostSupport;
  private readonly stateDir: string;
  private readonly layers: SetupScriptOptions["layers"];
  private readonly live = new Map<string, ProcessSandbox>();
  private readonly ownsStateDir: boolean;

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.support = detectHostSupport({ isolation: options.isolation });
    this.ownsStateDir = options.stateDir === undefined;
    this.stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "tinykube-runtime-"));
    // Sandboxes do not outlive the runtime (their processes die with it): what a previous run left is stale.
    rmSync(join(this.stateDir, "pods"), { recursive: true, force: true });
    mkdirSync(this.stateDir, { recursive: true });
    const onDisk = this.support.capabilities.isolation === "namespaces" && canLayerOnDisk(this.stateDir, this.support);
    this.layers = onDisk ? { on: "disk" } : { on: "tmpfs", size: options.layerTmpfsSize ?? "512m" };
  }

  capabilities(): RuntimeCapabilities {
    return this.support.capabilities;
  }

  async createSandbox(spec: SandboxSpec): Promise<Sandbox> {
    if (this.live.has(spec.uid)) throw new SandboxExistsError(spec.uid);
    const dir = join(this.stateDir, "pods", spec.uid);
    mkdirSync(dir, { recursive: true });
    const isolated = this.support.capabilities.isolation === "namespaces";
    let infra: PodInfra | undefined;
    try {
      infra = isolated ? await startPodInfra(spec.hostname, this.support) : undefined;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const sandbox = new ProcessSandbox(spec, {
      ...this.options,
      support: this.support,
      layers: this.layers,
      dir,
      infra,
      onRemoved: () => this.live.delete(spec.uid),
    });
    this.live.set(spec.uid, sandbox);
    return sandbox;
  }

  sandboxes(): readonly Sandbox[] {
    return [...this.live.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((s) => s.remove()));
    if (this.ownsStateDir) rmSync(this.stateDir, { recursive: true, force: true });
  }
}

interface ProcessSandboxOptions extends ProcessRuntimeOptions {
  support: HostSupport;
  layers: SetupScriptOptions["layers"];
  dir: string;
  infra: PodInfra | undefined;
  onRemoved(): void;
}

class ProcessSandbox implements Sandbox {
  private readonly started: ProcessContainer[] = [];
  private readonly starts = new Map<string, number>();
  private removing: Promise<void> | undefined;

  constructor(
    readonly spec: SandboxSpec,
    private readonly options: ProcessSandboxOptions,
  ) {}

  async startContainer(spec: ContainerSpec): Promise<Container> {
    if (this.removing) throw new SandboxRemovedError(this.spec.uid);
    const n = this.starts.get(spec.name) ?? 0;
    this.starts.set(spec.name, n + 1);
    const scratch = join(this.options.dir, `${spec.name}-${n}`);
    mkdirSync(scratch, { recursive: true });
    const env = containerEnvironment(spec, this.spec);
    const launch = planLaunch({
      spec,
      env,
      support: this.options.support,
      infraPid: this.options.infra?.pid,
      scratch,
      layers: this.options.layers,
      mountPoints: hostMountPoints(),
    });
    const container = await ProcessContainer.start(
      { id: `${this.spec.uid}/${spec.name}/${n}`, spec, env, clock: this.options.clock, support: this.options.support, log: this.options.log, scratch },
      launch,
    );
    this.started.push(container);
    if (this.removing) await container.kill();
    return container;
  }

  containers(): readonly Container[] {
    return this.started;
  }

  remove(): Promise<void> {
    this.removing ??= this.tearDown();
    return this.removing;
  }

  private async tearDown(): Promise<void> {
    this.options.onRemoved();
    await Promise.all(this.started.map((c) => c.kill()));
    await this.options.infra?.stop();
    rmSync(this.options.dir, { recursive: true, force: true });
  }
}
