import type { Readable } from "node:stream";
import type { PodLogOptions } from "../../api/pod-streams.js";
import { apiErrors } from "../../api/status.js";
import type { ApiResponse } from "../api-request.js";
import { PushStream } from "../push-stream.js";
import type { ResourceCall } from "../resource-call.js";
import { pathErrors } from "../responses.js";

/** Log, exec, attach and portforward over plain HTTP (WebSocket upgrades go through listen.ts). */
export async function podStreamRequest(call: ResourceCall, subresource: string): Promise<ApiResponse> {
  if (subresource === "log") {
    if (call.info.verb !== "get") throw pathErrors.methodNotAllowed();
    return podLog(call);
  }
  if (call.info.verb !== "get" && call.info.verb !== "create") throw pathErrors.methodNotAllowed();
  // Without an upgrade these are what upstream's kubelet answers a non-streaming request.
  throw apiErrors.badRequest("Upgrade request required");
}

export function noPodStreams(): Error {
  return apiErrors.serviceUnavailable("no node agent is connected to serve pod logs, exec, attach or port-forward");
}

function optionalInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw apiErrors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

function flag(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  return v === "true" || v === "1" || v === "True" || v === "TRUE" || v === "t" || v === "T";
}

/** core/v1 PodLogOptions from the query string. */
export function podLogOptions(q: URLSearchParams): PodLogOptions {
  const out: PodLogOptions = {};
  const set = <K extends keyof PodLogOptions>(k: K, v: PodLogOptions[K] | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set("container", q.get("container") || undefined);
  set("follow", flag(q, "follow"));
  set("previous", flag(q, "previous"));
  set("timestamps", flag(q, "timestamps"));
  set("sinceSeconds", optionalInt(q, "sinceSeconds"));
  set("sinceTime", q.get("sinceTime") || undefined);
  set("tailLines", optionalInt(q, "tailLines"));
  set("limitBytes", optionalInt(q, "limitBytes"));
  set("insecureSkipTLSVerifyBackend", flag(q, "insecureSkipTLSVerifyBackend"));
  return out;
}

async function podLog(call: ResourceCall): Promise<ApiResponse> {
  if (!call.podStreams) throw noPodStreams();
  const readable = await call.podStreams.log(call.namespace ?? "", call.info.name ?? "", podLogOptions(call.query));
  return { status: 200, headers: { "content-type": "text/plain" }, stream: pipeReadable(readable) };
}

/** A node Readable as a BodyStream: closing the response destroys the source. */
export function pipeReadable(readable: Readable): PushStream {
  const stream = new PushStream();
  readable.on("data", (chunk: Buffer | string) => stream.push(chunk));
  readable.once("end", () => stream.end());
  readable.once("close", () => stream.end());
  readable.once("error", () => stream.end());
  stream.onClose(() => readable.destroy());
  return stream;
}
