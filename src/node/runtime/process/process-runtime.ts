import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
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
import { helperBinary } from "./helper-binary.js";
import { HelperLauncher } from "./helper-launcher.js";
import { canLayerOnDisk, detectHostSupport } from "./host-support.js";
import type { HostSupport } from "./host-support.js";
import type { Launcher, PodLauncher } from "./launcher.js";
import { readHostMountPoints } from "./mount-points.js";
import { ProcessContainer } from "./process-container.js";
import { ProgramLauncher } from "./program-launcher.js";

export interface ProcessRuntimeOptions {
  clock: Clock;
  /** The runtime's own directory (layer mount points, the fallback's scratch); a new temporary one by default. */
  stateDir?: string;
  /** "none" runs plain processes even where namespaces are available. Default "auto". */
  isolation?: "auto" | "none";
  /**
   * Where a container's copy-on-write layer (what it writes outside its volumes) lives: "tmpfs"
   * (default), a tmpfs of layerTmpfsSize in the container's own mount namespace, which costs
   * nothing on disk to make or remove; "disk", under the state directory, unbounded but with
   * directories made and removed per container (and only where the disk can hold an overlay's
   * upper layer; tmpfs otherwise).
   */
  layers?: "tmpfs" | "disk";
  /** The most a container may write outside its volumes on tmpfs layers, as tmpfs's size= (e.g. "512m"). Default "512m". */
  layerTmpfsSize?: string;
  /**
   * "auto" (default): start processes through the native helper, built with the machine's C
   * compiler on first use; util-linux programs spawned from Node where it cannot be built.
   * "never": always those programs.
   */
  helper?: "auto" | "never";
  /** Where the helper's build is kept (helper-binary.ts). */
  helperCacheDir?: string;
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
  private readonly live = new Map<string, ProcessSandbox>();
  /** Sandboxes being created (a second create of one of these uids is refused). */
  private readonly creating = new Set<string>();
  private readonly ownsStateDir: boolean;
  private readonly launching: Promise<Launcher>;

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.support = detectHostSupport({ isolation: options.isolation });
    this.ownsStateDir = options.stateDir === undefined;
    this.stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "tinykube-runtime-"));
    // Sandboxes do not outlive the runtime (their processes die with it): what a previous run left is stale.
    rmSync(join(this.stateDir, "pods"), { recursive: true, force: true });
    mkdirSync(join(this.stateDir, "layers"), { recursive: true });
    // Chosen now, so that the helper is built (once per machine) while nothing waits for it yet.
    this.launching = this.chooseLauncher();
  }

  capabilities(): RuntimeCapabilities {
    return this.support.capabilities;
  }

  /** How processes are started: "helper" or "programs", and why not the helper. Decided (and the helper built) on first use. */
  async launcherKind(): Promise<{ kind: Launcher["kind"]; why?: string }> {
    const launcher = await this.launcher();
    return launcher.kind === "helper" ? { kind: "helper" } : { kind: "programs", why: this.helperUnavailable };
  }

  private helperUnavailable: string | undefined;

  async createSandbox(spec: SandboxSpec): Promise<Sandbox> {
    if (this.live.has(spec.uid) || this.creating.has(spec.uid)) throw new SandboxExistsError(spec.uid);
    this.creating.add(spec.uid);
    try {
      const pod = await (await this.launcher()).sandbox(spec);
      const sandbox = new ProcessSandbox(spec, { ...this.options, support: this.support, pod, onRemoved: () => this.live.delete(spec.uid) });
      this.live.set(spec.uid, sandbox);
      return sandbox;
    } finally {
      this.creating.delete(spec.uid);
    }
  }

  sandboxes(): readonly Sandbox[] {
    return [...this.live.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((s) => s.remove()));
    await (await this.launching).close();
    if (this.ownsStateDir) await rm(this.stateDir, { recursive: true, force: true });
  }

  private launcher(): Promise<Launcher> {
    return this.launching;
  }

  private async chooseLauncher(): Promise<Launcher> {
    const { support, stateDir } = this;
    const isolated = support.capabilities.isolation === "namespaces";
    const size = this.options.layerTmpfsSize ?? "512m";
    const onDisk = isolated && this.options.layers === "disk" && canLayerOnDisk(stateDir, support);
    if (this.options.helper !== "never") {
      let binary = await helperBinary(this.options.helperCacheDir ? { cacheDir: this.options.helperCacheDir } : {});
      // A home directory that cannot be written: the build goes to the state directory.
      if (!("path" in binary) && !this.options.helperCacheDir) binary = await helperBinary({ cacheDir: join(stateDir, "helper") });
      if ("path" in binary) {
        return new HelperLauncher({ binary: binary.path, support, stateDir, layers: onDisk ? { on: "disk" } : { on: "tmpfs", size } });
      }
      this.helperUnavailable = binary.unavailable;
    } else {
      this.helperUnavailable = "turned off";
    }
    return new ProgramLauncher({ support, stateDir, layers: onDisk ? { on: "disk" } : { on: "tmpfs", size } });
  }
}

interface ProcessSandboxOptions extends ProcessRuntimeOptions {
  support: HostSupport;
  pod: PodLauncher;
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
    const pod = this.options.pod;
    if (this.removing) throw new SandboxRemovedError(this.spec.uid);
    const n = this.starts.get(spec.name) ?? 0;
    this.starts.set(spec.name, n + 1);
    const env = containerEnvironment(spec, this.spec);
    const plan = planLaunch({ spec, env, support: this.options.support, mountPoints: await readHostMountPoints() });
    if (this.removing) throw new SandboxRemovedError(this.spec.uid);
    const id = `${this.spec.uid}/${spec.name}/${n}`;
    const common = { id, spec, env, clock: this.options.clock, support: this.options.support, log: this.options.log, idle: "idle" in plan && plan.idle };
    let container: ProcessContainer;
    if ("startError" in plan) container = await ProcessContainer.start(common, plan);
    else {
      const { start, scratch } = pod.container(plan, { name: spec.name, n });
      container = await ProcessContainer.start({ ...common, ...(scratch ? { scratch } : {}) }, start);
    }
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
    await this.options.pod.release();
  }
}
