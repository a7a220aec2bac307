import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { apiErrors } from "../api/status.js";
import { type ApiHandler, defaultMaxBodyBytes } from "./api-handler.js";
import type { ApiRequest, ApiResponse, ClientCertificate } from "./api-request.js";
import { errorResponse } from "./responses.js";
import { streamUpgrader } from "./websocket/stream-upgrade.js";

export interface TlsOptions {
  /** PEM. */
  readonly key: string;
  readonly cert: string;
  /** CA that signs client certificates; with it, clients may authenticate by certificate. */
  readonly clientCA?: string;
}

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Without it the server speaks plain HTTP (tests; kubectl then sends no bearer token). */
  readonly tls?: TlsOptions;
  readonly maxBodyBytes?: number;
}

export interface RunningServer {
  /** "https://127.0.0.1:6443" */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends open connections (watches included) and resolves when closed. */
  close(): Promise<void>;
}

/** Binds handle() to a socket: the thin transport under the server function. */
export async function listen(handler: ApiHandler, opts: ListenOptions = {}): Promise<RunningServer> {
  const maxBody = opts.maxBodyBytes ?? defaultMaxBodyBytes;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => void serve(handler, { req, res, maxBody });
  const server: Server = opts.tls
    ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert, ...(opts.tls.clientCA ? { ca: opts.tls.clientCA, requestCert: true, rejectUnauthorized: false } : {}) }, onRequest)
    : createHttpServer(onRequest);
  server.keepAliveTimeout = 65_000;
  server.on("upgrade", streamUpgrader(handler, (req) => apiRequestOf(req)));
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `${opts.tls ? "https" : "http"}://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The verified client certificate of a TLS request, if one was presented. */
function clientCertificate(req: IncomingMessage): ClientCertificate | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (!socket.authorized || typeof socket.getPeerCertificate !== "function") return undefined;
  const subject = socket.getPeerCertificate().subject as Record<string, string | string[] | undefined> | undefined;
  if (!subject) return undefined;
  const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return { commonName: list(subject.CN)[0] ?? "", organizations: list(subject.O) };
}

function apiRequestOf(req: IncomingMessage, body?: Uint8Array): ApiRequest {
  const cert = clientCertificate(req);
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    headers: req.headers,
    ...(body ? { body } : {}),
    ...(cert ? { clientCertificate: cert } : {}),
  };
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  maxBody: number;
}

async function serve(handler: ApiHandler, x: Exchange): Promise<void> {
  const body = await readBody(x);
  if (body === undefined) return;
  let response: ApiResponse;
  try {
    response = await handler.handle(apiRequestOf(x.req, body));
  } catch (err) {
    response = errorResponse(err);
  }
  await write(x, response);
}

/** The request body, or undefined when it was too large (413 already answered, reading stopped). */
function readBody(x: Exchange): Promise<Uint8Array | undefined> {
  const declared = Number(x.req.headers["content-length"] ?? "0");
  if (declared > x.maxBody) return Promise.resolve(tooLarge(x));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > x.maxBody) {
        x.req.off("data", onData);
        resolve(tooLarge(x));
        return;
      }
      chunks.push(chunk);
    };
    x.req.on("data", onData);
    x.req.once("end", () => resolve(size > x.maxBody ? undefined : Buffer.concat(chunks)));
    x.req.once("error", () => resolve(undefined));
  });
}

function tooLarge(x: Exchange): undefined {
  const res = errorResponse(apiErrors.tooLarge(`limit is ${x.maxBody}`));
  // Answered at once, but the connection is not closed under a client still sending: closing it
  // (as `connection: close` makes node do once the answer is out) resets the client's writes, and
  // kubectl then reports "broken pipe" instead of the 413. The rest of the body is read and dropped
  // (as Go's server lingers), and a client that keeps sending past the grace period is cut off.
  x.res.writeHead(res.status, res.headers);
  x.res.end(res.body);
  dropRestOfBody(x.req);
  return undefined;
}

/** How long a client still sending an over-size body is given before its connection is cut. */
const lingerMs = 2000;

function dropRestOfBody(req: IncomingMessage): void {
  if (req.readableEnded) return;
  const timer = setTimeout(() => req.socket.destroy(), lingerMs);
  timer.unref();
  const done = (): void => clearTimeout(timer);
  req.once("end", done);
  req.once("error", done);
  req.once("close", done);
  req.resume();
}

/** The headers with the body's Content-Length (none for 204 and 304, which have no body). */
function withContentLength(response: ApiResponse): ApiResponse["headers"] {
  if (response.status === 204 || response.status === 304) return response.headers;
  const body = response.body;
  const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  return { ...response.headers, "content-length": String(length) };
}

async function write(x: Exchange, response: ApiResponse): Promise<void> {
  const { res } = x;
  if (!response.stream) {
    // With its length known, node sends the head and a whole body in one write, not chunked.
    res.writeHead(response.status, withContentLength(response));
    res.end(x.req.method === "HEAD" ? undefined : response.body);
    return;
  }
  res.writeHead(response.status, response.headers);
  // Watches and log follows: headers must go out now, or clients wait for the first event.
  res.flushHeaders();
  const stream = response.stream;
  const stop = (): void => stream.close();
  res.once("close", stop);
  try {
    for await (const chunk of stream) {
      if (res.destroyed) break;
      res.write(chunk);
    }
  } finally {
    res.off("close", stop);
    if (!res.destroyed) res.end();
  }
}
