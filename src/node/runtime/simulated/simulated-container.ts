import type { Clock } from "../../../util/clock.js";
import { containerEnvironment } from "../container-env.js";
import { CriLogWriter } from "../log/cri-log-writer.js";
import type { CriLogWriterOptions } from "../log/cri-log-writer.js";
import {
  AttachStdinError,
  ContainerNotRunningError,
  ExecStartError,
  type Container,
  type ContainerExit,
  type ContainerSpec,
  type ContainerStatus,
  type ExecOptions,
  type ProcessSession,
  type SandboxSpec,
  type StopSignal,
  type StreamOptions,
} from "../runtime.js";
import { createSession } from "../session.js";
import { simulationFor } from "./annotations.js";
import type { Simulation } from "./annotations.js";
import { ShellProcess, isSimulatedProgram } from "./shell-process.js";
import type { ShellEnd } from "./shell-process.js";
import { SimFiles } from "./sim-files.js";
import { SimStdin } from "./sim-stdin.js";

export interface SimulatedContainerOptions {
  readonly id: string;
  readonly spec: ContainerSpec;
  readonly sandbox: SandboxSpec;
  readonly clock: Clock;
  /** Nanoseconds below the millisecond for `date +%N` (see sim-date.ts). */
  readonly subMsNanos: (ms: number) => number;
  readonly log?: Pick<CriLogWriterOptions, "maxBytes" | "maxFiles">;
}

type Listener = (stream: "stdout" | "stderr", chunk: Buffer) => void;

/** A container of the simulated runtime: its command played out by a ShellProcess on the Clock. */
export class SimulatedContainer implements Container {
  readonly exited: Promise<ContainerExit>;
  private state: ContainerStatus;
  private readonly shells = new Set<ShellProcess>();
  private readonly listeners = new Set<Listener>();
  private readonly stdin: SimStdin | undefined;
  private readonly files: SimFiles;
  private readonly env: ReadonlyMap<string, string>;

  constructor(private readonly options: SimulatedContainerOptions) {
    const { spec, sandbox, clock } = options;
    this.env = containerEnvironment(spec, sandbox);
    this.files = new SimFiles(spec.mounts, spec.workingDir ?? "/");
    this.stdin = spec.stdin ? new SimStdin() : undefined;
    const parsed = simulationFor(sandbox.annotations, spec.name);
    const simulation: Simulation = "invalid" in parsed ? {} : parsed;
    const startError = "invalid" in parsed ? parsed.invalid : parsed.startError;
    const idle = spec.argv === undefined;
    if (startError !== undefined) {
      const exit: ContainerExit = { exitCode: 128, reason: "StartError", message: startError, finishedAt: clock.now() };
      this.state = { state: "exited", idle, ...exit };
      this.exited = Promise.resolve(exit);
      return;
    }
    const writer = new CriLogWriter(spec.logPath, { clock, holdOpen: false, ...options.log });
    this.listeners.add((stream, chunk) => writer.write(stream, chunk));
    const startedAt = clock.now();
    this.state = { state: "running", startedAt, idle };
    this.exited = this.play(simulation).then((end) => {
      writer.end();
      // The annotated exit code replaces the program's own, unless SIGKILL ended it.
      const exitCode = end.signal === undefined ? (simulation.exitCode ?? end.exitCode) : end.exitCode;
      const exit: ContainerExit = {
        exitCode,
        ...(end.signal ? { signal: end.signal } : {}),
        reason: exitCode === 0 ? "Completed" : "Error",
        startedAt,
        finishedAt: clock.now(),
      };
      this.state = { state: "exited", idle, ...exit };
      for (const shell of this.shells) shell.signal("SIGKILL");
      return exit;
    });
  }

  get id(): string {
    return this.options.id;
  }

  get name(): string {
    return this.options.spec.name;
  }

  status(): ContainerStatus {
    return this.state;
  }

  signal(signal: StopSignal): void {
    if (this.state.state !== "running") return;
    const main = this.shells.values().next().value;
    main?.signal(signal);
  }

  async exec(options: ExecOptions): Promise<ProcessSession> {
    if (this.state.state !== "running") throw new ContainerNotRunningError(this.id);
    const program = options.command[0];
    if (program === undefined || !isSimulatedProgram(program)) {
      throw new ExecStartError(`exec: "${program ?? ""}": not available in the simulated runtime`);
    }
    let shell: ShellProcess | undefined;
    const ends = createSession(options, { onClose: () => shell?.signal("SIGKILL") });
    const input = ends.input ? collect(ends.input) : Promise.resolve("");
    shell = this.shell({ output: ends.write, readStdin: () => input, unknownPrograms: "missing" });
    this.shells.add(shell);
    void shell.run(options.command).then((end) => {
      this.shells.delete(shell!);
      ends.finish(end.exitCode);
    });
    return ends.session;
  }

  async attach(options: StreamOptions): Promise<ProcessSession> {
    if (this.state.state !== "running") throw new ContainerNotRunningError(this.id);
    if (options.stdin && !this.stdin) throw new AttachStdinError(this.name);
    const listener: Listener = (stream, chunk) => ends.write(stream, chunk);
    const detach = () => {
      this.listeners.delete(listener);
      ends.finish(0);
    };
    const ends = createSession(options, { onClose: detach });
    this.listeners.add(listener);
    void this.exited.then((exit) => {
      this.listeners.delete(listener);
      ends.finish(exit.exitCode);
    });
    if (ends.input && this.stdin) this.stdin.feedFrom(ends.input, { closeAtEnd: this.options.spec.stdinOnce === true });
    return ends.session;
  }

  /** Ends everything at once, as a SIGKILL to the container does. */
  async kill(): Promise<void> {
    for (const shell of this.shells) shell.signal("SIGKILL");
    await this.exited;
  }

  private play(simulation: Simulation): Promise<ShellEnd> {
    const main = this.shell({
      output: (stream, text) => {
        const chunk = Buffer.from(text);
        for (const listener of this.listeners) listener(stream, chunk);
      },
      readStdin: () => this.stdin?.readAll() ?? Promise.resolve(""),
      unknownPrograms: "serve",
    });
    this.shells.add(main);
    const { argv } = this.options.spec;
    if (simulation.durationMs !== undefined || argv === undefined) return main.serve(simulation.durationMs);
    return main.run(argv);
  }

  private shell(io: Pick<ConstructorParameters<typeof ShellProcess>[0], "output" | "readStdin" | "unknownPrograms">): ShellProcess {
    return new ShellProcess({
      clock: this.options.clock,
      env: this.env,
      hostname: this.options.sandbox.hostname,
      cwd: this.options.spec.workingDir ?? "/",
      files: this.files,
      subMsNanos: this.options.subMsNanos,
      ...io,
    });
  }
}

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    stream.on("data", (chunk: Buffer | string) => (text += chunk.toString()));
    stream.on("end", () => resolve(text));
    stream.on("close", () => resolve(text));
  });
}
