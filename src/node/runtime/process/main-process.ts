import type { Writable } from "node:stream";
import type { StopSignal } from "../runtime.js";

/**
 * What a container's main process reports, in this order: onRunning or onStartFailed first;
 * after onRunning, output, then onExited and onClosed once each (onClosed may come first).
 */
export interface MainProcessEvents {
  /** The command runs (or the idle stand-in is ready); pid on the host, PID 1 of its namespaces when isolated. */
  onRunning(pid: number): void;
  onOutput(stream: "stdout" | "stderr", chunk: Buffer): void;
  /** It could not start; why, in runc's words (the caller adds "failed to create task: "). */
  onStartFailed(why: string): void;
  /** The main process ended; output may still come until onClosed. */
  onExited(code: number | null, signal: NodeJS.Signals | null): void;
  /** No more output will come. */
  onClosed(): void;
}

/** A started main process, however it was started (a util-linux chain or the native helper). */
export interface MainProcess {
  /** Its stdin, when the container has one. */
  readonly stdin: Writable | undefined;
  /** Sends a signal to the main process only. */
  signal(signal: StopSignal): void;
  /** SIGKILL to everything the container started (its process group; its namespace with PID 1). */
  killAll(): void;
  /** Stops waiting for output that processes outside a PID namespace may still hold (onClosed follows). */
  dropOutput(): void;
}

/** Starts a main process reporting to events (the launcher chosen by the runtime). */
export type MainProcessStarter = (events: MainProcessEvents) => MainProcess;
