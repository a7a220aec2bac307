import { closeSync, openSync, readSync, statSync, watch, type FSWatcher } from "node:fs";
import { PassThrough, type Readable } from "node:stream";
import { formatCriTimestamp, parseCriLogLine } from "../runtime/log/cri-log.js";

/** PodLogOptions as the kubelet's log reader applies them (sinceSeconds already turned into sinceTime). */
export interface LogReadOptions {
  readonly tailLines?: number;
  /** Clock ms: only records at or after it. */
  readonly sinceTime?: number;
  readonly limitBytes?: number;
  readonly timestamps?: boolean;
  /**
   * Keep reading as the file grows until this settles (the container exited); absent: stop at the
   * current end of the file.
   */
  readonly followUntil?: Promise<unknown>;
}

/** How often a followed log is checked for growth when no file event arrives (I/O plumbing, not logic time). */
const pollMs = 250;

/** Turns CRI records into what `kubectl logs` prints: content, a newline for full lines, an optional timestamp. */
function render(line: string, o: LogReadOptions): string | undefined {
  const rec = parseCriLogLine(line);
  if (!rec) return undefined;
  if (o.sinceTime !== undefined && rec.time < o.sinceTime) return undefined;
  const text = rec.tag === "F" ? `${rec.content}\n` : rec.content;
  return o.timestamps ? `${formatCriTimestamp(rec.time)} ${text}` : text;
}

function readFrom(path: string, offset: number): { text: string; end: number } {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { text: "", end: offset };
  }
  try {
    const size = statSync(path).size;
    if (size <= offset) return { text: "", end: offset };
    const buf = Buffer.alloc(size - offset);
    const n = readSync(fd, buf, 0, buf.length, offset);
    return { text: buf.subarray(0, n).toString("utf8"), end: offset + n };
  } finally {
    closeSync(fd);
  }
}

/** Reads a container's CRI log file as the kubelet serves it: tail, since, timestamps, byte limit and follow. */
export function readContainerLog(path: string, o: LogReadOptions): Readable {
  const out = new PassThrough();
  let budget = o.limitBytes ?? Number.POSITIVE_INFINITY;
  let offset = 0;
  let partial = "";
  const emit = (text: string): boolean => {
    if (budget <= 0) return false;
    const bytes = Buffer.from(text);
    const piece = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
    budget -= piece.length;
    out.write(piece);
    return budget > 0;
  };
  /** Emits every complete record now in the file; false once the byte limit is reached. */
  const drain = (first: boolean): boolean => {
    const { text, end } = readFrom(path, offset);
    offset = end;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    let rendered = lines.map((l) => render(l, o)).filter((l): l is string => l !== undefined);
    if (first && o.tailLines !== undefined) rendered = o.tailLines <= 0 ? [] : rendered.slice(-o.tailLines);
    for (const r of rendered) if (!emit(r)) return false;
    return true;
  };
  const more = drain(true);
  if (!o.followUntil || !more) {
    out.end();
    return out;
  }
  follow(out, { path, drain, until: o.followUntil });
  return out;
}

function follow(out: PassThrough, f: { path: string; drain: (first: boolean) => boolean; until: Promise<unknown> }): void {
  let watcher: FSWatcher | undefined;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    watcher?.close();
    clearInterval(poll);
    out.end();
  };
  const step = (): void => {
    if (!finished && !f.drain(false)) finish();
  };
  try {
    watcher = watch(f.path, step);
    watcher.on("error", () => undefined);
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(step, pollMs);
  poll.unref?.();
  void f.until.then(() => {
    step();
    finish();
  });
  out.on("close", finish);
}
