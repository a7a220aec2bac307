import { CriLogWriter } from "./cri-log-writer.js";
import type { CriLogWriterOptions } from "./cri-log-writer.js";
import type { LogStream } from "./cri-log.js";

/**
 * A container's CRI log, created (directory and file) off the event loop when the first output
 * comes, and then held open: a container that writes nothing costs no file, and one that does
 * never waits for its log to start. Output that comes while the file is being opened waits in
 * memory (briefly: it is being opened); if it cannot be opened, output is dropped and
 * closed() rejects with why.
 */
export class LazyCriLog {
  private writer: CriLogWriter | undefined;
  private opening: Promise<CriLogWriter> | undefined;
  private readonly waiting: Array<[stream: LogStream, chunk: Buffer]> = [];

  constructor(
    readonly path: string,
    private readonly options: Omit<CriLogWriterOptions, "holdOpen">,
  ) {}

  write(stream: LogStream, chunk: Buffer): void {
    if (this.writer) return this.writer.write(stream, chunk);
    this.waiting.push([stream, chunk]);
    this.opening ??= CriLogWriter.open(this.path, this.options).then((writer) => {
      for (const [s, c] of this.waiting.splice(0)) writer.write(s, c);
      this.writer = writer;
      return writer;
    });
    // Seen by close(); not an unhandled rejection meanwhile.
    this.opening.catch(() => undefined);
  }

  /** Writes what is pending and closes the file; resolves once everything written is in it. */
  async close(): Promise<void> {
    if (!this.opening) return;
    const writer = await this.opening;
    writer.close();
  }
}
