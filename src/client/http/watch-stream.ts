import type { IncomingMessage } from "node:http";
import { isPlainObject } from "../../api/object.js";
import type { WatchEvent, WatchEventType } from "../../api/options.js";
import type { Status } from "../../api/status.js";

const eventTypes: ReadonlySet<string> = new Set<WatchEventType>(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]);

/** One line of a watch stream as an event, or a client-side ERROR event saying why it is not one. */
export function decodeEvent(line: string): WatchEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return decodeError(`unable to decode an event from the watch stream: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isPlainObject(value) || typeof value.type !== "string" || !eventTypes.has(value.type) || !isPlainObject(value.object)) {
    return decodeError(`unable to decode an event from the watch stream: not a watch event: ${line.slice(0, 200)}`);
  }
  return { type: value.type as WatchEventType, object: value.object };
}

/** As client-go's watch decoder reports it: a 500 Status with a ClientError cause. */
function decodeError(message: string): WatchEvent<Status> {
  return {
    type: "ERROR",
    object: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      code: 500,
      reason: "InternalError",
      message,
      details: { causes: [{ reason: "ClientError", message }] },
    },
  };
}

/**
 * Reads newline-delimited events from a watch response until it ends. Resolves when the server
 * ends the stream (or the watch is stopped); rejects when the connection fails.
 */
export function readEvents(response: IncomingMessage, onEvent: (event: WatchEvent) => void, isStopped: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line === "" || isStopped()) continue;
        onEvent(decodeEvent(line));
      }
    });
    response.once("end", () => resolve());
    response.once("error", (err) => (isStopped() ? resolve() : reject(err)));
    response.once("close", () => {
      if (isStopped() || response.complete) resolve();
      else reject(new Error("the watch connection closed before the stream ended"));
    });
  });
}
