// The container runtime seam of the node agent: what the agent asks of "something that runs
// containers", with two implementations (process: real processes in Linux namespaces;
// simulated: no processes, played out on the Clock) and one conformance suite
// (runtime-conformance.ts). Like CRI, it knows pods only as sandboxes and containers; restart
// policy, back-off, probes, grace periods and the pod status are the agent's.
import type { ProcessSession, TerminalSize } from "../../api/pod-streams.js";

export type { ProcessSession, TerminalSize } from "../../api/pod-streams.js";

/** The signals the agent sends: SIGTERM to ask a container to stop, SIGKILL after the grace period. */
export type StopSignal = "SIGTERM" | "SIGKILL" | "SIGINT" | "SIGHUP" | "SIGQUIT" | "SIGUSR1" | "SIGUSR2";

/** A Linux namespace a pod may get. */
export type NamespaceKind = "mount" | "pid" | "uts" | "ipc";

/**
 * What a runtime can do on this host, fixed when it is created. The agent turns a shortfall into
 * a Warning Event on the pod (e.g. isolation "none": containers share the host's hostname, mounts
 * and process table).
 */
export interface RuntimeCapabilities {
  /** "process" or "simulated". */
  readonly name: RuntimeName;
  /**
   * "namespaces" when every pod gets the namespaces below; "none" when containers are plain host
   * processes; "simulated" when no process runs at all.
   */
  readonly isolation: "namespaces" | "none" | "simulated";
  /** The namespaces each pod (UTS, IPC) or container (mount, PID) gets; empty without isolation. */
  readonly namespaces: readonly NamespaceKind[];
  /** Why isolation is "none" (not root, not Linux, unshare missing…), for the Event; absent otherwise. */
  readonly isolationMessage?: string;
  /** Whether volumes appear at their mountPath (with isolation) or only at their host directory (without). */
  readonly mountsAtMountPath: boolean;
  /** Whether exec and attach can run under a terminal and follow resizes. */
  readonly tty: boolean;
}

export type RuntimeName = "process" | "simulated";

