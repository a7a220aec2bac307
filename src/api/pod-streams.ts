import type { Readable, Writable } from "node:stream";

/**
 * The streaming pod subresources (log, exec, attach, portforward), which belong to the node
 * agent running the pod. The server routes /pods/<name>/{log,exec,attach,portforward} here and
 * does the HTTP and WebSocket framing; an implementation (the node agent, or a router to
 * remote ones) does the process side. Every method rejects with a StatusError for an
 * API-level failure (pod not found, container not running, bad container name...).
 */
export interface PodStreams {
  /**
   * The container's log as upstream's kubelet serves it. Resolves once the stream can start;
   * without follow the stream ends at the current end of the log, with follow it stays open
   * until the container stops or the consumer destroys it.
   */
  log(namespace: string, pod: string, options: PodLogOptions): Promise<Readable>;

  /** Runs a command in a running container (kubectl exec). */
  exec(namespace: string, pod: string, options: PodExecOptions): Promise<ProcessSession>;

  /** Attaches to a running container's main process (kubectl attach). */
  attach(namespace: string, pod: string, options: PodAttachOptions): Promise<ProcessSession>;

  /** Opens a byte stream to a port inside the pod (kubectl port-forward); optional. */
  portForward?(namespace: string, pod: string, port: number): Promise<PortStream>;
}

/** core/v1 PodLogOptions, as query parameters of GET .../log. */
export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  sinceSeconds?: number;
  /** RFC 3339. */
  sinceTime?: string;
  timestamps?: boolean;
  tailLines?: number;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend?: boolean;
}

/** Which standard streams the client wants, and whether it runs a terminal. */
export interface PodStreamFlags {
  container?: string;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** core/v1 PodExecOptions. */
export interface PodExecOptions extends PodStreamFlags {
  command: string[];
}

/** core/v1 PodAttachOptions. */
export type PodAttachOptions = PodStreamFlags;

/** A terminal size, as kubectl sends it on the resize channel. */
export interface TerminalSize {
  width: number;
  height: number;
}

/**
 * A running exec or attach. stdin is present when asked for (end() it when the client
 * closes its side); stdout and stderr are present when asked for (under a tty, stderr is
 * merged into stdout and absent).
 */
export interface ProcessSession {
  readonly stdin?: Writable;
  readonly stdout?: Readable;
  readonly stderr?: Readable;
  /** A terminal resize from the client; ignored without a tty. */
  resize(size: TerminalSize): void;
  /**
   * Settles when the process ends: its exit code (0 for success), after stdout and stderr
   * have ended. Rejects with a StatusError when it could not run at all.
   */
  readonly exit: Promise<number>;
  /** The client went away: stop the process (exec) or detach (attach). */
  close(): void;
}

/** One forwarded connection to a pod port. */
export interface PortStream {
  readonly input: Writable;
  readonly output: Readable;
  close(): void;
}
