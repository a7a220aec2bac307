import http2 from "node:http2";

export interface EtcdMembersOptions {
  /** Client endpoints, host:port or http://host:port each. */
  readonly hosts: readonly string[];
  /** A member that has not accepted the connection after this long is tried no more for now. */
  readonly dialTimeoutMs: number;
}

const STREAM_WINDOW = 4 * 1024 * 1024;
const CONNECTION_WINDOW = 16 * 1024 * 1024;
/** How long a member that failed is passed over while another is there to ask. */
const MEMBER_BACKOFF_MS = 2000;

/** The connection to a member failed, or a call broke off before etcd answered. */
export class TransportError extends Error {}

export interface Member {
  readonly url: string;
}

interface Connection extends Member {
  session: http2.ClientHttp2Session | undefined;
  /** Date.now() before which the member is passed over (it failed). */
  downUntil: number;
}

/**
 * The members of an etcd cluster as gRPC peers: one HTTP/2 connection each, made when first
 * needed and again after it closes, and the member to ask next, taken in turn, passing over
 * one that failed lately.
 */
export class EtcdMembers {
  private readonly connections: Connection[];
  private next = 0;
  private closed = false;

  constructor(private readonly options: EtcdMembersOptions) {
    if (options.hosts.length === 0) throw new Error("etcd: no endpoints");
    this.connections = options.hosts.map((h) => ({ url: memberUrl(h), session: undefined, downUntil: 0 }));
  }

  get size(): number {
    return this.connections.length;
  }

  /** The next member in turn that has not failed lately; the next in turn when all have. */
  pick(): Member {
    const now = Date.now();
    for (let i = 0; i < this.connections.length; i++) {
      const member = this.connections[this.next++ % this.connections.length]!;
      if (member.downUntil <= now) return member;
    }
    return this.connections[this.next++ % this.connections.length]!;
  }

  /** The member failed a call: ask the others first for a while. */
  failed(member: Member): void {
    (member as Connection).downUntil = Date.now() + MEMBER_BACKOFF_MS;
  }

  /** Starts a gRPC call (a POST stream) on the member; throws TransportError when it cannot. */
  request(member: Member, path: string): http2.ClientHttp2Stream {
    try {
      return this.session(member as Connection).request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
    } catch (error) {
      throw error instanceof TransportError ? error : new TransportError(`etcd: ${member.url}: ${(error as Error).message}`);
    }
  }

  close(): void {
    this.closed = true;
    for (const c of this.connections) c.session?.close();
  }

  private session(member: Connection): http2.ClientHttp2Session {
    const current = member.session;
    if (current && !current.closed && !current.destroyed) return current;
    if (this.closed) throw new TransportError("etcd: client closed");
    // Node's default 10 MB cap on a session's buffered data refuses new calls once a large
    // list or a watch catching up fills it; the default 64 KB windows make a watch's stream of
    // events and every call's answer wait on each other's window updates.
    const session = http2.connect(member.url, { maxSessionMemory: 1024, settings: { initialWindowSize: STREAM_WINDOW } });
    member.session = session;
    const dial = setTimeout(() => session.destroy(new TransportError(`etcd: ${member.url} did not accept a connection within ${this.options.dialTimeoutMs} ms`)), this.options.dialTimeoutMs);
    session.once("connect", () => {
      clearTimeout(dial);
      session.setLocalWindowSize(CONNECTION_WINDOW);
    });
    session.once("close", () => {
      clearTimeout(dial);
      if (member.session === session) member.session = undefined;
    });
    // Its calls see the failure on their streams; without a listener it would be thrown.
    session.on("error", () => undefined);
    return session;
  }
}

/** A member's URL from an endpoint given as host:port or as a URL. */
export function memberUrl(endpoint: string): string {
  return /^https?:\/\//.test(endpoint) ? endpoint : `http://${endpoint}`;
}

/** gRPC's length-prefixed message: a compression flag byte, a 4-byte big-endian length, the bytes. */
export function grpcFrame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Splits a stream's data into its gRPC messages, however the chunks cut them. */
export class GrpcFrameReader {
  /** Data not yet given out, kept as it came: a large message is joined once, when whole. */
  private chunks: Buffer[] = [];
  private length = 0;
  /** The size with prefix of the message begun, once its prefix is in. */
  private needed = 0;

  /** The messages completed by this chunk, in order. Throws on a compressed message (never asked for). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.length += chunk.length;
    const out: Buffer[] = [];
    for (;;) {
      if (this.needed === 0) {
        if (this.length < 5) break;
        const head = this.chunks[0]!.length >= 5 ? this.chunks[0]! : this.join();
        if (head[0] !== 0) throw new TransportError("etcd: a compressed gRPC message, which was not asked for");
        this.needed = 5 + head.readUInt32BE(1);
      }
      if (this.length < this.needed) break;
      const data = this.join();
      out.push(data.subarray(5, this.needed));
      const rest = data.subarray(this.needed);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.length = rest.length;
      this.needed = 0;
    }
    return out;
  }

  /** Whether a message has begun and not ended. */
  get partial(): boolean {
    return this.length > 0;
  }

  private join(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0]!;
  }
}
