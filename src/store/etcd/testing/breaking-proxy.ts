import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { memberUrl } from "../etcd-members.js";

/** An etcd member stand-in in front of a real one; see startBreakingProxy. */
export interface BreakingProxy {
  /** host:port to give a client as a member. */
  readonly endpoint: string;
  /** Calls it forwarded and then broke off. */
  readonly broken: number;
  close(): Promise<void>;
}

/**
 * A gRPC proxy on loopback that passes every call to the member at `target`, except that a
 * call to a path in `breakAfterLanding` is broken off (stream reset) once the real member has
 * answered it: the write landed, and the client cannot know it.
 */
export async function startBreakingProxy(target: string, breakAfterLanding: readonly string[]): Promise<BreakingProxy> {
  const upstream = http2.connect(memberUrl(target));
  upstream.on("error", () => undefined);
  const server = http2.createServer();
  let broken = 0;
  server.on("stream", (stream, headers) => {
    const path = String(headers[":path"]);
    const out = upstream.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
    stream.pipe(out);
    stream.on("error", () => undefined);
    out.on("error", () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    if (breakAfterLanding.includes(path)) {
      out.resume();
      out.on("close", () => {
        broken++;
        stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      });
      return;
    }
    // etcd's status comes in its trailers, or in its headers when it answers with no message
    let trailers: http2.OutgoingHttpHeaders = {};
    const noteStatus = (h: http2.IncomingHttpHeaders) => {
      if (h["grpc-status"] !== undefined) trailers = { "grpc-status": h["grpc-status"], "grpc-message": h["grpc-message"] ?? "" };
    };
    out.on("response", (h) => {
      noteStatus(h);
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    });
    out.on("trailers", noteStatus);
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    out.on("data", (chunk: Buffer) => stream.write(chunk));
    out.on("end", () => stream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    get broken() {
      return broken;
    },
    close: async () => {
      upstream.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
