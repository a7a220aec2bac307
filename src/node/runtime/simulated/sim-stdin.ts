import type { Readable } from "node:stream";

/**
 * The stdin of a simulated container's main process: what attach sessions write, read as a
 * whole once it is closed (the simulated programs read stdin to its end, as `cat` does).
 */
export class SimStdin {
  private text = "";
  private closed = false;
  private waiters: Array<(text: string) => void> = [];

  /** Appends what a session writes; with closeAtEnd (stdinOnce), the session's end closes stdin. */
  feedFrom(input: Readable, options: { closeAtEnd: boolean }): void {
    input.on("data", (chunk: Buffer | string) => {
      if (!this.closed) this.text += chunk.toString();
    });
    if (options.closeAtEnd) input.on("end", () => this.close());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake(this.text);
  }

  readAll(): Promise<string> {
    if (this.closed) return Promise.resolve(this.text);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
