import http2 from "node:http2";
import { GrpcFrameReader, grpcFrame } from "./etcd-members.js";
import type { EtcdMembers } from "./etcd-members.js";
import { watchStream } from "./etcd-messages.js";
import type { WatchRequest, WatchResponse } from "./etcd-messages.js";

/** One open etcd Watch stream: requests go in, responses come to the handlers. */
export interface WatchStream {
  /** The member it is on. */
  readonly member: string;
  write(request: WatchRequest): void;
  /** Ends it; onBroken is not called. */
  cancel(): void;
}

export interface WatchStreamHandlers {
  onResponse(response: WatchResponse): void;
  /** The stream ended other than by cancel (its member died, went away or refused): open another. Called once, never synchronously. */
  onBroken(): void;
}

/** Opens a Watch stream on the next member in turn; one that breaks marks its member failed. */
export function openWatchStream(members: EtcdMembers, handlers: WatchStreamHandlers): WatchStream {
  const member = members.pick();
  let ended = false;
  const broken = () => {
    if (ended) return;
    ended = true;
    members.failed(member);
    handlers.onBroken();
  };
  let stream: http2.ClientHttp2Stream;
  try {
    stream = members.request(member, watchStream.path);
  } catch {
    queueMicrotask(broken);
    return { member: member.url, write: () => undefined, cancel: () => void (ended = true) };
  }
  const reader = new GrpcFrameReader();
  stream.on("data", (chunk: Buffer) => {
    if (ended) return;
    let messages: Buffer[];
    try {
      messages = reader.push(chunk);
    } catch {
      stream.close(http2.constants.NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    for (const message of messages) if (!ended) handlers.onResponse(watchStream.decode(message));
  });
  stream.on("error", () => undefined);
  stream.on("close", broken);
  return {
    member: member.url,
    write: (request) => {
      if (!ended && !stream.destroyed) stream.write(grpcFrame(watchStream.encode(request)));
    },
    cancel: () => {
      ended = true;
      stream.close(http2.constants.NGHTTP2_CANCEL);
    },
  };
}