/** A pod's identity, as the sandbox needs it. */
export interface SandboxSpec {
  /** metadata.uid: the sandbox's identity; one sandbox per uid. */
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** The pod's hostname (spec.hostname or the pod name, as the kubelet computes it; ≤ 63 chars). */
  readonly hostname: string;
  /**
   * The pod's annotations. The simulated runtime reads its `tinykube.io/simulate-*` ones
   * (see simulated/annotations.ts); the process runtime ignores them.
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One volume as a container sees it: a host directory (or file) bound at mountPath. */
export interface MountSpec {
  /** The host directory holding the volume's data (an emptyDir or PVC directory). */
  readonly hostPath: string;
  /** Absolute path inside the container. */
  readonly mountPath: string;
  readonly readOnly?: boolean;
  /** A relative path inside hostPath to mount instead of its root; created as a directory if missing, as the kubelet does. */
  readonly subPath?: string;
}

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

/** One container to start, everything already resolved by the agent. */
export interface ContainerSpec {
  /** The container's name in the pod spec. */
  readonly name: string;
  /**
   * The program and its arguments (command + args, with $(VAR) references expanded). Absent when
   * the pod gives no command: the image's entrypoint would run, which this runtime cannot know, so
   * the container is kept Running on an idle process and its status says `idle: true`.
   */
  readonly argv?: readonly string[];
  /**
   * The final environment, in order (later duplicates win). The runtime adds what a container runtime
   * adds when absent: PATH (the usual image default), HOSTNAME (the pod's hostname), HOME=/root and
   * TERM=xterm under a tty.
   */
  readonly env: readonly EnvVar[];
  /** Absolute; default "/". Created if missing (as runc does), inside the container's view only. */
  readonly workingDir?: string;
  readonly mounts: readonly MountSpec[];
  /** Keep a pipe open to the main process's stdin, written by attach sessions. */
  readonly stdin?: boolean;
  /** Close that stdin after the first attach session that used it ends. */
  readonly stdinOnce?: boolean;
  /** Run the main process under a terminal (stdout and stderr merged). */
  readonly tty?: boolean;
  /**
   * Where to write the container's output, in the CRI log format (cri-log.ts); its directory is
   * created if missing. Appended to if it exists. Both runtimes create it at the first output (a
   * missing file is an empty log). Rotated to `<logPath>.1`, `.2`… when it
   * grows past the runtime's size limit.
   */
  readonly logPath: string;
}

/** How a container ended, in the terms the kubelet puts in ContainerStateTerminated. */
export interface ContainerExit {
  /** The exit code; 128 + signal number when killed by a signal; 128 for a start failure (as containerd). */
  readonly exitCode: number;
  /** The signal that killed the main process, when one did. */
  readonly signal?: StopSignal | string;
  /** "Completed" (exit 0), "Error" (non-zero) or "StartError" (could not start), as containerd reports. */
  readonly reason: "Completed" | "Error" | "StartError";
  /**
   * Why it could not start, worded like runc's errors (e.g. `failed to create task: unable to start
   * container process: exec: "foo": executable file not found in $PATH`); absent otherwise.
   */
  readonly message?: string;
  /**
   * When the process started (Clock ms); absent when it never did (upstream's kubelet then shows
   * startedAt 1970-01-01T00:00:00Z).
   */
  readonly startedAt?: number;
  /** When it ended (Clock ms). */
  readonly finishedAt: number;
}

/** A snapshot of a container. */
export type ContainerStatus =
  | { readonly state: "running"; readonly startedAt: number; readonly idle: boolean; readonly pid?: number }
  | ({ readonly state: "exited"; readonly idle: boolean } & ContainerExit);

/** Which streams an exec or attach wants, and whether it runs a terminal. */
export interface StreamOptions {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
  /** The terminal size to start with, under a tty. */
  readonly size?: TerminalSize;
}

export interface ExecOptions extends StreamOptions {
  readonly command: readonly string[];
}

/** A started container (or one that failed to start: its status is then already "exited"). */
export interface Container {
  /** Unique within the runtime: `<sandbox uid>/<name>/<n>` where n counts starts of that name. */
  readonly id: string;
  readonly name: string;
  /** The current state; cheap, may be called often. */
  status(): ContainerStatus;
  /**
   * Settles once when the main process has ended and its output is in the log file; never
   * rejects (a start failure settles with reason StartError).
   */
  readonly exited: Promise<ContainerExit>;
  /**
   * Sends a signal to the main process (the whole container for SIGKILL). A no-op once exited. As
   * with real containers, a main process that ignores SIGTERM (e.g. a shell or `sleep` as PID 1)
   * keeps running: the caller escalates to SIGKILL after the grace period, on its Clock.
   */
  signal(signal: StopSignal): void;
  /**
   * Runs a command inside the running container (its namespaces, environment and working directory).
   * Rejects with ContainerNotRunningError once the container has exited, and ExecStartError when the
   * command cannot start (not found, not executable); the session's exit settles with its exit code.
   */
  exec(options: ExecOptions): Promise<ProcessSession>;
  /**
   * Attaches to the main process: output from now on (not the log's past), stdin when the container
   * has it. close() detaches without stopping the container. Rejects with ContainerNotRunningError
   * once exited, and with AttachStdinError when stdin is asked of a container without stdin.
   */
  attach(options: StreamOptions): Promise<ProcessSession>;
}

/** One pod's sandbox: its namespaces (where there are any) and its containers. */
export interface Sandbox {
  readonly spec: SandboxSpec;
  /**
   * Starts a container. Resolves once it runs (or failed to: the returned container has then
   * already exited with reason StartError). Rejects only when the sandbox is removed.
   * Container names may repeat (a restart is a new start with a new log path).
   */
  startContainer(spec: ContainerSpec): Promise<Container>;
  /** The containers started in this sandbox, oldest first, including exited ones. */
  containers(): readonly Container[];
  /**
   * Kills everything still running in the sandbox (SIGKILL, no grace: the agent has already run
   * the graceful part), waits until every process is gone and every container's `exited` has
   * settled, undoes its mounts and removes the runtime's own state for it. Volume and log
   * directories (the agent's) are left alone. Idempotent.
   */
  remove(): Promise<void>;
}

/** Something that runs containers for the node agent. */
export interface Runtime {
  capabilities(): RuntimeCapabilities;
  /**
   * Creates the sandbox of a pod (namespaces, hostname). Rejects with SandboxExistsError when
   * one with that uid exists and has not been removed.
   */
  createSandbox(spec: SandboxSpec): Promise<Sandbox>;
  /** The sandboxes not yet removed. */
  sandboxes(): readonly Sandbox[];
  /** Removes every sandbox (as Sandbox.remove) and releases the runtime; nothing may be called after. */
  close(): Promise<void>;
}

/** Base of the runtime's errors: data, with a code to branch on (never the message). */
export class RuntimeError extends Error {
  constructor(
    readonly code: "ContainerNotRunning" | "ExecStartError" | "AttachStdinError" | "SandboxExists" | "SandboxRemoved",
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "RuntimeError";
  }
}

export class ContainerNotRunningError extends RuntimeError {
  constructor(containerId: string) {
    super("ContainerNotRunning", `container ${containerId} is not running`);
  }
}

/** The command of an exec could not start; the message reads like runc's (`exec: "foo": executable file not found in $PATH`). */
export class ExecStartError extends RuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super("ExecStartError", message, options);
  }
}

export class AttachStdinError extends RuntimeError {
  constructor(containerName: string) {
    super("AttachStdinError", `container ${containerName} does not have stdin enabled`);
  }
}

export class SandboxExistsError extends RuntimeError {
  constructor(uid: string) {
    super("SandboxExists", `sandbox for pod ${uid} already exists`);
  }
}

export class SandboxRemovedError extends RuntimeError {
  constructor(uid: string) {
    super("SandboxRemoved", `sandbox for pod ${uid} has been removed`);
  }
}
