import { rm } from "node:fs/promises";
import { constants } from "node:os";
import type { Clock, Timer } from "../../../util/clock.js";
import type { CriLogWriterOptions } from "../log/cri-log-writer.js";
import { LazyCriLog } from "../log/lazy-cri-log.js";
import {
  AttachStdinError,
  ContainerNotRunningError,
  type Container,
  type ContainerExit,
  type ContainerSpec,
  type ContainerStatus,
  type ExecOptions,
  type ProcessSession,
  type StopSignal,
  type StreamOptions,
} from "../runtime.js";
import { createSession } from "../session.js";
import type { HostSupport } from "./host-support.js";
import type { MainProcess, MainProcessStarter } from "./main-process.js";
import { startExec } from "./process-exec.js";
import { resizeTerminal, terminalOf } from "./terminal.js";
import type { ExecHandle } from "./process-exec.js";

export interface ProcessContainerOptions {
  readonly id: string;
  readonly spec: ContainerSpec;
  readonly env: ReadonlyMap<string, string>;
  readonly clock: Clock;
  readonly support: HostSupport;
  readonly log?: Pick<CriLogWriterOptions, "maxBytes" | "maxFiles">;
  /** The runtime's directory for this container (its copy-on-write layer on disk): removed once it has exited. */
  readonly scratch?: string;
  /** The main process is an idle stand-in for an image entrypoint. */
  readonly idle: boolean;
}

type Listener = (stream: "stdout" | "stderr", chunk: Buffer) => void;

/** How long output may keep flowing after the main process of a plain (unisolated) container exits. */
const DRAIN_MS = 2000;

/** A container of the process runtime: one process tree, its output in a CRI log. */
export class ProcessContainer implements Container {
  readonly exited: Promise<ContainerExit>;
  private state: ContainerStatus;
  private readonly listeners = new Set<Listener>();
  private readonly execs = new Set<ExecHandle>();
  private main: MainProcess | undefined;
  /** The main process on the host: PID 1 of the container's namespaces when isolated. */
  private mainPid: number | undefined;
  private sentSignals = new Set<StopSignal>();

  /** Starts the container with start (or not, with the reason it cannot); resolves once it runs or has failed to. */
  static async start(options: ProcessContainerOptions, start: MainProcessStarter | { startError: string }): Promise<ProcessContainer> {
    const container = new ProcessContainer(options, start);
    await container.started;
    return container;
  }

  private readonly started: Promise<void>;

  private constructor(
    private readonly options: ProcessContainerOptions,
    start: MainProcessStarter | { startError: string },
  ) {
    this.state = { state: "running", startedAt: options.clock.now(), idle: options.idle };
    if (typeof start !== "function") {
      const exit = this.startFailed(start.startError);
      this.exited = Promise.resolve(exit);
      this.started = Promise.resolve();
      return;
    }
    let settleExit!: (exit: ContainerExit) => void;
    this.exited = new Promise((resolve) => (settleExit = resolve));
    this.started = this.launch(start, settleExit);
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
    if (this.state.state !== "running" || !this.main) return;
    this.sentSignals.add(signal);
    // SIGKILL goes to the whole process group (and so to the namespace's PID 1, which takes the
    // namespace down with it); other signals only to the main process, as containerd sends them.
    if (signal === "SIGKILL") this.main.killAll();
    else this.main.signal(signal);
  }

  async exec(options: ExecOptions): Promise<ProcessSession> {
    if (this.state.state !== "running" || this.mainPid === undefined) throw new ContainerNotRunningError(this.id);
    const handle = startExec(
      {
        pid: this.mainPid,
        isolated: this.options.support.capabilities.isolation === "namespaces",
        env: this.options.env,
        workingDir: this.options.spec.workingDir || "/",
        support: this.options.support,
      },
      options,
    );
    this.execs.add(handle);
    void handle.session.exit.finally(() => this.execs.delete(handle));
    return handle.session;
  }

