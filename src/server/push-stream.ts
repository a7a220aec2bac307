import type { BodyStream } from "./api-request.js";

/**
 * A BodyStream fed by pushes: producers (watch events, log chunks) push, the listener
 * iterates. Pushes after end() or close() are dropped; onClose runs once, whichever ends it.
 */
export class PushStream implements BodyStream {
  private readonly queue: Array<Uint8Array | string> = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private closeHandlers: Array<() => void> = [];

  push(chunk: Uint8Array | string): void {
    if (this.ended) return;
    this.queue.push(chunk);
    this.signal();
  }

  /** Ends the stream after the queued chunks. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.signal();
    this.runCloseHandlers();
  }

  /** The consumer went away: drop what is queued and stop the producer. */
  close(): void {
    this.queue.length = 0;
    this.end();
  }

  /** Runs fn when the stream ends or is closed (at once if it already has). */
  onClose(fn: () => void): void {
    if (this.ended) fn();
    else this.closeHandlers.push(fn);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array | string> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private runCloseHandlers(): void {
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const fn of handlers) fn();
  }
}
