// The CRI log format containerd writes and the kubelet reads (pkg/kubelet/kuberuntime/logs):
//   2016-10-06T00:17:09.669794202Z stdout P log content 1
//   2016-10-06T00:17:09.669794203Z stderr F log content 2
// "P" marks a partial line (split because it was too long), "F" the end of a line.

export type LogStream = "stdout" | "stderr";
export type LogTag = "P" | "F";

export interface CriLogLine {
  /** Milliseconds since the epoch (the runtime's Clock has millisecond precision). */
  readonly time: number;
  readonly stream: LogStream;
  readonly tag: LogTag;
  /** The content, without the trailing newline. */
  readonly content: string;
}

/** Go's time.RFC3339Nano, as containerd writes it: fraction trimmed of trailing zeros, absent when zero. */
export function formatCriTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ""}Z`;
}

/** One line of the file, newline included. */
export function formatCriLogLine(line: CriLogLine): string {
  return `${formatCriTimestamp(line.time)} ${line.stream} ${line.tag} ${line.content}\n`;
}

/**
 * Parses one line (with or without its newline) as the kubelet does; undefined when it is not a
 * CRI log line. Timestamps keep millisecond precision.
 */
export function parseCriLogLine(text: string): CriLogLine | undefined {
  const match = /^(\S+) (stdout|stderr) ([^ ]+) (.*?)\n?$/s.exec(text);
  if (!match) return undefined;
  const time = Date.parse(match[1]!);
  if (Number.isNaN(time)) return undefined;
  const tag = match[3]!.split(":")[0] === "P" ? "P" : "F";
  return { time, stream: match[2] as LogStream, tag, content: match[4]! };
}
