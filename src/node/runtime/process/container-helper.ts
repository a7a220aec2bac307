import { spawn } from "node:child_process";
import type { ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { encodeFrame, encodeStart, FrameReader } from "./helper-protocol.js";
import type { Frame, StartRequest } from "./helper-protocol.js";

/** Receives the frames of one container: 'r', 'f', 'o', 'e', 'x', 'c' (helper-protocol.ts). */
export type FrameHandler = (frame: Frame) => void;

/** How much of the helper's stderr is kept, to say why it died. */
const STDERR_KEPT = 4096;

/**
 * The running native helper (native/container-helper.c): one process that creates sandboxes and
 * starts containers for a process runtime, their output relayed over one pipe. Node forks no
 * process per container. The helper keeps Node's event loop alive only while something runs in it.
 */
export class ContainerHelper {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly handlers = new Map<number, { handler: FrameHandler; running: boolean; exited: boolean; closed: boolean }>();
  private readonly sandboxes = new Map<number, { resolve(): void; reject(error: Error): void }>();
  private readonly reader = new FrameReader();
  private readonly outgoing: Buffer[] = [];
  private nextId = 1;
  private stderr = "";
  private gone: string | undefined;
  private readonly closed: Promise<void>;
  private referenced = true;
  /** Being closed: its end is awaited, so it holds the event loop until then. */
  private closing = false;

  constructor(binary: string) {
    this.child = spawn(binary, [], { stdio: ["pipe", "pipe", "pipe"], detached: true, cwd: "/" });
    this.child.stdin.on("error", () => undefined);
    this.child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEPT)));
    this.child.on("error", (error) => this.died(error.message));
    this.closed = new Promise((resolve) =>
      this.child.on("close", (code, signal) => {
        this.died(`exited with ${code ?? signal}`);
        resolve();
      }),
    );
    this.updateRef();
  }

  /** The helper's pid on the host. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the helper process is still there. */
  get running(): boolean {
    return this.gone === undefined;
  }

  /** Creates a pod's UTS and IPC namespaces with its hostname; resolves with the sandbox's id. */
  createSandbox(hostname: string): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      if (this.gone) return reject(new Error(`pod sandbox could not start: the container helper ${this.gone}`));
      this.sandboxes.set(id, { resolve: () => resolve(id), reject });
      this.updateRef();
      this.send(encodeFrame("S", id, Buffer.from(hostname)));
    });
  }

  /** Lets a sandbox's namespaces go (once nothing runs in them). */
  removeSandbox(id: number): void {
    this.send(encodeFrame("Z", id));
  }

  /** Starts a container; its frames go to handler until it has failed, or exited and closed. */
  start(request: StartRequest, handler: FrameHandler): number {
    const id = this.nextId++;
    this.handlers.set(id, { handler, running: false, exited: false, closed: false });
    this.updateRef();
    // Reported later, as a helper's answer would be: the caller has the id by then.
    if (this.gone) queueMicrotask(() => this.dispatch({ kind: "f", id, payload: Buffer.from(`the container helper ${this.gone}`) }));
    else this.send(encodeFrame("C", id, encodeStart(request)));
    return id;
  }

  /** Sends signal (a number) to the container's main process, or to its whole process group. */
  signal(id: number, signal: number, options: { group: boolean }): void {
    const payload = Buffer.alloc(5);
    payload.writeInt32LE(signal, 0);
    payload[4] = options.group ? 1 : 0;
    this.send(encodeFrame("K", id, payload));
  }

  writeStdin(id: number, bytes: Buffer): void {
    this.send(encodeFrame("I", id, bytes));
  }

  endStdin(id: number): void {
    this.send(encodeFrame("J", id));
  }

  /** Stops waiting for the container's output (its pipes are closed; 'c' follows). */
  dropOutput(id: number): void {
    this.send(encodeFrame("D", id));
  }

  /** Ends the helper (it kills whatever still runs) and waits until it is gone. */
  async close(): Promise<void> {
    this.closing = true;
    this.updateRef();
    this.flush();
    this.child.stdin.end();
    await this.closed;
  }

  /**
   * Frames are written together once the current round of I/O callbacks is done: a pipe write
   * (and the helper's wake-up) per frame is a large part of a start when many pods start at once.
   */
  private send(frame: Buffer): void {
    if (this.gone) return;
    this.outgoing.push(frame);
    if (this.outgoing.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const frames = this.outgoing.splice(0);
    if (!this.gone && frames.length > 0) this.child.stdin.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) this.dispatch(frame);
  }

  private dispatch(frame: Frame): void {
    const sandbox = this.sandboxes.get(frame.id);
    if (sandbox) {
      this.sandboxes.delete(frame.id);
      if (frame.kind === "s") sandbox.resolve();
      else sandbox.reject(new Error(frame.payload.toString()));
      this.updateRef();
      return;
    }
    const entry = this.handlers.get(frame.id);
    if (!entry) return;
    if (frame.kind === "r") entry.running = true;
    if (frame.kind === "x") entry.exited = true;
    if (frame.kind === "c") entry.closed = true;
    const done = frame.kind === "f" || (entry.exited && entry.closed);
    if (done) {
      this.handlers.delete(frame.id);
      this.updateRef();
    }
    entry.handler(frame);
  }

  /** The helper is gone: whatever waited on it hears so, as failed starts or killed containers. */
  private died(how: string): void {
    if (this.gone) return;
    const why = this.stderr.trim();
    this.gone = why ? `${how}: ${why}` : how;
    for (const [id, sandbox] of this.sandboxes) {
      this.sandboxes.delete(id);
      sandbox.reject(new Error(`pod sandbox could not start: the container helper ${this.gone}`));
    }
    for (const [id, entry] of this.handlers) {
      if (!entry.running) {
        this.dispatch({ kind: "f", id, payload: Buffer.from(`the container helper ${this.gone}`) });
        continue;
      }
      const killed = Buffer.alloc(8);
      killed.writeInt32LE(-1, 0);
      killed.writeInt32LE(9, 4);
      if (!entry.exited) this.dispatch({ kind: "x", id, payload: killed });
      if (!entry.closed) this.dispatch({ kind: "c", id, payload: Buffer.alloc(0) });
    }
    this.updateRef();
  }

  /** Holds Node's event loop open only while a sandbox is being made or a container has not ended. */
  private updateRef(): void {
    const busy = !this.gone && (this.closing || this.handlers.size > 0 || this.sandboxes.size > 0);
    if (busy === this.referenced) return;
    this.referenced = busy;
    const method = busy ? "ref" : "unref";
    this.child[method]();
    for (const stream of [this.child.stdout, this.child.stderr, this.child.stdin]) {
      const socket = stream as unknown as { ref?: () => void; unref?: () => void };
      socket[method]?.();
    }
  }
}
