import type { Clock } from "../../../util/clock.js";
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
import { SimulatedContainer } from "./simulated-container.js";
import { subMillisecondNanos } from "./sim-date.js";

export interface SimulatedRuntimeOptions {
  clock: Clock;
  /** Seeds the sub-millisecond digits `date +%N` prints (sim-date.ts); default 0. */
  seed?: number;
  log?: Pick<CriLogWriterOptions, "maxBytes" | "maxFiles">;
}

const CAPABILITIES: RuntimeCapabilities = {
  name: "simulated",
  isolation: "simulated",
  namespaces: [],
  isolationMessage: "the simulated runtime runs no processes: commands are played out on the clock",
  mountsAtMountPath: true,
  tty: false,
};

/**
 * Runs no processes: each container's command is played out on the Clock by a small shell
 * interpreter (shell-process.ts), steered by pod annotations (annotations.ts). Cheap enough for
 * ten thousand pods, and deterministic under a VirtualClock.
 */
export class SimulatedRuntime implements Runtime {
  private readonly live = new Map<string, SimulatedSandbox>();
  private dateCalls = 0;

  constructor(private readonly options: SimulatedRuntimeOptions) {}

  capabilities(): RuntimeCapabilities {
    return CAPABILITIES;
  }

  async createSandbox(spec: SandboxSpec): Promise<Sandbox> {
    if (this.live.has(spec.uid)) throw new SandboxExistsError(spec.uid);
    const sandbox = new SimulatedSandbox(spec, {
      ...this.options,
      subMsNanos: (ms) => subMillisecondNanos(this.options.seed ?? 0, ms, this.dateCalls++),
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
  }
}

interface SimulatedSandboxOptions extends SimulatedRuntimeOptions {
  subMsNanos(ms: number): number;
  onRemoved(): void;
}

class SimulatedSandbox implements Sandbox {
  private readonly started: SimulatedContainer[] = [];
  private readonly starts = new Map<string, number>();
  private removed = false;

  constructor(
    readonly spec: SandboxSpec,
    private readonly options: SimulatedSandboxOptions,
  ) {}

  async startContainer(spec: ContainerSpec): Promise<Container> {
    if (this.removed) throw new SandboxRemovedError(this.spec.uid);
    const n = this.starts.get(spec.name) ?? 0;
    this.starts.set(spec.name, n + 1);
    const container = new SimulatedContainer({
      id: `${this.spec.uid}/${spec.name}/${n}`,
      spec,
      sandbox: this.spec,
      clock: this.options.clock,
      subMsNanos: this.options.subMsNanos,
      log: this.options.log,
    });
    this.started.push(container);
    return container;
  }

  containers(): readonly Container[] {
    return this.started;
  }

  async remove(): Promise<void> {
    if (!this.removed) {
      this.removed = true;
      this.options.onRemoved();
    }
    await Promise.all(this.started.map((c) => c.kill()));
  }
}
