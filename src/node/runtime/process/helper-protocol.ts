// The frames between the process runtime and its native helper (native/container-helper.c):
// u32 length of what follows (little-endian), u8 kind, u32 id, payload.

/** What Node asks of the helper. */
export type RequestKind =
  | "S" // create a sandbox (payload: hostname)
  | "Z" // a sandbox is gone
  | "C" // start a container (payload: start fields)
  | "I" // bytes for a container's stdin
  | "J" // close a container's stdin
  | "K" // send a signal (payload: i32 signal, u8 1 for the whole process group)
  | "D"; // stop reading a container's output

/** What the helper reports. */
export type ReplyKind =
  | "s" // sandbox ready
  | "f" // failed (payload: message), a sandbox or a start
  | "r" // running (payload: u32 pid on the host)
  | "o" // stdout bytes
  | "e" // stderr bytes
  | "x" // exited (payload: i32 exit code or -1, i32 signal number or 0)
  | "c"; // both output pipes at their end

export interface Frame {
  readonly kind: string;
  readonly id: number;
  readonly payload: Buffer;
}

const HEADER = 9;

export function encodeFrame(kind: RequestKind, id: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.allocUnsafe(HEADER + payload.length);
  frame.writeUInt32LE(5 + payload.length, 0);
  frame.write(kind, 4, "latin1");
  frame.writeUInt32LE(id, 5);
  payload.copy(frame, HEADER);
  return frame;
}

/** Cuts a byte stream into frames, whatever the chunks' boundaries. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** The frames completed by chunk, in order. */
  push(chunk: Buffer): Frame[] {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    let at = 0;
    while (data.length - at >= 4) {
      const length = data.readUInt32LE(at);
      if (length < 5) throw new Error(`container helper: a frame of ${length} bytes`);
      if (data.length - at < 4 + length) break;
      frames.push({ kind: String.fromCharCode(data[at + 4]!), id: data.readUInt32LE(at + 5), payload: data.subarray(at + HEADER, at + 4 + length) });
      at += 4 + length;
    }
    // Copied, so that a large chunk is not kept alive by a few trailing bytes.
    this.pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    return frames;
  }
}

/** One step the container's first process takes before its command, in order (run_op in the helper). */
export type HelperOp =
  | { readonly op: "private" } // every mount private, nothing propagates to the host
  | { readonly op: "tmpfs"; readonly target: string; readonly options: string }
  | { readonly op: "mkdir"; readonly path: string } // mkdir -p
  | { readonly op: "touch"; readonly path: string } // an empty file where there is none
  | { readonly op: "overlay"; readonly target: string; readonly options: string }
  | { readonly op: "proc"; readonly target: string }
  | { readonly op: "bind"; readonly source: string; readonly target: string; readonly recursive?: boolean; readonly readOnly?: boolean }
  | { readonly op: "root"; readonly dir: string } // mount --move DIR / and chroot into it
  | { readonly op: "chdir"; readonly dir: string };

/** What one container start asks for. */
export interface StartRequest {
  /** The sandbox whose UTS and IPC namespaces it joins, with new mount and PID ones; absent: a plain process. */
  readonly sandbox?: number;
  readonly stdin: boolean;
  /** Run the helper's idle stand-in (ends 0 on SIGTERM/SIGINT) instead of a command. */
  readonly idle: boolean;
  /** The file to execve (resolved as the container sees it) and its argv; absent when idle. */
  readonly file?: string;
  readonly argv: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  readonly ops: readonly HelperOp[];
}

export function encodeStart(request: StartRequest): Buffer {
  const fields: Buffer[] = [];
  const field = (tag: string, value: Buffer | string) => {
    const bytes = typeof value === "string" ? Buffer.from(value) : value;
    const head = Buffer.allocUnsafe(5);
    head.write(tag, 0, "latin1");
    head.writeUInt32LE(bytes.length, 1);
    fields.push(head, bytes);
  };
  if (request.sandbox !== undefined) {
    const id = Buffer.allocUnsafe(4);
    id.writeUInt32LE(request.sandbox, 0);
    field("n", id);
  }
  if (request.stdin) field("i", "");
  if (request.idle) field("d", "");
  if (request.file !== undefined) field("x", request.file);
  for (const arg of request.argv) field("a", arg);
  for (const [name, value] of request.env) field("e", `${name}=${value}`);
  for (const op of request.ops) field("o", opText(op));
  return Buffer.concat(fields);
}

/** An op as the helper reads it: a letter and its arguments, NUL-separated. */
export function opText(op: HelperOp): string {
  const parts = ((): string[] => {
    switch (op.op) {
      case "private":
        return ["P"];
      case "tmpfs":
        return ["T", op.target, op.options];
      case "mkdir":
        return ["D", op.path];
      case "touch":
        return ["F", op.path];
      case "overlay":
        return ["O", op.target, op.options];
      case "proc":
        return ["R", op.target];
      case "bind":
        return ["B", op.source, op.target, `${op.recursive ? "r" : ""}${op.readOnly ? "o" : ""}`];
      case "root":
        return ["M", op.dir];
      case "chdir":
        return ["C", op.dir];
    }
  })();
  for (const part of parts) if (part.includes("\0")) throw new Error(`container helper: a NUL byte in ${JSON.stringify(part)}`);
  return parts.join("\0");
}

/** The exit of a main process from an 'x' payload. */
export function decodeExit(payload: Buffer): { code: number | null; signal: number | null } {
  const code = payload.readInt32LE(0);
  const signal = payload.readInt32LE(4);
  return { code: code >= 0 ? code : null, signal: signal > 0 ? signal : null };
}
