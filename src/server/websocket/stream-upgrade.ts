import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { ProcessSession } from "../../api/pod-streams.js";
import { apiErrors } from "../../api/status.js";
import type { ApiHandler } from "../api-handler.js";
import type { ApiRequest } from "../api-request.js";
import type { ResourceCall } from "../resource-call.js";
import { errorResponse } from "../responses.js";
import { noPodStreams } from "../verbs/pod-stream.js";
import { finishWithError, runChannelSession, supportedProtocols } from "./channel-session.js";
import { attachOptions, execOptions } from "./stream-options.js";

/**
 * WebSocket upgrades of pods/exec and pods/attach. Authentication, routing and option errors
 * are answered as HTTP errors before the upgrade (kubectl then retries as SPDY and shows the
 * same error); once upgraded, a failure to start the process is the Status on channel 3.
 */
export function streamUpgrader(handler: ApiHandler, toApiRequest: (req: IncomingMessage) => ApiRequest) {
  const wss = new WebSocketServer({
    noServer: true,
    // kubectl needs its offered subprotocol echoed; without it, it falls back to SPDY.
    handleProtocols: (offered) => supportedProtocols.find((p) => offered.has(p)) ?? false,
  });

  return function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let start: (ws: WebSocket) => void;
    try {
      start = prepare(handler.resolveResource(toApiRequest(req)));
      // kubectl falls back to SPDY when a WebSocket upgrade fails; say plainly that only WebSocket is spoken.
      if (req.headers.upgrade?.toLowerCase() !== "websocket") {
        throw apiErrors.badRequest(`unable to upgrade connection: ${req.headers.upgrade ?? "this"} is not supported, only WebSocket (kubectl 1.30 or later)`);
      }
    } catch (err) {
      refuse(socket, err);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => start(ws));
  };
}

/** Checks the request and returns what to run once upgraded. */
function prepare(call: ResourceCall): (ws: WebSocket) => void {
  const sub = call.info.subresource;
  if (sub !== "exec" && sub !== "attach") throw apiErrors.badRequest(`upgrade to a WebSocket is not supported for ${sub ?? call.info.resource}`);
  const streams = call.podStreams;
  if (!streams) throw noPodStreams();
  const ns = call.namespace ?? "";
  const pod = call.info.name ?? "";
  if (sub === "exec") {
    const opts = execOptions(call.query);
    return (ws) => void run(ws, () => streams.exec(ns, pod, opts), opts.command);
  }
  const opts = attachOptions(call.query);
  return (ws) => void run(ws, () => streams.attach(ns, pod, opts), ["attach"]);
}

async function run(ws: WebSocket, open: () => Promise<ProcessSession>, command: readonly string[]): Promise<void> {
  let session: ProcessSession;
  try {
    session = await open();
  } catch (err) {
    finishWithError(ws, err);
    return;
  }
  if (ws.readyState !== ws.OPEN) {
    session.close();
    return;
  }
  await runChannelSession(ws, session, command);
}

/** Answers a refused upgrade with its Status as a plain HTTP response, then closes. */
function refuse(socket: Duplex, err: unknown): void {
  const res = errorResponse(err);
  const body = typeof res.body === "string" ? res.body : "";
  socket.end(
    `HTTP/1.1 ${res.status} ${statusText(res.status)}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function statusText(code: number): string {
  return STATUS_CODES[code] ?? "Error";
}

