import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { constants } from "node:os";
import type { Readable } from "node:stream";
import type { Clock } from "../../../util/clock.js";
import { CriLogWriter } from "../log/cri-log-writer.js";
import type { CriLogWriterOptions } from "../log/cri-log-writer.js";
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
import type { Launch } from "./container-launch.js";
import type { HostSupport } from "./host-support.js";
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
  /** The runtime's directory for this container (its copy-on-write layer): removed once it has exited. */
  readonly scratch?: string;
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
  private child: ChildProcess | undefined;
  /** The main process on the host: PID 1 of the container's namespaces when isolated. */
  private mainPid: number | undefined;
  private sentSignals = new Set<StopSignal>();

  /** Starts the container; resolves once it runs or has failed to start. */
  static async start(options: ProcessContainerOptions, launch: Launch | { startError: string }): Promise<ProcessContainer> {
    const container = new ProcessContainer(options, launch);
    await container.started;
    return container;
  }

  private readonly started: Promise<void>;

  private constructor(
    private readonly options: ProcessContainerOptions,
    launch: Launch | { startError: string },
  ) {
    const idle = "idle" in launch && launch.idle;
    this.state = { state: "running", startedAt: options.clock.now(), idle };
    if ("startError" in launch) {
      const exit = this.startFailed(launch.startError);
      this.exited = Promise.resolve(exit);
      this.started = Promise.resolve();
      return;
    }
    let settleExit!: (exit: ContainerExit) => void;
    this.exited = new Promise((resolve) => (settleExit = resolve));
    this.started = this.launch(launch, settleExit);
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
    if (this.state.state !== "running" || this.child?.pid === undefined) return;
    this.sentSignals.add(signal);
    try {
      // SIGKILL goes to the whole process group (and so to the namespace's PID 1, which takes the
      // namespace down with it); other signals only to the main process, as containerd sends them.
      if (signal === "SIGKILL") process.kill(-this.child.pid, "SIGKILL");
      else if (this.mainPid !== undefined) process.kill(this.mainPid, signal);
    } catch {
      // it has just exited
    }
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
    const stdin = this.child?.stdin;
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

  private launch(launch: Launch, settleExit: (exit: ContainerExit) => void): Promise<void> {
    const { spec, clock } = this.options;
    const child = spawn(launch.argv[0]!, launch.argv.slice(1), {
      cwd: launch.cwd,
      env: launch.env,
      detached: true,
      stdio: [spec.stdin ? "pipe" : "ignore", "pipe", "pipe", ...(launch.ready.length > 0 ? ["pipe" as const] : [])],
    });
    this.child = child;
    child.stdin?.on("error", () => undefined);
    const held: Array<[stream: "stdout" | "stderr", chunk: Buffer]> = [];
    let running = false;
    const writer = new CriLogWriter(spec.logPath, { clock, ...this.options.log });
    this.listeners.add((stream, chunk) => writer.write(stream, chunk));
    const emit = (stream: "stdout" | "stderr", chunk: Buffer) => {
      if (!running) held.push([stream, chunk]);
      else for (const listener of this.listeners) listener(stream, chunk);
    };
    child.stdout!.on("data", (chunk: Buffer) => emit("stdout", chunk));
    child.stderr!.on("data", (chunk: Buffer) => emit("stderr", chunk));
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const run = () => {
      if (running) return;
      running = true;
      this.state = { state: "running", startedAt: clock.now(), idle: this.state.idle, pid: this.mainPid };
      for (const [stream, chunk] of held.splice(0)) emit(stream, chunk);
      markStarted();
    };
    if (launch.ready.length === 0) child.on("spawn", () => ((this.mainPid = child.pid), run()));
    else {
      child.on("spawn", () => (this.mainPid ??= child.pid));
      this.readStatus(child.stdio[3] as Readable, { ready: launch.ready, onPid: (pid) => (this.mainPid = pid), onReady: run });
    }
    child.on("error", (error) => {
      if (running) return;
      settleExit(this.startFailed(`failed to create task: unable to start container process: ${error.message}`));
      writer.close();
      markStarted();
    });
    child.on("exit", () => this.afterMainExit(child));
    child.on("close", (code, signal) => {
      if (!running) {
        const why = Buffer.concat(held.map(([, chunk]) => chunk)).toString().trim();
        settleExit(this.startFailed(`failed to create task: ${why || `setup exited with ${code ?? signal}`}`));
        writer.close();
        markStarted();
        return;
      }
      writer.close();
      for (const exec of this.execs) exec.kill();
      // Nothing runs in the container's mount namespace any more: its layer can go.
      if (this.options.scratch) rmSync(this.options.scratch, { recursive: true, force: true });
      settleExit(this.finished(code, signal));
    });
    return started;
  }

  /** Reads fd 3 until every line of ready has come (and, from the setup script, the pid of PID 1). */
  private readStatus(status: Readable, handlers: { ready: readonly string[]; onPid(pid: number): void; onReady(): void }): void {
    let text = "";
    status.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split("\n");
      const pid = lines.find((line) => line.startsWith("pid "));
      if (pid) handlers.onPid(Number(pid.slice(4)));
      const needsPid = handlers.ready.includes("ok");
      if ((pid || !needsPid) && handlers.ready.every((line) => lines.includes(line))) handlers.onReady();
    });
    status.on("error", () => undefined);
  }

  /**
   * Without a PID namespace nothing takes the main process's children down with it: kill its
   * process group as the end of PID 1 would, and stop waiting for output they still hold.
   */
  private afterMainExit(child: ChildProcess): void {
    if (this.options.support.capabilities.isolation === "namespaces" || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group is already empty
    }
    this.options.clock.setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, DRAIN_MS);
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