  async attach(options: StreamOptions): Promise<ProcessSession> {
    if (this.state.state !== "running") throw new ContainerNotRunningError(this.id);
    const stdin = this.main?.stdin;
    if (options.stdin && !stdin) throw new AttachStdinError(this.name);
    const listener: Listener = (stream, chunk) => ends.write(stream, chunk);
    const ends = createSession(options, {
      onClose: () => {
        this.listeners.delete(listener);
        ends.input?.unpipe();
        ends.finish(0);
      },
      onResize: (size) => {
        // Under a tty the main process is `script`; the terminal is its child's.
        const tty = this.options.spec.tty && this.mainPid !== undefined ? terminalOf(this.mainPid) : undefined;
        const stty = this.options.support.programs.stty;
        if (tty && stty) resizeTerminal(tty, size, { stty });
      },
    });
    this.listeners.add(listener);
    void this.exited.then((exit) => {
      this.listeners.delete(listener);
      ends.finish(exit.exitCode);
    });
    if (ends.input && stdin) ends.input.pipe(stdin, { end: this.options.spec.stdinOnce === true });
    return ends.session;
  }

  /** Kills everything in the container and waits until it is gone (Sandbox.remove). */
  async kill(): Promise<void> {
    this.signal("SIGKILL");
    for (const exec of this.execs) exec.kill();
    await this.exited;
  }

  private startFailed(message: string): ContainerExit {
    const exit: ContainerExit = { exitCode: 128, reason: "StartError", message, finishedAt: this.options.clock.now() };
    this.state = { state: "exited", idle: this.state.idle, ...exit };
    return exit;
  }

  /** Starts the main process; resolves once it runs or has failed to start. */
  private async launch(start: MainProcessStarter, settleExit: (exit: ContainerExit) => void): Promise<void> {
    const { spec, clock } = this.options;
    const log = new LazyCriLog(spec.logPath, { clock, ...this.options.log });
    this.listeners.add((stream, chunk) => log.write(stream, chunk));
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let closed = false;
    let drain: Timer | undefined;
    let finished = false;
    const finish = async () => {
      if (!exit || !closed || finished) return;
      finished = true;
      drain?.cancel();
      for (const exec of this.execs) exec.kill();
      const result = this.finished(exit.code, exit.signal);
      await log.close().catch(() => undefined);
      // Nothing runs in the container's mount namespace any more: its layer can go.
      if (this.options.scratch) await rm(this.options.scratch, { recursive: true, force: true });
      settleExit(result);
    };
    this.main = start({
      onRunning: (pid) => {
        this.mainPid = pid;
        this.state = { state: "running", startedAt: clock.now(), idle: this.state.idle, pid };
        markStarted();
      },
      onOutput: (stream, chunk) => {
        for (const listener of this.listeners) listener(stream, chunk);
      },
      onStartFailed: (why) => {
        settleExit(this.startFailed(`failed to create task: ${why}`));
        void log.close().catch(() => undefined);
        if (this.options.scratch) void rm(this.options.scratch, { recursive: true, force: true });
        markStarted();
      },
      onExited: (code, signal) => {
        exit = { code, signal };
        drain = this.afterMainExit();
        void finish();
      },
      onClosed: () => {
        closed = true;
        void finish();
      },
    });
    await started;
  }

  /**
   * Without a PID namespace nothing takes the main process's children down with it: kill its
   * process group as the end of PID 1 would, and stop waiting for output they still hold.
   */
  private afterMainExit(): Timer | undefined {
    if (this.options.support.capabilities.isolation === "namespaces" || !this.main) return undefined;
    const main = this.main;
    main.killAll();
    return this.options.clock.setTimeout(() => main.dropOutput(), DRAIN_MS);
  }

  private finished(code: number | null, signal: NodeJS.Signals | null): ContainerExit {
    const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
    // sh reports a child killed by a signal as 128 + its number: name it when it is one we sent.
    const killedBy = signal ?? [...this.sentSignals].find((s) => constants.signals[s] === exitCode - 128);
    const exit: ContainerExit = {
      exitCode,
      ...(killedBy ? { signal: killedBy } : {}),
      reason: exitCode === 0 ? "Completed" : "Error",
      startedAt: this.state.state === "running" ? this.state.startedAt : undefined,
      finishedAt: this.options.clock.now(),
    };
    this.state = { state: "exited", idle: this.state.idle, ...exit };
    return exit;
  }
}
