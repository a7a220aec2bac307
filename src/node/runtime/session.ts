import { PassThrough } from "node:stream";
import type { ProcessSession, StreamOptions, TerminalSize } from "./runtime.js";

/** The runtime's side of a session: where to put output and read input, and how to finish it. */
export interface SessionEnds {
  readonly session: ProcessSession;
  /** What the client writes, present when stdin was asked for. */
  readonly input?: PassThrough;
  /** Writes output for the client; under a tty stderr goes to stdout; dropped when not asked for. */
  write(stream: "stdout" | "stderr", chunk: Buffer | string): void;
  /** Ends the output streams and settles exit with the code. */
  finish(exitCode: number): void;
}

export interface SessionHooks {
  /** The client went away (close()). */
  onClose(): void;
  onResize?(size: TerminalSize): void;
}

/** Builds a ProcessSession over in-memory streams, for a runtime to fill. */
export function createSession(options: StreamOptions, hooks: SessionHooks): SessionEnds {
  const input = options.stdin ? new PassThrough() : undefined;
  const stdout = options.stdout ? new PassThrough() : undefined;
  const stderr = options.stderr && !options.tty ? new PassThrough() : undefined;
  let settle!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (settle = resolve));
  let finished = false;
  const session: ProcessSession = {
    stdin: input,
    stdout,
    stderr,
    exit,
    resize: (size) => {
      if (options.tty) hooks.onResize?.(size);
    },
    close: () => {
      if (!finished) hooks.onClose();
    },
  };
  return {
    session,
    input,
    write: (stream, chunk) => {
      if (finished) return;
      const target = stream === "stderr" && !options.tty ? stderr : stdout;
      target?.write(chunk);
    },
    finish: (exitCode) => {
      if (finished) return;
      finished = true;
      const ends = [stdout, stderr].filter((s): s is PassThrough => s !== undefined);
      let open = ends.length;
      if (open === 0) settle(exitCode);
      for (const s of ends) {
        s.end(() => {
          if (--open === 0) settle(exitCode);
        });
      }
    },
  };
}
