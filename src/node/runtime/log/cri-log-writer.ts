import { closeSync, existsSync, fstat, fstatSync, mkdirSync, open, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { mkdir as mkdirAsync } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";
import type { Clock } from "../../../util/clock.js";
import { formatCriTimestamp } from "./cri-log.js";
import type { LogStream } from "./cri-log.js";

/** The kubelet's defaults: containerLogMaxSize 10Mi, containerLogMaxFiles 5; containerd's max_container_log_line_size 16Ki. */
export const LOG_DEFAULTS = { maxBytes: 10 * 1024 * 1024, maxFiles: 5, maxLineBytes: 16 * 1024 } as const;

export interface CriLogWriterOptions {
  clock: Clock;
  /** Past this size the file is rotated to `<path>.1` (older ones shift up). */
  maxBytes?: number;
  /** How many files to keep, the current one included; older ones are deleted. */
  maxFiles?: number;
  /** Longer lines are cut into "P" records of this size, as containerd does. */
  maxLineBytes?: number;
  /**
   * Keep the file open between writes (the default, for processes that write often; the file is
   * created at once). false opens it per write and creates it on the first one, so that 10,000
   * quiet simulated containers hold no descriptors and cost no file creation.
   */
  holdOpen?: boolean;
}

const NEWLINE = 0x0a;
const openAsync = promisify(open);
const fstatAsync = promisify(fstat);

/**
 * Writes a container's output to its log file in the CRI format, one record per line, with the
 * Clock's time. Output without a newline waits for one (or for end()). Writes are synchronous:
 * a container writing faster than the disk is slowed through its pipe, never buffered in memory.
 * Bounded on disk: each file at most maxBytes (unless one record is longer), maxFiles of them.
 */
export class CriLogWriter {
  private fd: number | undefined;
  /** Bytes in the current file; undefined until known (a file opened per write is first read at its first write). */
  private size: number | undefined;
  private readonly pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly limits: Required<Omit<CriLogWriterOptions, "clock" | "holdOpen">>;

  constructor(
    readonly path: string,
    private readonly options: CriLogWriterOptions,
  ) {
    this.limits = {
      maxBytes: options.maxBytes ?? LOG_DEFAULTS.maxBytes,
      maxFiles: Math.max(1, options.maxFiles ?? LOG_DEFAULTS.maxFiles),
      maxLineBytes: options.maxLineBytes ?? LOG_DEFAULTS.maxLineBytes,
    };
    if (options.holdOpen === false) return;
    this.fd = openCreatingDir(path);
    this.size = fstatSync(this.fd).size;
  }

  /**
   * A writer holding its file open, opened (created) off the event loop: where many containers
   * start at once, a synchronous create on a busy disk is a large part of each start.
   */
  static async open(path: string, options: Omit<CriLogWriterOptions, "holdOpen">): Promise<CriLogWriter> {
    await mkdirAsync(dirname(path), { recursive: true });
    const fd = await openAsync(path, "a");
    try {
      const { size } = await fstatAsync(fd);
      const writer = new CriLogWriter(path, { ...options, holdOpen: false });
      writer.fd = fd;
      writer.size = size;
      return writer;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Appends output of one stream; complete lines are written at once. */
  write(stream: LogStream, chunk: Buffer): void {
    const records: Buffer[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      records.push(...this.cut(stream, chunk.subarray(start, nl), { ended: true }));
      start = nl + 1;
    }
    if (start < chunk.length) records.push(...this.cut(stream, chunk.subarray(start), { ended: false }));
    this.append(records);
  }

  /** Writes what is left of unfinished lines (as full lines, as containerd does at end of stream). */
  end(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.pending[stream].length > 0) this.append(this.cut(stream, Buffer.alloc(0), { ended: true }));
    }
  }

  close(): void {
    this.end();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * Joins a piece of a line to what is pending on that stream and cuts it into records: "P" ones of
   * maxLineBytes while it is too long, then an "F" one if the line ended (else the rest waits).
   */
  private cut(stream: LogStream, piece: Buffer, { ended }: { ended: boolean }): Buffer[] {
    const line = this.pending[stream].length > 0 ? Buffer.concat([...this.pending[stream].splice(0), piece]) : piece;
    const stamp = `${formatCriTimestamp(this.options.clock.now())} ${stream} `;
    const out: Buffer[] = [];
    let offset = 0;
    while (line.length - offset > this.limits.maxLineBytes) {
      out.push(record(stamp, "P", line.subarray(offset, offset + this.limits.maxLineBytes)));
      offset += this.limits.maxLineBytes;
    }
    if (ended) out.push(record(stamp, "F", line.subarray(offset)));
    else if (offset < line.length) this.pending[stream].push(Buffer.from(line.subarray(offset)));
    return out;
  }

  /** Writes records, starting a new file whenever the next one would take this one past maxBytes. */
  private append(records: Buffer[]): void {
    if (records.length === 0) return;
    this.size ??= existsSync(this.path) ? statSync(this.path).size : 0;
    let group: Buffer[] = [];
    let groupBytes = 0;
    for (const record of records) {
      if (this.size + groupBytes > 0 && this.size + groupBytes + record.length > this.limits.maxBytes) {
        this.writeOut(group);
        group = [];
        groupBytes = 0;
        this.rotate();
      }
      group.push(record);
      groupBytes += record.length;
    }
    this.writeOut(group);
  }

  private writeOut(group: Buffer[]): void {
    if (group.length === 0) return;
    const bytes = group.length === 1 ? group[0]! : Buffer.concat(group);
    const fd = this.fd ?? openCreatingDir(this.path);
    try {
      writeSync(fd, bytes);
    } finally {
      if (this.fd === undefined) closeSync(fd);
    }
    this.size = (this.size ?? 0) + bytes.length;
  }

  private rotate(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    const { maxFiles } = this.limits;
    rmSync(`${this.path}.${maxFiles - 1}`, { force: true });
    for (let n = maxFiles - 2; n >= 1; n--) {
      if (existsSync(`${this.path}.${n}`)) renameSync(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    }
    if (maxFiles > 1) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    if (this.fd !== undefined) this.fd = openSync(this.path, "a");
    this.size = 0;
  }
}

/** Opens path for appending, creating its directory if it is missing. */
function openCreatingDir(path: string): number {
  try {
    return openSync(path, "a");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, "a");
  }
}

/** The files of a log, oldest first: the rotated ones that exist, then the current one. */
export function logFilesOldestFirst(path: string, maxFiles: number = LOG_DEFAULTS.maxFiles): string[] {
  const rotated: string[] = [];
  for (let n = maxFiles - 1; n >= 1; n--) if (existsSync(`${path}.${n}`)) rotated.push(`${path}.${n}`);
  return [...rotated, path];
}

function record(stamp: string, tag: "P" | "F", content: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${stamp}${tag} `), content, Buffer.of(NEWLINE)]);
}
