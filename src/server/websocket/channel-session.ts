import type { WebSocket } from "ws";
import type { ProcessSession } from "../../api/pod-streams.js";
import { statusOf } from "../responses.js";

/**
 * The Kubernetes remote-command channel protocol over one WebSocket (v4/v5.channel.k8s.io):
 * every binary message is a channel byte and a payload. Client → server: 0 stdin, 4 terminal
 * resize, 255 close a stream (v5). Server → client: 1 stdout, 2 stderr, 3 the final Status.
 */
export const channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export const supportedProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"] as const;

function frame(ch: number, data: Uint8Array | string): Buffer {
  const payload = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([Buffer.from([ch]), payload]);
}

/** The Status kubectl turns into its exit code: Success, or NonZeroExitCode with the code as cause. */
export function exitStatus(code: number, command: readonly string[]): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: "Success" };
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code ${code}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] },
  };
}

/** Sends the final Status on channel 3 and closes normally, as kubectl needs both to finish. */
export function finish(ws: WebSocket, status: unknown): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(frame(channel.error, JSON.stringify(status)), () => ws.close(1000));
}

/** A failure before or while starting the process, reported as its Status on channel 3. */
export function finishWithError(ws: WebSocket, err: unknown): void {
  finish(ws, statusOf(err));
}

/**
 * Bridges an open WebSocket and a running process until the process exits (Status on
 * channel 3, then close) or the client goes away (the session is closed).
 */
export async function runChannelSession(ws: WebSocket, session: ProcessSession, command: readonly string[]): Promise<void> {
  ws.on("message", (data: Buffer, isBinary: boolean) => onClientMessage(session, isBinary ? data : Buffer.from(data)));
  ws.on("close", () => session.close());
  session.stdout?.on("data", (chunk: Buffer) => ws.readyState === ws.OPEN && ws.send(frame(channel.stdout, chunk)));
  session.stderr?.on("data", (chunk: Buffer) => ws.readyState === ws.OPEN && ws.send(frame(channel.stderr, chunk)));
  try {
    finish(ws, exitStatus(await session.exit, command));
  } catch (err) {
    finishWithError(ws, err);
  }
}

function onClientMessage(session: ProcessSession, data: Buffer): void {
  if (data.length === 0) return;
  const payload = data.subarray(1);
  switch (data[0]) {
    case channel.stdin:
      if (payload.length > 0) session.stdin?.write(payload);
      break;
    case channel.resize:
      resize(session, payload);
      break;
    case channel.close:
      if (payload[0] === channel.stdin) session.stdin?.end();
      break;
    default:
      break;
  }
}

function resize(session: ProcessSession, payload: Buffer): void {
  try {
    const size = JSON.parse(payload.toString("utf8")) as { Width?: unknown; Height?: unknown };
    if (typeof size.Width === "number" && typeof size.Height === "number") session.resize({ width: size.Width, height: size.Height });
  } catch {
    // A malformed resize is ignored, as the kubelet's resize loop skips what it cannot decode.
  }
}
